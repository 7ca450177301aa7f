"""The committed Word/Excel fixtures are exactly what fixtures/make_office_fixtures.py writes."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"


def _generator():
    path = OFFICE.parent / "make_office_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_office_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_fixtures_are_up_to_date_and_deterministic() -> None:
    generated = _generator().fixtures()
    committed = {path.name: path.read_bytes() for path in OFFICE.iterdir()
                 if path.suffix in (".docx", ".xlsx")}
    assert sorted(generated) == sorted(committed)
    # Compare what the packages hold, not their compressed bytes (zlib builds differ).
    stale = [name for name, data in generated.items() if _members(committed[name]) != _members(data)]
    assert not stale, f"regenerate with python fixtures/make_office_fixtures.py: {stale}"
    again = _generator().fixtures()
    assert all(again[name] == data for name, data in generated.items())


def _members(data: bytes) -> list[tuple[str, tuple, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, info.date_time, archive.read(info)) for info in archive.infolist()]


def test_generated_tables_follow_the_forms_arithmetic() -> None:
    """The variant report's table figures are computed, not typed: its 合计 row adds up."""
    module = _generator()
    grid = module.variant_budget_grid()

    def money(text: str) -> Decimal:
        return Decimal(text.replace(",", ""))

    body, total = grid.rows[1:-1], grid.rows[-1]
    assert sum(money(row[1]) for row in body) == money(total[1])
    assert sum(money(row[2]) for row in body) == money(total[2])


def test_fixture_file_sizes_stay_small() -> None:
    assert all(path.stat().st_size < 64 * 1024 for path in Path(OFFICE).iterdir())

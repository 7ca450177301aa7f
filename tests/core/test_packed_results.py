"""A done file's findings are held packed (perflint.packed, perflint.results.FileResult): they read
back equal and in the order one sort of all of them gives, counts and exit codes come from the
tally, and code that reads or appends to `findings` works as before."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest

from perflint import packed
from perflint.findings import Finding
from perflint.results import FileResult, RunResult
from perflint.testing import lint_paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def linted() -> RunResult:
    """Real findings: spans, related figures, expected values, corpus findings (copies of one
    report share their paragraphs)."""
    return lint_paths([ROOT / "fixtures" / "seed_001.yaml", ROOT / "fixtures" / "seed_004.yaml",
                       ROOT / "fixtures" / "office" / "seed_004.docx", ROOT / "fixtures" / "seed_004.yaml"])


def _all(result: RunResult) -> list[Finding]:
    return [finding for file in result.files for finding in file.unpacked()]


def test_findings_read_back_equal_with_their_field_sets(linted):
    findings = _all(linted)
    assert any(f.related for f in findings) and any(f.expected for f in findings)
    again = packed.unpack(packed.pack(findings))
    assert again == findings
    for before, after in zip(findings, again, strict=True):
        assert type(after) is Finding
        assert after.__pydantic_fields_set__ == before.__pydantic_fields_set__
        assert after.model_dump_json() == before.model_dump_json()
    assert packed.unpack(packed.pack([])) == []


def test_a_run_settles_every_file_sorted(linted):
    for file in linted.files:
        assert file._findings is None  # packed
        assert file.unpacked() == sorted(file.unpacked(), key=Finding.sort_key)


def _ties(findings: list[Finding]) -> list[Finding]:
    """The findings with copies whose sort key is equal but which differ (in `extra`), so that
    an order that is not the stable sort's shows."""
    return [*findings, *(f.model_copy(update={"extra": {"copy": str(n)}}) for n, f in enumerate(findings))]


def test_added_findings_are_read_in_the_order_of_one_sort_of_all(linted):
    rng = random.Random(7)
    pool = _ties(_all(linted))
    rng.shuffle(pool)
    own, first, second = pool[:40], pool[40:60], pool[60:75]
    expected = sorted([*own, *first, *second], key=Finding.sort_key)
    result = FileResult(Path("a.txt"), list(own))
    result.settle()
    result.add(first)
    result.add_packed(packed.pack(second), packed.tally(second))
    assert result.unpacked() == expected
    assert result.tally() == packed.tally(expected)
    # reading `findings` keeps a list code may append to; settling packs it again, sorted
    note = Finding(code="PL999", severity="info", message="note")
    result.findings.append(note)
    result.settle()
    assert result.unpacked() == sorted([*expected, note], key=Finding.sort_key)


def test_a_file_without_findings_of_its_own_sorts_what_is_added(linted):
    found = _ties(_all(linted))[::-1]
    result = FileResult(Path("a.txt"))
    result.settle()
    result.add(found)
    assert result.unpacked() == sorted(found, key=Finding.sort_key)


def test_replace_keeps_the_order_given(linted):
    found = _all(linted)[::-1]
    result = FileResult(Path("a.txt"), [])
    result.settle()
    result.replace(found)
    assert result._findings is None and result.unpacked() == found


def test_counts_and_exit_codes_come_from_the_tallies(linted):
    findings = _all(linted)
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    assert linted.counts() == counts
    live = RunResult([FileResult(file.path, file.unpacked()) for file in linted.files])
    for fail_on in ("error", "warning", "info"):
        assert linted.exit_code(fail_on) == live.exit_code(fail_on)
    assert [f.input_failed for f in linted.files] == [f.input_failed for f in live.files]


def test_a_settled_result_crosses_processes_as_bytes(linted):
    file = linted.files[0]
    again = pickle.loads(pickle.dumps(file, protocol=pickle.HIGHEST_PROTOCOL))
    assert again._findings is None and again._packed == file._packed
    assert again == file and again.tally() == file.tally()


def test_findings_pickle_cannot_reach_stay_a_list(linted):
    class Local(Finding):  # a plugin's subclass pickle cannot find by name
        pass

    own = [Local(code="XY001", severity="error", message=text) for text in ("b", "a")]
    result = FileResult(Path("a.txt"), list(own))
    result.settle()
    assert result._findings == own[::-1]  # sorted, not packed
    result.add(_all(linted))
    result.settle()
    assert result.unpacked() == sorted([*own, *_all(linted)], key=Finding.sort_key)
    assert result.tally() == packed.tally(result.unpacked())

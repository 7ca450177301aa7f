"""The cache folder perflint makes, and how an entry is checked before it is believed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from perflint import cache as cache_module
from perflint.cache import MAGIC, MARKER, Cache
from perflint.results import FileResult


def fresh(tmp_path: Path, name: str = "cache") -> Cache:
    return Cache(tmp_path / name, "run-key", keep_reports=False)


def test_perflint_makes_a_private_folder_with_a_private_secret(tmp_path):
    cache = fresh(tmp_path)
    assert cache.usable
    folder = tmp_path / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / MARKER).stat().st_mode) == 0o600
    assert sorted(os.listdir(folder)) == [".gitignore", "CACHEDIR.TAG", MARKER]
    assert not [p for p in tmp_path.iterdir() if p.name != "cache"]  # the temporary name is gone


def test_an_entry_with_any_byte_changed_is_a_miss(tmp_path):
    cache = fresh(tmp_path)
    key = "ab" + "c" * 62
    result = FileResult(tmp_path / "r.yaml")
    result.unit_name = "某中心"
    cache.put(key, cache.draft(result))
    entry = tmp_path / "cache" / "ab" / f"{'c' * 62}.json.z"
    stored = entry.read_bytes()
    assert stored.startswith(MAGIC)
    assert cache.get(key).unit_name == "某中心"
    for index in (0, len(MAGIC) + 3, len(stored) - 1):
        changed = bytearray(stored)
        changed[index] ^= 1
        entry.write_bytes(bytes(changed))
        assert cache.get(key) is None, index
    entry.write_bytes(stored)
    assert cache.get("ab" + "d" * 62) is None


def test_an_untrusted_folder_is_said_once_and_then_unused(tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "cache").symlink_to(outside, target_is_directory=True)
    first, second = fresh(tmp_path), fresh(tmp_path)  # a run with two configs opens it twice
    assert not first.usable and not second.usable
    assert first.entry_key(Path(__file__), []) is None
    first.put("ab" + "c" * 62, first.draft(FileResult(tmp_path / "r.yaml")))
    assert list(outside.iterdir()) == []
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 1 and "符号链接" in warnings[0] and str(tmp_path / "cache") in warnings[0]


def test_a_folder_deleted_between_runs_in_one_process_is_made_again(tmp_path):
    fresh(tmp_path)
    for path in sorted((tmp_path / "cache").iterdir()):
        path.unlink()
    (tmp_path / "cache").rmdir()
    assert fresh(tmp_path).usable
    assert (tmp_path / "cache" / MARKER).is_file()
    assert cache_module._ROOTS  # one handle per folder, reused within a run

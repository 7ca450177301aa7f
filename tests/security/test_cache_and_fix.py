"""Issue 20, item 4: the cache and `perflint fix` write nothing where they should not.

Each test drives the CLI in a subprocess (tests/security/harness.py: memory and time limits)
against a folder prepared by the test itself: a cache folder with symbolic links in it, forged
or cloned entries, a folder to fix holding a link to a file outside, a read-only file, a hard
link, a file owned by someone else, a temporary file left by a killed run. What is asserted is
what the user sees (exit code, the line on stderr, the findings) and what is on disk afterwards
(the outside file untouched, byte for byte).

The cache is not an input: a cache it cannot trust is not used, with one warning, and the run's
exit code is the uncached run's (1: the good reports have findings), not 2.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import stat
import zlib
from pathlib import Path

import pytest

from perflint.atomic import TEMP_PREFIX
from perflint.cache import MAGIC, MARKER
from tests.security.harness import GOOD_FILES, Outcome, check_folder, good_findings, good_folder, run_perflint

DATA = Path(__file__).resolve().parents[1] / "fix" / "data"
FIXABLE = DATA / "commented.yaml"
CACHE = ".perflint_cache"
WARNING = "缓存文件夹"


def assert_uncached_but_intact(outcome: Outcome, tmp_path: Path, reason_words: tuple[str, ...] = ()) -> None:
    """An untrusted cache: exit 1 as without a cache, one warning naming the folder (and why),
    no traceback, and the good reports' findings exactly those of an uncached run."""
    assert outcome.returncode == 1, (outcome.returncode, outcome.stderr[-3000:])
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    warnings = [line for line in outcome.stderr.splitlines() if WARNING in line]
    assert len(warnings) == 1, outcome.stderr[-3000:]
    assert CACHE in warnings[0]
    for word in reason_words:
        assert word in warnings[0], warnings[0]
    expected = good_findings(tmp_path)
    for name in GOOD_FILES:
        assert outcome.findings(name) == expected[name], name


def cached_run(folder: Path) -> Outcome:
    return check_folder(folder, "--cache")


def warm_cache(tmp_path: Path, name: str = "repo") -> Path:
    """A folder with the good reports and a cache perflint made for them (a trusted one)."""
    folder = good_folder(tmp_path / name)
    first = cached_run(folder)
    assert first.returncode == 1 and WARNING not in first.stderr, first.stderr
    assert list((folder / CACHE).rglob("*.json.z"))
    return folder


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------- row: links in the cache

def test_a_cache_folder_that_is_a_link_is_not_written_through(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = good_folder(tmp_path / "repo")
    (folder / CACHE).symlink_to(outside, target_is_directory=True)

    outcome = cached_run(folder)

    assert_uncached_but_intact(outcome, tmp_path, ("符号链接",))
    assert list(outside.iterdir()) == []


def test_a_folder_on_the_cache_path_that_is_a_link_is_not_written_through(tmp_path):
    """`--cache-dir build/cache` where `build` is a link a cloned repository brought."""
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = good_folder(tmp_path / "repo")
    (folder / "build").symlink_to(outside, target_is_directory=True)

    outcome = check_folder(folder, "--cache", "--cache-dir", f"build/{CACHE}")

    assert_uncached_but_intact(outcome, tmp_path, ("build",))
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("member", [".gitignore", "CACHEDIR.TAG", MARKER, "key folder"])
def test_a_link_inside_the_cache_makes_it_untrusted(tmp_path, member):
    folder = warm_cache(tmp_path)
    cache = folder / CACHE
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    if member == "key folder":
        key_folder = next(p for p in cache.iterdir() if p.is_dir())
        shutil.rmtree(key_folder)
        key_folder.symlink_to(outside, target_is_directory=True)
    else:
        (cache / member).unlink()
        (cache / member).symlink_to(victim)

    outcome = cached_run(folder)

    assert_uncached_but_intact(outcome, tmp_path, ("符号链接",))
    assert files_under(outside) == {"victim.txt": b"keep me\n"}


# --------------------------------------------------------------- row: a cache perflint owns

def test_a_cache_writable_by_others_or_owned_by_another_user_is_not_used(tmp_path):
    folder = warm_cache(tmp_path)
    (folder / CACHE).chmod(0o777)
    assert_uncached_but_intact(cached_run(folder), tmp_path, ("写入",))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a folder to another user takes root")
def test_a_cache_owned_by_another_user_is_not_used(tmp_path):
    folder = warm_cache(tmp_path)
    os.chown(folder / CACHE, 4242, 4242)
    assert_uncached_but_intact(cached_run(folder), tmp_path, ("另一个用户",))


def test_a_folder_perflint_did_not_make_is_not_used_but_an_empty_one_is_adopted(tmp_path):
    folder = good_folder(tmp_path / "repo")
    (folder / CACHE).mkdir()
    (folder / CACHE / "notes.txt").write_text("someone's folder\n", encoding="utf-8")
    assert_uncached_but_intact(cached_run(folder), tmp_path, ("标记",))
    assert files_under(folder / CACHE) == {"notes.txt": b"someone's folder\n"}

    empty = good_folder(tmp_path / "empty")
    (empty / CACHE).mkdir()
    outcome = cached_run(empty)
    assert outcome.returncode == 1 and WARNING not in outcome.stderr, outcome.stderr
    assert (empty / CACHE / MARKER).is_file() and list((empty / CACHE).rglob("*.json.z"))


# -------------------------------------------------------------------- row: forged entries

def _clean_entry() -> bytes:
    """An entry saying "no findings": what an attacker wants a defective report to look like
    (marked as a file that failed to load, so no report is needed for the corpus rules)."""
    text = json.dumps({"findings": [], "unit_name": None, "kind": None, "year": None,
                       "report": None, "failed": True, "collected": None})
    return zlib.compress(text.encode("utf-8")) + zlib.compress(b"[]")  # its fields, then its records


def _forge(cache: Path, seal) -> None:
    for entry in cache.rglob("*.json.z"):
        key = entry.parent.name + entry.name[:-len(".json.z")]
        entry.write_bytes(seal(key, _clean_entry()))


def _secret(cache: Path) -> bytes:
    return bytes.fromhex(json.loads((cache / MARKER).read_text(encoding="ascii"))["secret"])


def _sealed_with(secret: bytes):
    def seal(key: str, blob: bytes) -> bytes:
        mac = hmac.new(secret, MAGIC + key.encode("ascii") + b"\0" + blob, hashlib.sha256).digest()
        return MAGIC + mac + blob
    return seal


@pytest.mark.parametrize("forgery", ["old-format", "no-mac", "wrong-secret", "other-key"])
def test_a_forged_entry_is_a_miss_and_findings_stay(tmp_path, forgery):
    """Before: an entry with no findings turned exit 1 into exit 0. Now it does not verify,
    so the file is linted again: exit 1, the same findings, and no warning (a miss is normal)."""
    folder = warm_cache(tmp_path)
    cache = folder / CACHE
    if forgery == "old-format":
        _forge(cache, lambda key, blob: blob)
    elif forgery == "no-mac":
        _forge(cache, lambda key, blob: MAGIC + bytes(32) + blob)
    elif forgery == "wrong-secret":
        _forge(cache, _sealed_with(b"guessed" * 8))
    else:  # a real entry of another file moved over this one: its MAC names its own key
        seal = _sealed_with(_secret(cache))
        _forge(cache, lambda key, blob: seal("f" * 64, blob))

    outcome = cached_run(folder)

    assert outcome.returncode == 1, outcome.stderr
    assert WARNING not in outcome.stderr and "Traceback" not in outcome.stderr
    expected = good_findings(tmp_path)
    for name in GOOD_FILES:
        assert outcome.findings(name) == expected[name], name


def test_a_cache_that_came_with_a_cloned_repository_is_not_used(tmp_path):
    """The strongest forgery: entries sealed with the cache's own secret, the marker included,
    the folder copied as a clone or an archive would bring it. The copy is a new folder (a new
    inode), so its marker is not its own: it is not used at all."""
    origin = warm_cache(tmp_path, "origin")
    _forge(origin / CACHE, _sealed_with(_secret(origin / CACHE)))
    # the threat model's boundary: whoever holds the secret of a cache in place can forge it
    assert cached_run(origin).returncode == 0
    clone = good_folder(tmp_path / "clone")
    shutil.copytree(origin / CACHE, clone / CACHE, symlinks=True)

    assert_uncached_but_intact(cached_run(clone), tmp_path, ("复制或克隆",))


# ------------------------------------------------------------------------- row: fix folder/

def fix_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copyfile(FIXABLE, folder / "own.yaml")
    return folder


def run_fix(folder: Path, *args: str) -> Outcome:
    return run_perflint(["fix", *args, "."], folder)


def assert_fixed(path: Path) -> None:
    assert path.read_bytes() != FIXABLE.read_bytes()
    assert b'rate: "146.55%"' in path.read_bytes()


def test_fix_does_not_follow_a_link_out_of_the_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(FIXABLE, outside / "victim.yaml")
    folder = fix_folder(tmp_path)
    (folder / "link.yaml").symlink_to(outside / "victim.yaml")

    outcome = run_fix(folder)

    assert outcome.returncode == 0, outcome.stderr
    assert (outside / "victim.yaml").read_bytes() == FIXABLE.read_bytes()
    assert (folder / "link.yaml").is_symlink()
    said = [line for line in outcome.stderr.splitlines() if "link.yaml" in line]
    assert said and "符号链接" in said[0] and "未跟随" in said[0], outcome.stderr
    assert_fixed(folder / "own.yaml")


def test_fix_refuses_a_link_named_on_the_command_line(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(FIXABLE, outside / "victim.yaml")
    folder = fix_folder(tmp_path)
    (folder / "link.yaml").symlink_to(outside / "victim.yaml")

    outcome = run_perflint(["fix", "--lang", "en", "link.yaml"], folder)

    assert outcome.returncode == 2
    assert (outside / "victim.yaml").read_bytes() == FIXABLE.read_bytes()
    assert "link.yaml: cannot fix: a symbolic link" in outcome.stderr, outcome.stderr


def test_fix_leaves_a_read_only_file_alone_and_says_so(tmp_path):
    folder = fix_folder(tmp_path)
    shutil.copyfile(FIXABLE, folder / "archived.yaml")
    (folder / "archived.yaml").chmod(0o444)

    outcome = run_fix(folder)

    assert outcome.returncode == 2
    assert (folder / "archived.yaml").read_bytes() == FIXABLE.read_bytes()
    assert stat.S_IMODE((folder / "archived.yaml").stat().st_mode) == 0o444
    said = [line for line in outcome.stderr.splitlines() if "archived.yaml" in line]
    assert said and "只读" in said[0], outcome.stderr
    assert_fixed(folder / "own.yaml")
    assert not [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_fix_keeps_hard_links_by_refusing_to_split_them(tmp_path):
    folder = fix_folder(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.link(folder / "own.yaml", outside / "same.yaml")

    outcome = run_fix(folder)

    assert outcome.returncode == 2
    assert (folder / "own.yaml").read_bytes() == FIXABLE.read_bytes()
    assert os.stat(folder / "own.yaml").st_ino == os.stat(outside / "same.yaml").st_ino
    assert "硬链接" in outcome.stderr, outcome.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="a file owned by another user takes root to make")
def test_fix_keeps_the_owner_of_a_file(tmp_path):
    folder = fix_folder(tmp_path)
    os.chown(folder / "own.yaml", 4242, 4343)
    (folder / "own.yaml").chmod(0o640)

    outcome = run_fix(folder)

    assert outcome.returncode == 0, outcome.stderr
    assert_fixed(folder / "own.yaml")
    info = os.stat(folder / "own.yaml")
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4242, 4343, 0o640)


def test_fix_removes_the_temporary_file_a_killed_run_left(tmp_path):
    folder = fix_folder(tmp_path)
    dead = 2 ** 22 + 12345  # above any pid_max a test machine uses: no such process
    leftover = folder / f"{TEMP_PREFIX}{dead}-0badc0de-own.yaml"
    leftover.write_bytes(b"half a report")
    live = folder / f"{TEMP_PREFIX}{os.getpid()}-0badc0de-own.yaml"  # a running writer's
    live.write_bytes(b"being written")

    outcome = run_fix(folder, "--lang", "en")

    assert outcome.returncode == 0, outcome.stderr
    assert not leftover.exists() and live.exists()
    assert "removed 1 temporary files left by an interrupted fix" in outcome.stderr
    assert_fixed(folder / "own.yaml")

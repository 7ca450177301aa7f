"""`perflint fix` on big tables costs lints in proportion to rounds, not rows (issue 20: 6,000
fixable rows took 219 s), and its writes keep what a rename would silently lose."""

from __future__ import annotations

import math
import os
import signal
import stat
from pathlib import Path

import pytest

from perflint import atomic
from perflint import fix as fix_module
from perflint.atomic import TEMP_PREFIX, WriteRefused, replace_in_place
from perflint.fix import Edit, _apply_verified, _State


def wrong_rates(rows: int) -> str:
    """A normalized report whose budget table has `rows` rows, every 执行率 stated wrong."""
    lines = ["perflint: 1", "kind: department-table", "year: 2021", "money_unit: 万元",
             "budget_tables:", "  - kind: 资金来源", "    title: 明细", "    rows:"]
    for index in range(rows):
        budget = 100 + index
        lines += [f"      - label: 项目{index}", f'        budget: "{budget}.00"',
                  f'        executed: "{budget // 2}.00"', '        rate: "99.00%"']
    return "\n".join(lines) + "\n"


def lints_to_fix(tmp_path: Path, run_fix, monkeypatch, rows: int) -> tuple[int, str]:
    """How many times fixing a table of `rows` wrong rates lints a text, and the summary line."""
    path = tmp_path / f"rows_{rows}.yaml"
    path.write_text(wrong_rates(rows), encoding="utf-8")
    calls = []
    real = fix_module.lint_file

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(fix_module, "lint_file", counting)
    result = run_fix([path], select=["PL103"])
    assert result.code == 0, result.err
    assert path.read_text(encoding="utf-8").count('"99.00%"') == 0
    return len(calls), result.err.strip().splitlines()[-1]


def test_the_number_of_lints_does_not_grow_with_the_rows(tmp_path, run_fix, monkeypatch):
    """One lint of the file, one to verify the round that fixes every row, and none per row:
    before, the cost grew with rows × text (and the findings cap split a big table into rounds)."""
    small, small_summary = lints_to_fix(tmp_path, run_fix, monkeypatch, 20)
    large, large_summary = lints_to_fix(tmp_path, run_fix, monkeypatch, 1500)
    assert small == large == 2
    assert small_summary == "已修正 20 处，1 个文件已改写"
    assert large_summary == "已修正 1500 处，1 个文件已改写"


class _FakeLinter:
    """Verifies a text unless it holds a refused replacement; counts the verifications."""

    def __init__(self, refused: set[str]) -> None:
        self.refused = refused
        self.calls = 0

    def verify(self, text: str, before):
        self.calls += 1
        if any(word in text for word in self.refused):
            return None, "new-errors"
        return [], None


def test_a_round_with_a_bad_edit_costs_logarithmic_lints_not_one_per_edit():
    count = 256
    source = "".join(f"v{index:03d};" for index in range(count))
    edits = [Edit(index * 5, index * 5 + 4, f"w{index:03d}", "PL103", "", "", 1, 1) for index in range(count)]
    linter = _FakeLinter({"w077", "w200"})
    state = _State(source, [])

    applied = _apply_verified(state, edits, linter)

    assert [e.replacement for e in applied] == [e.replacement for e in edits if e.replacement not in
                                                ("w077", "w200")]
    assert "v077" in state.text and "v200" in state.text and "w078" in state.text
    assert linter.calls <= 2 * 2 * math.log2(count) + 1
    assert {r.reason for r in state.regions if r.reason != "refixed"} == {"new-errors"}


def test_apply_edits_is_one_pass_whatever_the_order_they_come_in():
    source = "a1 b2 c3 d4"
    edits = [Edit(9, 11, "D4", "", "", "", 1, 1), Edit(0, 2, "A1", "", "", "", 1, 1),
             Edit(3, 5, "B2", "", "", "", 1, 1), Edit(4, 8, "x", "", "", "", 1, 1)]
    assert fix_module.apply_edits(source, edits) == "A1 B2 c3 D4"


# ------------------------------------------------------------------------ replace_in_place

def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    return path


def no_temp_left(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_an_owner_that_cannot_be_kept_is_refused(tmp_path, monkeypatch):
    path = report(tmp_path)
    real_fstat = os.fstat

    def other_owner(fd):  # the temp file seems to belong to someone other than the report's owner
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, info.st_uid + 1,
                               info.st_gid, info.st_size, info.st_atime, info.st_mtime, info.st_ctime))

    def refused(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fstat", other_owner)
    monkeypatch.setattr(os, "fchown", refused)
    with pytest.raises(WriteRefused) as caught:
        replace_in_place(path, b"a: 2\n")
    assert "cannot keep the file's owner" in caught.value.text("en")
    assert path.read_text(encoding="utf-8") == "a: 1\n"
    assert no_temp_left(tmp_path)


@pytest.mark.parametrize("case", ["symlink", "read-only", "hard-link", "replaced"])
def test_what_a_rename_would_change_is_refused(tmp_path, case):
    path = report(tmp_path)
    before = os.lstat(path)
    if case == "symlink":
        target = tmp_path / "target.yaml"
        path.rename(target)
        path.symlink_to(target)
    elif case == "read-only":
        path.chmod(0o444)
    elif case == "hard-link":
        os.link(path, tmp_path / "other.yaml")
    else:  # saved by an editor meanwhile: a new file under the name (the old one kept aside,
        # so its inode cannot be reused for the new one)
        path.rename(tmp_path / "old.yaml")
        path.write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(WriteRefused):
        replace_in_place(path, b"a: 2\n", before if case == "replaced" else None)
    assert Path(os.path.realpath(path)).read_text(encoding="utf-8") == "a: 1\n"
    assert no_temp_left(tmp_path)


def test_sigterm_during_the_write_removes_the_temp_file(tmp_path, monkeypatch):
    """A TERM while the temp file exists becomes SystemExit there, so it is cleaned up; the
    report keeps its old content."""
    path = report(tmp_path)
    mode = stat.S_IMODE(path.stat().st_mode)
    real_fsync = os.fsync

    def terminated(fd):
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", terminated)
    with pytest.raises(SystemExit) as caught:
        replace_in_place(path, b"a: 2\n")
    assert caught.value.code == 128 + signal.SIGTERM
    assert path.read_text(encoding="utf-8") == "a: 1\n" and stat.S_IMODE(path.stat().st_mode) == mode
    assert no_temp_left(tmp_path)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_stale_temp_files_go_and_a_live_writers_stay(tmp_path):
    dead = tmp_path / f"{TEMP_PREFIX}{2 ** 22 + 1}-aa-report.yaml"
    old = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-bb-report.yaml"
    live = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-cc-report.yaml"
    unrelated = tmp_path / ".perflint-other"
    for path in (dead, old, live, unrelated):
        path.write_bytes(b"x")
    os.utime(old, (1, 1))

    assert atomic.remove_stale(tmp_path) == 2

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, unrelated.name])

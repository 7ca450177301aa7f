"""`perflint fix`: derivable figures rewritten in place, every other byte kept, writes atomic."""

from __future__ import annotations

import codecs
import json
import os
import stat
import textwrap
from pathlib import Path

import pytest
from ruamel.yaml.error import YAMLError

from perflint import fix as fix_module
from perflint.atomic import write_atomic
from perflint.testing import lint_file

DATA = Path(__file__).resolve().parent / "data"

SEED_004_LINE = '        rate: "126.59%"         # as printed (283.04 / 193.13 = 146.55%)\n'
SEED_004_FIXED = '        rate: "146.55%"         # as printed (283.04 / 193.13 = 146.55%)\n'


def replaced(text: str, *pairs: tuple[str, str]) -> str:
    """`text` with each `old` (which must occur exactly once) replaced by `new`."""
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def codes_of(path: Path, *codes: str) -> list[str]:
    return [f.code for f in lint_file(path, select=list(codes))]


# ------------------------------------------------------------------------ the seed fixture

def test_seed_004_wrong_execution_rate_is_the_only_change(fixtures_dir, copy_fixture, run_fix):
    path = copy_fixture(fixtures_dir / "seed_004.yaml")
    before = path.read_text(encoding="utf-8")
    assert codes_of(path, "PL103") == ["PL103"]

    result = run_fix([path])

    assert result.code == 0
    assert path.read_text(encoding="utf-8") == replaced(before, (SEED_004_LINE, SEED_004_FIXED))
    assert "PL103 126.59% → 146.55%" in result.out
    assert codes_of(path, "PL103") == []


def test_seed_004_fixed_through_its_crlf_and_bom_variants(fixtures_dir, tmp_path, run_fix):
    """Windows editors save CRLF and a BOM; the loader's offsets are into LF text."""
    text = (fixtures_dir / "seed_004.yaml").read_text(encoding="utf-8")
    path = tmp_path / "seed_004.yaml"
    path.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))

    assert run_fix([path]).code == 0

    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    expected = replaced(text, (SEED_004_LINE, SEED_004_FIXED)).replace("\n", "\r\n")
    assert data[len(codecs.BOM_UTF8):].decode("utf-8") == expected
    assert codes_of(path, "PL103") == []


# -------------------------------------------------------- comments, quoting styles, order

COMMENTED_FIXES = (
    ("share: '96.69%'}   # as printed; 应为 96.96%", "share: '96.96%'}   # as printed; 应为 96.96%"),
    ("debt_ratio: 75.2%   # plain scalar", "debt_ratio: 72.5%   # plain scalar"),
    ('rate: "126.59%"         # as printed', 'rate: "146.55%"         # as printed'),
)


def test_every_comment_and_quoting_style_survives(copy_fixture, run_fix):
    path = copy_fixture(DATA / "commented.yaml")
    before = path.read_text(encoding="utf-8")
    assert sorted(codes_of(path, "PL103", "PL104", "PL107")) == ["PL103", "PL104", "PL107"]

    result = run_fix([path])

    assert result.code == 0
    after = path.read_text(encoding="utf-8")
    # the whole file is the original with exactly the three figures replaced, in their own quotes
    assert after == replaced(before, *COMMENTED_FIXES)
    assert [line for line in after.splitlines() if "#" in line] == [
        replaced(line, *[p for p in COMMENTED_FIXES if p[0] in line])
        for line in before.splitlines() if "#" in line]
    assert codes_of(path, "PL103", "PL104", "PL107") == []
    assert "已修正 3 处，1 个文件已改写" in result.err


def test_select_and_ignore_limit_what_is_fixed(copy_fixture, run_fix):
    path = copy_fixture(DATA / "commented.yaml")
    before = path.read_text(encoding="utf-8")

    assert run_fix([path], select=["PL104"]).code == 0
    assert path.read_text(encoding="utf-8") == replaced(before, COMMENTED_FIXES[0])

    assert run_fix([path], ignore=["PL107"]).code == 0
    assert path.read_text(encoding="utf-8") == replaced(before, COMMENTED_FIXES[0], COMMENTED_FIXES[2])


def test_fix_is_idempotent(copy_fixture, run_fix):
    path = copy_fixture(DATA / "commented.yaml")
    assert run_fix([path]).code == 0
    once = path.read_bytes()

    again = run_fix([path])

    assert (again.code, again.out) == (0, "")
    assert path.read_bytes() == once


# ---------------------------------------------------------------------------------- --diff

def test_diff_previews_and_writes_nothing(copy_fixture, run_fix):
    path = copy_fixture(DATA / "commented.yaml")
    before = path.read_bytes()

    result = run_fix([path], diff=True)

    assert result.code == 1  # like `ruff --diff`: there is something to fix
    assert path.read_bytes() == before
    lines = result.out.splitlines()
    assert lines[:2] == [f"--- {path.as_posix()}", f"+++ {path.as_posix()}"]
    removed = [line[1:] for line in lines[2:] if line.startswith("-")]
    added = [line[1:] for line in lines[2:] if line.startswith("+")]
    text = before.decode("utf-8")
    assert removed == [line for line in text.splitlines() if any(old in line for old, _ in COMMENTED_FIXES)]
    assert added == [line for line in replaced(text, *COMMENTED_FIXES).splitlines()
                     if any(new in line for _, new in COMMENTED_FIXES)]
    assert "--diff" in result.err


def test_diff_exits_zero_when_there_is_nothing_to_fix(copy_fixture, run_fix):
    path = copy_fixture(DATA / "commented.yaml")
    run_fix([path])

    result = run_fix([path], diff=True)

    assert (result.code, result.out) == (0, "")


# --------------------------------------------------------------------------------- formats

JSON_REPORT = """\
{
  "perflint": 1,
  "budget_tables": [
    {
      "kind": "资金结构",
      "title": "整体支出规模 资金结构",
      "rows": [
        {"label": "基本支出", "budget": "193.13", "executed": "283.04", "rate": "126.59%"},
        {"label": "项目支出", "budget": "142.2", "executed": "141.46", "rate": 87.00}
      ]
    }
  ]
}
"""


def test_json_report_is_fixed_in_place(tmp_path, run_fix):
    path = tmp_path / "report.json"
    path.write_text(JSON_REPORT, encoding="utf-8")

    assert run_fix([path]).code == 0

    after = path.read_text(encoding="utf-8")
    # a quoted figure stays a string; an unquoted JSON number stays a number, to its decimals
    assert after == replaced(JSON_REPORT, ('"rate": "126.59%"', '"rate": "146.55%"'),
                             ('"rate": 87.00}', '"rate": 99.48}'))
    rows = json.loads(after)["budget_tables"][0]["rows"]
    assert rows[0]["rate"] == "146.55%"
    assert codes_of(path, "PL103") == []


def test_gb18030_file_is_written_back_in_gb18030(fixtures_dir, tmp_path, run_fix):
    text = (fixtures_dir / "seed_004.yaml").read_text(encoding="utf-8")
    path = tmp_path / "seed_004.yaml"
    path.write_bytes(text.encode("gb18030"))

    assert run_fix([path]).code == 0

    assert path.read_bytes() == replaced(text, (SEED_004_LINE, SEED_004_FIXED)).encode("gb18030")


def test_utf16_file_keeps_its_bom_and_encoding(fixtures_dir, tmp_path, run_fix):
    text = (fixtures_dir / "seed_004.yaml").read_text(encoding="utf-8")
    path = tmp_path / "seed_004.yaml"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))

    assert run_fix([path]).code == 0

    fixed = replaced(text, (SEED_004_LINE, SEED_004_FIXED))
    assert path.read_bytes() == codecs.BOM_UTF16_LE + fixed.encode("utf-16-le")


RAW_TEXT = "基本支出全年预算数193.13万元，全年执行数283.04万元，执行率126.59%。\n"


def test_raw_text_and_office_files_are_never_rewritten(tmp_path, run_fix):
    import docx

    txt = tmp_path / "report.txt"
    txt.write_text(RAW_TEXT, encoding="utf-8")
    document = docx.Document()
    document.add_paragraph(RAW_TEXT.strip())
    word = tmp_path / "report.docx"
    document.save(word)
    before = {path: path.read_bytes() for path in (txt, word)}
    mtimes = {path: path.stat().st_mtime_ns for path in (txt, word)}

    result = run_fix([txt, word])

    assert result.code == 0
    assert {path: path.read_bytes() for path in (txt, word)} == before
    assert {path: path.stat().st_mtime_ns for path in (txt, word)} == mtimes
    assert result.err.count("未修改") == 2
    assert sorted(os.listdir(tmp_path)) == ["report.docx", "report.txt"]


def test_raw_files_in_a_folder_are_counted_once(tmp_path, copy_fixture, run_fix):
    (tmp_path / "a.txt").write_text(RAW_TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(RAW_TEXT, encoding="utf-8")
    report = copy_fixture(DATA / "commented.yaml")

    result = run_fix([tmp_path], lang="en")

    assert result.code == 0
    assert "2 raw files (.txt/.docx/.xlsx) not modified" in result.err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == RAW_TEXT
    assert codes_of(report, "PL103", "PL104", "PL107") == []


# ------------------------------------------------------------------------- safety of writes

def test_a_fix_that_would_not_load_is_not_written(copy_fixture, run_fix, monkeypatch):
    path = copy_fixture(DATA / "commented.yaml")
    before = path.read_bytes()

    class RoundTripRefuses(fix_module.YAML):
        def load(self, stream):
            raise YAMLError("simulated: the edited text does not load")

    monkeypatch.setattr(fix_module, "YAML", RoundTripRefuses)
    result = run_fix([path])

    assert result.code == 0
    assert path.read_bytes() == before
    assert result.err.count("修正后文件无法重新解析") == 3


def test_a_fix_that_would_raise_a_new_error_elsewhere_is_left_to_a_person(tmp_path, run_fix):
    """The narrative restates the wrong rate: fixing one place only would make PL401 fire."""
    path = write(tmp_path, """
        perflint: 1
        budget_tables:
          - kind: 资金结构
            rows:
              - {label: 基本支出, budget: "193.13", executed: "283.04",
                 rate: {literal: "126.59%", concept: 基本支出执行率}}
        facts:
          - {concept: 基本支出执行率, value: "126.59%"}
    """)
    before = path.read_bytes()
    assert codes_of(path, "PL103", "PL401") == ["PL103"]

    result = run_fix([path], lang="en")

    assert result.code == 0
    assert path.read_bytes() == before
    assert "the fix would raise a new error" in result.err


def test_a_crash_during_the_rename_leaves_the_original_intact(copy_fixture, run_fix, monkeypatch):
    path = copy_fixture(DATA / "commented.yaml")
    before = path.read_bytes()

    def crash(src, dst, **_folders):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    result = run_fix([path])

    assert result.code == 2
    assert "disk full" in result.err
    assert path.read_bytes() == before
    assert os.listdir(path.parent) == [path.name]  # the temp file is cleaned up


def test_write_atomic_never_leaves_a_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "report.yaml"
    path.write_text("a: 1\n", encoding="utf-8")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"a: 2\n" * 1000)
    assert path.read_text(encoding="utf-8") == "a: 1\n"
    assert os.listdir(tmp_path) == ["report.yaml"]


def test_the_file_mode_is_kept(copy_fixture, run_fix):
    path = copy_fixture(DATA / "commented.yaml")
    path.chmod(0o640)

    assert run_fix([path]).code == 0

    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert codes_of(path, "PL103") == []


def test_a_file_changed_meanwhile_is_not_overwritten(copy_fixture, run_fix, monkeypatch):
    path = copy_fixture(DATA / "commented.yaml")
    compute = fix_module.fix_file

    def edited_meanwhile(*args, **kwargs):
        result = compute(*args, **kwargs)
        path.write_text("# someone saved the file\n", encoding="utf-8")
        return result

    monkeypatch.setattr(fix_module, "fix_file", edited_meanwhile)
    result = run_fix([path])

    assert result.code == 2
    assert path.read_text(encoding="utf-8") == "# someone saved the file\n"


def test_a_broken_file_is_reported_and_left_alone(tmp_path, copy_fixture, run_fix):
    broken = tmp_path / "broken.yaml"
    broken.write_text("perflint: 1\nbudget_tables: [\n", encoding="utf-8")
    good = copy_fixture(DATA / "commented.yaml")

    result = run_fix([broken, good])

    assert result.code == 2
    assert "broken.yaml: 无法修正" in result.err
    assert broken.read_text(encoding="utf-8") == "perflint: 1\nbudget_tables: [\n"
    assert codes_of(good, "PL103", "PL104", "PL107") == []  # the run went on


# ------------------------------------------------------------------ what is fixed, and not

def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_a_total_that_differs_from_its_rows_is_not_rewritten(tmp_path, run_fix):
    """PL102 is reported but never fixed: the total may be right and a row wrong (seed 001)."""
    path = write(tmp_path, """
        perflint: 1
        budget_tables:
          - kind: 收入
            rows:
              - {label: 本年财政拨款收入, budget: "320.09"}
              - {label: 年初结转和结余, budget: "21.20"}
            total: {label: 合计, budget: "340.29"}
    """)
    before = path.read_text(encoding="utf-8")
    assert codes_of(path, "PL102") == ["PL102"]

    result = run_fix([path])

    assert result.code == 0
    assert path.read_text(encoding="utf-8") == before
    assert codes_of(path, "PL102") == ["PL102"]


def test_the_total_of_an_incomplete_table_is_not_fixed(tmp_path, run_fix):
    path = write(tmp_path, """
        perflint: 1
        budget_tables:
          - kind: 支出
            complete: false   # rows not listed may follow
            rows:
              - {label: 基本支出, budget: "100.00"}
              - {label: 项目支出, budget: "80.00"}
            total: {label: 合计, budget: "150.00"}
    """)
    before = path.read_bytes()
    findings = lint_file(path, select=["PL102"])
    assert [(f.code, f.fixable) for f in findings] == [("PL102", False)]

    assert run_fix([path]).code == 0
    assert path.read_bytes() == before


def test_a_rate_stated_with_a_comparator_is_left_to_a_person(tmp_path, run_fix):
    path = write(tmp_path, """
        perflint: 1
        budget_tables:
          - kind: 资金结构
            rows:
              - {label: 项目支出, budget: "239.56", executed: "287.97", rate: "<100%"}
    """)
    before = path.read_bytes()
    assert codes_of(path, "PL103") == ["PL103"]

    result = run_fix([path], lang="en")

    assert result.code == 0
    assert path.read_bytes() == before
    assert "PL103 not fixed: the stated figure has a comparator" in result.err


def test_a_figure_in_the_long_form_is_fixed_at_its_literal(tmp_path, run_fix):
    path = write(tmp_path, """
        perflint: 1
        ratios:
          # 区域规划方案：完成了2个，2个尚在编制工作中，区域规划方案完成率40%
          - label: 区域规划方案完成率
            stated: {literal: "40%", concept: 完成率}
            numerator: {literal: "2个方案", value: "2", unit: 个}
            denominator: {literal: "4个方案", value: "4", unit: 个}
    """)
    before = path.read_text(encoding="utf-8")
    assert codes_of(path, "PL105") == ["PL105"]

    assert run_fix([path], select=["PL105"]).code == 0

    assert path.read_text(encoding="utf-8") == replaced(
        before, ('{literal: "40%", concept', '{literal: "50%", concept'))
    assert codes_of(path, "PL105") == []


def test_an_anchored_figure_is_not_fixed(tmp_path, run_fix):
    path = write(tmp_path, """
        perflint: 1
        budget_tables:
          - kind: 资金结构
            rows:
              - {label: 基本支出, budget: "193.13", executed: "283.04", rate: &rate "126.59%"}
              - {label: 项目支出, budget: "335.33", executed: "424.5", rate: *rate}
    """)
    before = path.read_bytes()

    result = run_fix([path], lang="en")

    assert path.read_bytes() == before
    assert "anchor" in result.err
    assert result.code == 0


# --------------------------------------------------------------------------------- the CLI

def test_the_command_line(fixtures_dir, copy_fixture, capsys):
    """`perflint fix [--diff]` as wired in cli.py."""
    from perflint import cli

    path = copy_fixture(fixtures_dir / "seed_004.yaml")
    before = path.read_bytes()

    assert cli.main(["fix", str(path), "--diff"]) == 1
    assert path.read_bytes() == before
    assert '+        rate: "146.55%"' in capsys.readouterr().out

    assert cli.main(["fix", str(path), "--select", "PL103"]) == 0
    assert codes_of(path, "PL103") == []
    assert cli.main(["fix", str(path), "--diff"]) == 0

"""Report kinds and form profiles: validation, detection, overrides, the plugin hook, outputs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from perflint.cli import main
from perflint.extract import extract_text
from perflint.profiles import builtin_profiles
from perflint.profiles.registry import build
from perflint.testing import lint_paths, lint_text

DEPARTMENT = """某某局2023年度部门整体支出绩效自评报告
一、部门基本情况
本局内设机构3个。
二、部门整体支出绩效情况
基本支出预算数为80.00万元，执行数为76.00万元。
三、存在的主要问题
个别项目进度偏慢。
"""
PROJECT = """某某区2023年度城区道路维修项目支出绩效自评报告
一、项目基本情况
项目预算200.00万元。
二、绩效目标完成情况
完成道路维修12公里。
三、存在的问题及原因分析
无。
"""
TRANSFER = """关于某县2023年度中央农业生产发展资金绩效自评报告
一、绩效目标分解下达情况
中央下达资金300万元。
二、绩效情况分析
资金已全部拨付。
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---------------------------------------------------------------- detection
@pytest.mark.parametrize(("text", "kind"), [
    (DEPARTMENT, "department-report"),
    (PROJECT, "project-report"),
    (TRANSFER, "transfer-report"),
    ("某单位2023年度项目支出绩效自评表\n项目名称：某项目\n", "project-table"),
    ("某局部门整体支出绩效自评表\n（2023年度）\n", "department-table"),
    ("2023年度部门整体支出自评情况汇总表\n单位：万元\n", "summary-table"),
    # a title broken over two lines, as web pages print it
    ("某县2023年度中央水利发展资金\n绩效自评报告\n一、基本情况\n", "transfer-report"),
    # no title: the chapters of the national 转移支付 outline say what it is
    ("一、绩效目标分解下达情况\n下达资金。\n二、绩效情况分析\n（一）资金投入情况分析\n", "transfer-report"),
    ("今天天气很好，我们去公园散步。\n", "unknown"),
    # a title with 的 between 绩效 and 自评
    ("某市文旅局关于中央公共文化服务补助资金支出绩效的自评报告\n一、基本情况\n", "transfer-report"),
    # a title run together with what follows it, as document sites give it
    ("1、某区林业局2023年度部门整体绩效自评表主管部门某区林业局联系人张三联系电话12345678自评总分95"
     "年初预算数全年预算数全年执行数分值执行率得分\n", "department-table"),
    # prose that mentions a report is no title
    ("为做好绩效管理，根据有关通知要求，现将2023年度部门整体支出绩效自评情况报告如下，请审阅。"
     "全年收入预算数100万元，支出预算数100万元，收支平衡，未发生超预算支出的情况。\n", "unknown"),
])
def test_kind_is_detected_from_titles_headers_and_outlines(text, kind):
    assert extract_text(text).kind == kind


def test_a_table_header_names_the_kind_when_there_is_no_title():
    text = "年度资金总额\t年初预算数\t全年预算数\t全年执行数\t执行率\n合计\t100\t100\t90\t90%\n"
    report = extract_text(text)
    assert (report.kind, report.profile) == ("project-table", "national/project-table")


def test_a_cover_sheet_is_a_part_and_the_document_is_what_follows_it():
    text = ("2023年度部门整体支出自评情况汇总表\n单位：万元\n序号\t预算单位\t全年预算数\t全年执行数\n"
            "1\t某局\t10\t9\n部门整体支出绩效自评表\n（2023年度）\n")
    report = extract_text(text)
    assert report.kind == "department-table"
    parts = [(p.kind, p.title.text) for p in report.parts]
    assert parts == [("summary-table", "2023年度部门整体支出自评情况汇总表")]


def test_sections_get_roles_from_the_profile():
    roles = {s.heading.text: s.role for s in extract_text(PROJECT).sections}
    assert roles["一、项目基本情况"] == "overview"
    assert roles["三、存在的问题及原因分析"] == "problems"


def test_user_overrides_win_over_detection(tmp_path):
    path = _write(tmp_path, "r.txt", PROJECT)
    assert main(["check", str(path), "--kind", "transfer-report", "--format", "json", "--no-progress",
                 "-o", str(tmp_path / "out.json")]) in (0, 1)
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["files"][0]["kind"] == "transfer-report"
    assert main(["check", str(path), "--profile", "national/nowhere", "--no-progress"]) == 2


# ---------------------------------------------------------------- what rules see
def test_no_required_chapters_for_reports_in_other_provinces_layouts():
    for text in (DEPARTMENT, PROJECT, TRANSFER):
        findings = lint_text(textwrap.dedent(text))
        assert not [f for f in findings if f.code == "PL501"], text.splitlines()[0]


def test_the_jiangxi_outline_is_required_by_the_jiangxi_profile():
    text = ("某局2023年度部门整体支出绩效自评报告\n一、部门（单位）概况\n内容。\n"
            "二、部门（单位）整体支出绩效实现情况\n（一）履职完成情况\n内容。\n（二）履职效果情况\n内容。\n"
            "（三）社会满意度\n满意度95%。\n三、绩效自评结果拟应用和公开情况\n内容。\n")
    report = extract_text(text)
    assert report.profile == "national/department-report"  # core alone: no regional profile
    from perflint.host import create_host
    from perflint.profiles.context import ExtractionSettings, extraction_settings

    with extraction_settings(ExtractionSettings(create_host().profiles)):
        assert extract_text(text).profile == "jiangxi/department-report"
    findings = [f for f in lint_text(text) if f.code == "PL501"]
    assert any(f.severity == "error" and "存在问题及改进措施" in f.message for f in findings)


def test_unknown_documents_are_said_to_be_so_and_nothing_more():
    findings = lint_text("本单位今年的项目资金使用情况良好。\n")
    assert [(f.code, f.severity) for f in findings] == [("PL507", "info")]
    # a text that is no report at all is an input error (perflint.recognize), not PL507
    assert [f.code for f in lint_text("今天天气很好，我们去公园散步。\n")] == ["PL000"]
    assert not [f for f in lint_text(textwrap.dedent(PROJECT)) if f.code == "PL507"]


def test_json_and_text_output_name_the_kind(tmp_path):
    path = _write(tmp_path, "r.txt", TRANSFER + "执行率为120%。\n")
    result = lint_paths([path])
    assert result.files[0].kind == "transfer-report"
    out = tmp_path / "out.json"
    main(["check", str(path), "--format", "json", "--no-progress", "-o", str(out)])
    assert json.loads(out.read_text("utf-8"))["files"][0]["kind"] == "transfer-report"


# ---------------------------------------------------------------- profiles as data
def _profile(folder: Path, name: str, text: str) -> tuple[str, Path]:
    return ("test", _write(folder, name, text))


@pytest.mark.parametrize(("text", "message", "english"), [
    ("id: x/a\nkind: project-table\noutline:\n  - {title: 概况, role: nonsense}\n",
     ":4：字段 outline.0.role 不合规：未知的章节角色（role）“nonsense”", ":4: outline.0.role"),
    ("id: x/a\nkind: poem\n", ":2：字段 kind 不合规：未知的报告类型“poem”", ":2: kind"),
    ("id: x/a\nkind: project-table\ncolumns:\n  budget:\n    colour: ['色']\n", "budget 表没有列字段 colour",
     "columns"),
    ("id: x/a\nkind: project-table\ndetect:\n  titles: ['(unclosed']\n", "正则表达式 '(unclosed' 有误",
     "invalid regular expression"),
    ("id: x/a\nkind: project-table\nextends: x/missing\n", "继承（extends）了未知的表式“x/missing”",
     "extends unknown profile"),
    ("id: NotAnId\n", "字段 id 不合规", "id"),
])
def test_broken_profiles_are_reported_naming_file_and_place(tmp_path, text, message, english):
    profiles, problems = build([_profile(tmp_path, "p.yaml", text)])
    assert len(problems) == 1 and "p.yaml" in problems[0] and message in problems[0], problems
    assert problems[0].startswith("表式（profile）")
    assert "p.yaml" in problems[0].text("en") and english in problems[0].text("en"), problems[0].text("en")
    assert "x/a" not in profiles.profiles


def test_extends_merges_columns_and_inherits_outline_and_detection(tmp_path):
    base = builtin_profiles()
    sources = [("perflint", p.path) for p in base.profiles.values()]
    sources.append(_profile(tmp_path, "d.yaml", """\
        id: somewhere/project-table
        kind: project-table
        extends: national/project-table
        detect: {headers: [[指标值, 实际值, 权重, 评分]]}
        columns:
          indicators:
            weight: ['^权数$']
        """))
    profiles, problems = build(sources)
    assert problems == []
    child = profiles.get("somewhere/project-table")
    assert child.chain == ("somewhere/project-table", "national/project-table", "national/base")
    weights = [pattern for name, pattern in child.columns["indicators"] if name == "weight"]
    assert weights[0] == "^权数$" and "^分值$" in weights
    assert child.detect.titles == profiles.get("national/project-table").detect.titles
    # chosen only where its own signature holds
    plain = profiles.detect(["某项目支出绩效自评表"])
    own = profiles.detect(["某项目支出绩效自评表", [["一级指标", "指标值", "实际值", "权重", "评分"]]])
    assert (plain.profile.id, own.profile.id) == ("national/project-table", "somewhere/project-table")


def test_a_plugin_ships_a_profile_through_the_hook(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    _write(folder, "dept.yaml", """\
        id: testland/department-report
        kind: department-report
        extends: national/department-report
        detect: {headings: [第一章 总体情况, 第二章 绩效分析], min_headings: 2}
        outline:
          - {title: 第一章 总体情况, role: overview, required: true}
          - {title: 第二章 绩效分析, role: performance, required: true}
          - {title: 第三章 问题与措施, role: problems-measures, required: true}
        """)
    plugin = _write(tmp_path, "testland.py", f"""\
        from perflint.hookspecs import hookimpl

        @hookimpl
        def perflint_profiles():
            return [{str(folder)!r}]
        """)
    report = _write(tmp_path, "r.txt",
                    "某局部门整体支出绩效自评报告\n第一章 总体情况\n内容。\n第二章 绩效分析\n内容。\n")
    out = tmp_path / "out.json"
    assert main(["check", str(report), "-p", str(plugin), "--format", "json", "--no-progress",
                 "-o", str(out)]) == 1
    findings = json.loads(out.read_text("utf-8"))["files"][0]["findings"]
    assert [(f["code"], f["severity"]) for f in findings if f["code"] == "PL501"] == [("PL501", "error")]
    assert "第三章" in next(f["message"] for f in findings if f["code"] == "PL501")


def test_profiles_command_lists_every_profile(capsys):
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    for profile_id in ("national/project-table", "national/summary-table", "jiangxi/department-report"):
        assert profile_id in out


def test_config_names_the_kind_and_a_wrong_kind_is_a_configuration_error(tmp_path, monkeypatch, capsys):
    _write(tmp_path, "r.txt", PROJECT)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "perflint.yaml").write_text("kind: transfer-report\n", encoding="utf-8")
    main(["check", "r.txt", "--format", "json", "--no-progress"])
    assert json.loads(capsys.readouterr().out)["files"][0]["kind"] == "transfer-report"
    (tmp_path / "perflint.yaml").write_text("ruleset: national\nkind: poem\n", encoding="utf-8")
    assert main(["check", "r.txt", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "perflint.yaml:2" in err and "poem" in err


# ---------------------------------------------------------------- the lexicon
def test_the_lexicon_roles_are_the_extractors_label_kinds():
    from perflint.extract.clauses import Kind
    from perflint.profiles.model import LABEL_ROLES

    assert {kind.value for kind in Kind} == {*LABEL_ROLES, "generic"}


def test_a_profile_teaches_extraction_its_own_label_wordings(tmp_path):
    from perflint.extract.clauses import Kind, classify
    from perflint.profiles.lexicon import label_roles_in_use

    sources = [("perflint", p.path) for p in builtin_profiles().profiles.values()]
    sources.append(_profile(tmp_path, "l.yaml", """\
        id: somewhere/project-report
        kind: project-report
        extends: national/project-report
        lexicon:
          - {role: budget, labels: ['下达额度$']}
          - {role: executed, labels: ['实际拨付$']}
        """))
    profiles, problems = build(sources)
    assert problems == []
    assert classify("下达额度") is Kind.GENERIC and classify("全年预算数") is Kind.BUDGET
    with label_roles_in_use(profiles.get("somewhere/project-report").label_roles):
        assert classify("下达额度") is Kind.BUDGET and classify("实际拨付") is Kind.EXECUTED
        assert classify("全年预算数") is Kind.BUDGET  # the national wordings still hold
    from perflint.extract import extract_report, text_document

    text = ("某项目支出绩效自评报告\n一、项目基本情况\n"
            "下达额度为200.00万元，实际拨付为150.00万元，执行率为80.00%。\n")

    def rows(**profile) -> list[tuple[str, str]]:
        report = extract_report(text_document(text), profiles, **profile)
        found = [row for table in report.budget_tables for row in table.rows]
        return [(row.budget.literal, row.executed.literal) for row in found
                if row.budget is not None and row.executed is not None]

    assert rows() == []  # national wording: the figures name nothing the rate is computed from
    assert rows(profile="somewhere/project-report") == [("200.00万元", "150.00万元")]


def test_an_unknown_label_role_is_a_profile_error(tmp_path):
    text = "id: x/a\nlexicon:\n  - {role: colour, labels: ['色']}\n"
    _, problems = build([_profile(tmp_path, "p.yaml", text)])
    assert len(problems) == 1 and "p.yaml:3" in problems[0] and "colour" in problems[0]


def test_grade_bands_come_from_the_profile_unless_a_ruleset_sets_them(tmp_path):
    """PL308 grades by the report's profile (`scoring.grades`); a region whose bands differ
    from the national ones says so in its profile, not in Python."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    _write(folder, "p.yaml", """\
        id: somewhere/project-table
        kind: project-table
        extends: national/project-table
        scoring:
          total: "120"
          grades: [{grade: 优良, min: "80"}, {grade: 中, min: "70"}, {grade: 差, min: "0"}]
        """)
    plugin = _write(tmp_path, "somewhere.py", f"""\
        from perflint.hookspecs import hookimpl

        @hookimpl
        def perflint_profiles():
            return [{str(folder)!r}]
        """)
    report = _write(tmp_path, "r.yaml", 'kind: project-table\nevaluation: {total_score: "85", grade: 优良}\n')
    out = tmp_path / "out.json"

    def grade_findings(*options: str) -> list[str]:
        main(["check", str(report), "-p", str(plugin), "--select", "PL308", "--format", "json",
              "--no-progress", "-o", str(out), *options])
        return [f["message"] for f in json.loads(out.read_text("utf-8"))["files"][0]["findings"]]

    assert grade_findings() == []  # national/project-table: 优良 is no national grade, left alone
    assert grade_findings("--profile", "somewhere/project-table") == []
    report.write_text('kind: project-table\nevaluation: {total_score: "85", grade: 中}\n', encoding="utf-8")
    assert len(grade_findings("--profile", "somewhere/project-table")) == 1  # 85 is 优良 there
    assert len(grade_findings()) == 1  # and 良 nationally
    # the profile's full score is what the weights must reach when the report states none
    report.write_text('kind: project-table\nindicators:\n  - {name: 产出指标, level: 1, weight: "70"}\n'
                      '  - {name: 效益指标, level: 1, weight: "50"}\n', encoding="utf-8")
    assert grade_findings("--select", "PL301", "--profile", "somewhere/project-table") == []
    assert len(grade_findings("--select", "PL301")) == 1  # 120 ≠ the national 100


def test_a_kind_the_user_names_is_kept_even_for_a_cover_sheet():
    text = ("2023年度部门整体支出自评情况汇总表\n单位：万元\n序号\t预算单位\t全年预算数\t全年执行数\n"
            "1\t某局\t10\t9\n部门整体支出绩效自评表\n（2023年度）\n")
    from perflint.extract import extract_report, text_document

    assert extract_report(text_document(text), kind="summary-table").kind == "summary-table"
    assert extract_text(text).kind == "department-table"

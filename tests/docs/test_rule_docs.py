"""Every rule is documented in Chinese, the docs pages match the data, and nothing a user reads
carries the project's internal source notes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from perflint import ruledocs
from perflint.findings import INPUT_ERROR, INTERNAL_ERROR
from perflint.rules import ReportRule
from perflint.testing import default_host, prepared

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
#: How the project tags its sources internally ("seed 004 [V]", "regulations.md §4 [M]"):
#: fine in comments, never in a rule's summary, docstring, message or Chinese doc.
INTERNAL_NOTE = re.compile(r"\bseeds?\b|\[[VMS]\]|regulations\.md|NAT-\d")

RULES = sorted(default_host().rules.items())


def _make_rule_docs():
    spec = importlib.util.spec_from_file_location("make_rule_docs", ROOT / "docs" / "make_rule_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("code", "registered"), RULES, ids=[code for code, _ in RULES])
def test_every_registered_rule_has_a_complete_chinese_doc(code: str, registered) -> None:
    doc = ruledocs.doc(code, "zh", rule=registered.rule)
    assert doc is not None, code
    for field in ruledocs.FIELDS:
        text = getattr(doc, field)
        assert text.strip(), (code, field)
        assert CJK.search(text) or field in ("bad", "good"), (code, field)
    assert ruledocs.title(code) == doc.title
    assert len(doc.title) <= 20, doc.title  # a title fits a table column


def test_the_data_file_is_complete_and_documents_only_known_codes() -> None:
    entries = ruledocs._entries("zh")
    known = {code for code, r in RULES if r.plugin == "perflint"} | {INPUT_ERROR, INTERNAL_ERROR}
    assert set(entries) == known
    for code, fields in entries.items():
        assert set(fields) == set(ruledocs.FIELDS), code
        assert all(value.strip() for value in fields.values()), code


@pytest.mark.parametrize(("code", "registered"), RULES, ids=[code for code, _ in RULES])
def test_no_internal_notes_where_users_read(code: str, registered) -> None:
    rule = registered.rule
    templates = [rule.message_template(key, lang) for key in (
        rule.messages if "zh" not in rule.messages else {"default": None}) for lang in ("zh", "en")]
    doc = ruledocs.doc(code, "zh", rule=rule)
    for text in (rule.summary(), rule.documentation(), *templates, *vars(doc).values()):
        assert not INTERNAL_NOTE.search(text), (code, INTERNAL_NOTE.search(text).group())


def test_ruleset_rules_have_a_chinese_title_and_no_internal_notes() -> None:
    """A YAML rule's `title` is what `perflint rules` lists; its description is its summary."""
    host, _ = prepared("nanchang-donghu")
    declarative = {code: r.rule for code, r in host.rules.items() if "declarative" in r.rule.groups}
    assert {"DH101", "NC101"} <= set(declarative)
    assert ruledocs.title("DH101", rule=declarative["DH101"]) == "管理指标分值应为30分"
    for code, rule in declarative.items():
        title = ruledocs.title(code, rule=rule)
        assert CJK.search(title) and len(title) <= 20, (code, title)
        for text in (rule.summary(), rule.documentation()):
            assert not INTERNAL_NOTE.search(text) and "种子" not in text, (code, text)


def test_english_title_is_the_summary_on_one_line() -> None:
    rule = default_host().rules["PL506"].rule
    assert ruledocs.title("PL506", "en") == rule.summary()
    assert "\n" not in rule.summary() and rule.summary().endswith(".")
    english = ruledocs.doc("PL101", "en")
    assert english is not None and "Every" in english.what and "total" in english.why
    assert "PL101" in english.bad


class _Undocumented(ReportRule):
    """A rule of a plugin that wrote no Chinese."""

    code = "ZZ001"
    name = "undocumented"


class _Documented(ReportRule):
    """A rule of a plugin that documents itself."""

    code = "ZZ002"
    name = "documented"
    title = {"zh": "自带文档的规则", "en": "A self-documented rule"}
    docs = {"zh": {"what": "检查甲", "why": "因为乙", "bad": "丙", "good": "丁"}}


def test_plugin_rules_fall_back_and_document_themselves() -> None:
    assert ruledocs.title("ZZ001", rule=_Undocumented) == "A rule of a plugin that wrote no Chinese."
    assert ruledocs.doc("ZZ001", rule=_Undocumented) is None
    assert ruledocs.title("ZZ002", rule=_Documented) == "自带文档的规则"
    assert ruledocs.title("ZZ002", "en", rule=_Documented) == "A self-documented rule"
    assert ruledocs.doc("ZZ002", rule=_Documented) == ruledocs.RuleDoc(
        "ZZ002", "自带文档的规则", "检查甲", "因为乙", "丙", "丁")
    assert ruledocs.title("ZZ999") == "ZZ999"  # nothing knows it: the code, never an empty title
    assert ruledocs.title(INPUT_ERROR, "en") == "The file could not be read."


def test_docs_pages_are_in_sync_with_the_data() -> None:
    """docs/rules/<CODE>.md is what SARIF's helpUri opens; `python docs/make_rule_docs.py`
    rewrites it after an edit of perflint/data/rule_docs/zh.yaml or of a rule."""
    assert _make_rule_docs().out_of_date() == []
    pages = {path.stem for path in (ROOT / "docs" / "rules").glob("*.md")}
    assert pages == {code for code, r in RULES if r.plugin == "perflint"} | {INPUT_ERROR, INTERNAL_ERROR}


def test_a_page_shows_the_chinese_doc_options_and_english(tmp_path: Path) -> None:
    page = ruledocs.markdown("PL202")
    assert page.startswith("# PL202 执行率低于下限")
    for heading in ("## 检查什么", "## 为什么重要", "## 问题示例", "## 改正示例", "## 选项（默认值）",
                    "## English"):
        assert heading in page, heading
    assert "floor: '90'" in page and "What it checks" in page
    make = _make_rule_docs()
    (tmp_path / "PL999.md").write_text("stale", encoding="utf-8")
    assert "PL999.md" in make.write(tmp_path)
    assert make.out_of_date(tmp_path) == [] and not (tmp_path / "PL999.md").exists()

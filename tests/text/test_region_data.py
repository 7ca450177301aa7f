"""A region's own text ships with its plugin, not with perflint's core (issue 14).

perflint's data files (perflint/data/boilerplate) keep only sourced national material; the
template paragraphs and stock phrases taken from the Jiangxi seed reports are the perflint-jiangxi
plugin's, and its `jiangxi` ruleset gives them to PL602 (`extra_phrase_files`) and PL607/PL608/
PL609 (`extra_corpus`). Data files named by a ruleset are checked when the ruleset is applied and
are relative to the ruleset file.
"""

# ruff: noqa: E501  (report text is quoted whole; CJK counts double)

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perflint.config import ConfigError
from perflint.rules.text.common import CorpusFile, ParagraphOptions
from perflint.rules.text.template_phrase import TemplatePhraseOptions
from perflint.testing import lint_paths, lint_yaml, prepared
from perflint.textmatch.corpus import bundled_entries, read_corpus, reference
from perflint.textmatch.phrases import load_data, parse_phrases, phrase_file

DATA = Path(__file__).parent / "data"
SEED = re.compile(r"\bseeds?\b|种子", re.IGNORECASE)

pytest.importorskip("perflint_jiangxi")  # installed with perflint's test dependencies and in CI


def plugin_data() -> Path:
    import perflint_jiangxi

    return Path(perflint_jiangxi.__file__).parent / "data"


def templates(ruleset: str, path: Path) -> set[str]:
    result = lint_paths([path], select=["PL609"], ruleset=ruleset)
    assert not result.problems
    return {f.message.split("（", 1)[1].split("，", 1)[0] for f in result.files[0].findings}


# --- core holds no seed-derived entry -----------------------------------------------------------

def test_core_data_files_name_no_seed_as_a_source():
    for entry in load_data("templates.yaml")["paragraphs"]:
        assert not SEED.search(str(entry.get("source", ""))), entry["id"]
        assert not SEED.search(str(entry.get("basis", ""))), entry["id"]
    for key, groups in load_data("phrases.yaml").items():
        for group in groups:
            assert group.get("source"), (key, group)  # every group says where it comes from
            assert not SEED.search(str(group["source"])), (key, group["source"])


def test_the_moved_entries_are_the_plugins_and_not_in_core():
    moved = read_corpus(plugin_data() / "templates.yaml")
    assert len(moved) >= 20 and all(SEED.search(e.source) for e in moved)
    core_texts = {e.text for e in bundled_entries()}
    assert not core_texts & {e.text for e in moved}
    phrases = parse_phrases(load_data("phrases.yaml"), "core")
    moved_phrases = phrase_file(str(plugin_data() / "phrases.yaml"))["template_phrases"]
    assert "缺乏正确的绩效管理理念" in moved_phrases
    assert not set(moved_phrases) & {p for values in phrases.values() for p in values}


# --- national vs jiangxi --------------------------------------------------------------------------

@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_seed_paragraphs_are_templates_under_jiangxi_only(seed):
    path = DATA / f"seed{seed}.yaml"
    expected = {e.id for e in read_corpus(plugin_data() / "templates.yaml")
                if e.kind == "template" and e.source.startswith(f"seed {seed}")}
    assert expected
    assert templates("national", path) == set()
    assert templates("jiangxi", path) == expected
    assert templates("nanchang-donghu", path) == expected  # inherited by the rulesets below it


def test_seed_phrases_are_stock_phrases_under_jiangxi_only():
    text = ("perflint: 1\nunit: {name: 某某区某某局}\nsections:\n"
            "  - heading: 主要问题及原因分析\n    body: 缺乏合理的绩效评价指标，预算管理还存在可提升的空间。\n")
    national = " ".join(f.message for f in lint_yaml(text, select=["PL602"], ruleset="national"))
    jiangxi = " ".join(f.message for f in lint_yaml(text, select=["PL602"], ruleset="jiangxi"))
    assert "缺乏合理的绩效评价指标" not in national and "还存在可提升的空间" not in national
    assert "缺乏合理的绩效评价指标" in jiangxi and "还存在可提升的空间" in jiangxi


def test_jiangxi_names_its_data_files_relative_to_the_ruleset():
    options = prepared("jiangxi")[1].rule_options
    corpus = (plugin_data() / "templates.yaml").resolve()
    for code in ("PL607", "PL608", "PL609"):
        (path,) = options[code]["extra_corpus"]
        assert Path(path).is_absolute() and Path(path).resolve() == corpus, code
    (path,) = options["PL602"]["extra_phrase_files"]
    assert Path(path).resolve() == (plugin_data() / "phrases.yaml").resolve()


# --- an empty core corpus -----------------------------------------------------------------------

def test_an_empty_reference_corpus_keeps_the_rules_silent(tmp_path):
    empty = reference(bundled=False)
    assert len(empty.entries) == 0 and empty.candidates("任何文字", []) == []
    assert empty.match(["任何文字都不匹配"], 0.75, 0.9) == [None]
    result = lint_paths([DATA / "seed004.yaml"], select=["PL607", "PL608", "PL609"], ruleset="national",
                        rule_options={"PL609": {"reference": False}, "PL608": {"share_floor": "0"}})
    assert not result.problems
    assert not [f for f in result.files[0].findings if f.code in ("PL607", "PL609")]


# --- the options ---------------------------------------------------------------------------------

CORPUS = """\
paragraphs:
  - id: own-template
    kind: template
    source: invented for this test
    text: 坚持问题导向，压实主体责任，确保各项整改措施落地见效，推动预算绩效管理提质增效。
"""
REPORT = ("perflint: 1\nunit: {name: 某某区某某局}\nsections:\n  - heading: 改进措施\n"
          "    body: 下一步我局将坚持问题导向，压实主体责任，确保各项整改措施落地见效，推动预算绩效管理提质增效。\n")


def local_ruleset(folder: Path, parameters: str) -> Path:
    ruleset = folder / "rulesets" / "local.yaml"
    ruleset.parent.mkdir(parents=True)
    ruleset.write_text(f"name: local-{folder.name.lower().replace('_', '-')}\nextends: national\n"
                       f"parameters:\n{parameters}", encoding="utf-8")
    return ruleset


def test_a_local_rulesets_data_files_are_relative_to_it(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "corpus.yaml").write_text(CORPUS, encoding="utf-8")
    (tmp_path / "data" / "phrases.yaml").write_text(
        "template_phrases:\n  - source: invented for this test\n    phrases: [提质增效]\n", encoding="utf-8")
    ruleset = local_ruleset(tmp_path, "  PL609:\n    extra_corpus: [../data/corpus.yaml]\n"
                                      "  PL602:\n    extra_phrase_files: [../data/phrases.yaml]\n")
    monkeypatch.chdir(tmp_path / "data")  # not relative to the working directory
    found = lint_yaml(REPORT, select=["PL602", "PL609"], ruleset=str(ruleset))
    assert sorted((f.code, "own-template" in f.message or "提质增效" in f.message) for f in found) == [
        ("PL602", True), ("PL609", True)]


@pytest.mark.parametrize(("content", "error"), [
    (None, "cannot read"),
    ("paragraphs: [1, 2", "not valid YAML"),
    ("templates: []\n", "one key, paragraphs"),
    ("paragraphs:\n  - {id: a, kind: boilerplate, text: 某段文字}\n", "kind must be one of"),
    ("paragraphs:\n  - {id: a, kind: template}\n", "text is required"),
    ("paragraphs:\n  - {id: a, text: 某段文字, note: x}\n", "unknown key note"),
    ("paragraphs:\n  - {id: a, text: 某段文字}\n  - {id: a, text: 另一段}\n", "id used twice"),
])
def test_a_bad_corpus_file_is_a_configuration_error_naming_the_file(tmp_path, content, error):
    corpus = tmp_path / "data" / "corpus.yaml"
    corpus.parent.mkdir()
    if content is not None:
        corpus.write_text(content, encoding="utf-8")
    ruleset = local_ruleset(tmp_path, "  PL609:\n    extra_corpus: [../data/corpus.yaml]\n")
    with pytest.raises(ConfigError) as raised:
        prepared(str(ruleset))
    message = str(raised.value)
    assert str(ruleset) in message and "PL609" in message and "corpus.yaml" in message and error in message


def test_a_phrase_file_without_the_rules_list_is_an_error(tmp_path):
    phrases = tmp_path / "phrases.yaml"
    phrases.write_text("empty_content:\n  - source: x\n    phrases: [无]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has no template_phrases list"):
        TemplatePhraseOptions.model_validate({"extra_phrase_files": [str(phrases)]})
    phrases.write_text("template_phrases:\n  - source: x\n    phrases: [长足进步]\n", encoding="utf-8")
    options = TemplatePhraseOptions.model_validate({"extra_phrase_files": [str(phrases)]})
    assert options.all_phrases()[-1] == "长足进步"
    phrases.write_text("template_phrases:\n  - source: x\n    words: [长足进步]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="source and phrases"):
        TemplatePhraseOptions.model_validate({"extra_phrase_files": [str(phrases)]})


def test_a_changed_data_file_changes_the_options(tmp_path):
    """The options record each file's digest: perflint.cache keys on them, and the reference
    corpus is rebuilt for the new content."""
    corpus = tmp_path / "corpus.yaml"
    corpus.write_text(CORPUS, encoding="utf-8")
    before = ParagraphOptions.model_validate({"extra_corpus": [str(corpus)]})
    corpus.write_text(CORPUS.replace("提质增效", "走深走实"), encoding="utf-8")
    after = ParagraphOptions.model_validate({"extra_corpus": [str(corpus)]})
    assert before.model_dump(mode="json") != after.model_dump(mode="json")
    assert before.reference_args() != after.reference_args()
    assert any("走深走实" in e.text for e in reference(*after.reference_args()).entries)
    assert CorpusFile.model_validate(after.extra_corpus[0].model_dump()) == after.extra_corpus[0]

"""The PL6xx rules on the three real reports.

Run twice: on tests/text/data/seed*.yaml (the seeds' narrative sections copied into normalized
YAML, always available) and on the raw seed texts in ../shared/seeds through the .txt extractor
(skipped only where ../shared/seeds is absent: the loader ships with perflint).

The template paragraphs and stock phrases taken from these reports ship with the perflint-jiangxi
plugin (installed with perflint's test dependencies), so the tests that expect them run under its
`jiangxi` ruleset; tests/text/test_region_data.py checks that `national` does not have them.
"""

# ruff: noqa: E501  (report text is quoted whole, as it appears in the reports; CJK counts double)

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.rules.text.common import descendants
from perflint.testing import default_host, lint_paths
from perflint.textmatch.evidence import markers
from perflint.textmatch.pieces import Block, paragraphs

DATA = Path(__file__).parent / "data"
SEED_FILES = {"000": "000_76192058de216ca5.txt", "001": "001_e7f829a4810ddf0c.txt",
              "004": "004_c2d9016823b03b3d.txt"}
BOILERPLATE_CODES = {"PL602", "PL606", "PL607", "PL609"}


@pytest.fixture(params=["yaml", "txt"])
def seeds(request) -> dict[str, Path]:
    if request.param == "yaml":
        return {key: DATA / f"seed{key}.yaml" for key in SEED_FILES}
    seeds_dir = request.getfixturevalue("seeds_dir")
    return {key: seeds_dir / name for key, name in SEED_FILES.items()}


def findings(path: Path, **kwargs):
    result = lint_paths([path], select=["PL6"], **kwargs)
    assert not result.problems
    return result.files[0].findings


def test_001_repeated_disclosure_sentence_is_reported(seeds):
    repeated = [f for f in findings(seeds["001"]) if f.code == "PL606"]
    assert len(repeated) == 1
    (finding,) = repeated
    sentence = "将评价结果按照政府信息公开的方式进行公开，加强社会公众对财政资金使用效益的监督"
    assert sentence in finding.span.quote and finding.span.quote.startswith("同时")
    assert sentence in finding.related[0].span.quote and finding.related[0].span.quote.startswith("二是")
    assert finding.related[0].span.line < finding.span.line


def test_004_generic_problem_paragraphs_are_reported(seeds):
    found = findings(seeds["004"], ruleset="jiangxi")
    templates = [f for f in found if f.code == "PL609"]
    for entry, start in (("problem-management-concept", "在传统管理理念的约束下"),
                         ("problem-indicators-vague", "我单位现阶段的整体支出绩效评价指标"),
                         ("problem-budget-deviation", "预算编制和实际执行存在差异")):
        assert any(entry in f.message and f.span.quote.startswith(start) for f in templates), entry
    phrases = " ".join(f.message for f in found if f.code == "PL602")
    assert "缺乏正确的绩效管理理念" in phrases and "缺乏合理的绩效评价指标" in phrases
    problems = [f for f in found if f.code == "PL604" and "主要问题及原因分析" in f.message]
    assert len(problems) == 1 and "仅0句" in problems[0].message


def test_000_quality_paragraph_labelled_quantity_is_reported(seeds):
    (finding,) = [f for f in findings(seeds["000"]) if f.code == "PL605"]
    assert finding.span.quote.startswith("2022年我中心整体支出质量指标中")
    assert finding.span.quote.endswith("其他数量指标均按年度绩效指标值完成。")


def _figure_rich_paragraphs(path: Path) -> list[tuple[int, int]]:
    """(offset, end offset) of the 履职完成 paragraphs stating at least two figures."""
    report = default_host().loader_for(path).load(path)
    sections = report.sections
    ranges = []
    for index, section in enumerate(sections):
        if "履职完成" not in section.heading.text:
            continue
        for owned in [index, *descendants(sections, index)]:
            body = sections[owned].body
            if body is None:
                continue
            for piece in paragraphs(Block(body)):
                span = piece.exact_span()
                if span is not None and len(markers(piece.text)) >= 2:
                    ranges.append((span.offset, span.end_offset))
    return ranges


@pytest.mark.parametrize("ruleset", ["national", "jiangxi"])
def test_figure_rich_performance_paragraphs_are_not_reported_as_boilerplate(seeds, ruleset):
    result = lint_paths(list(seeds.values()), select=["PL6"], ruleset=ruleset)
    checked = 0
    for file in result.files:
        rich = _figure_rich_paragraphs(file.path)
        assert rich, file.path
        checked += len(rich)
        for finding in file.findings:
            if finding.span is None or finding.span.offset is None:
                continue
            inside = any(lo <= finding.span.offset < hi for lo, hi in rich)
            if finding.code in BOILERPLATE_CODES:
                assert not inside, finding
            if inside:  # only PL605's label check may point into them, at a sentence without figures
                assert finding.code == "PL605" and not [m for m in markers(finding.span.quote)
                                                        if m[1] == "figure"], finding
    assert checked >= 8


def test_no_shared_paragraphs_between_the_three_units(seeds):
    """Three different units' reports share no paragraph, so the corpus rule stays silent; the
    template paragraphs they contain are PL609's (under `jiangxi`) and count in PL608's share."""
    result = lint_paths(list(seeds.values()), select=["PL607", "PL608"], ruleset="jiangxi")
    assert not [f for file in result.files for f in file.findings if f.code == "PL607"]
    shares = {file.path.name: [f.message for f in file.findings if f.code == "PL608"] for file in result.files}
    assert any(shares.values())

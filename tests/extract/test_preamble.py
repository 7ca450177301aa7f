"""The text before the first heading becomes `Report.preamble`, as in the YAML normalizations.

Rules read it: Nanchang's NC101 (perflint-jiangxi, ruleset nanchang) looks for the governing
documents there, where reports cite them. Without it, a raw report that cites them got NC101 while
its hand-normalized YAML did not.
"""

from __future__ import annotations

from pathlib import Path

from perflint.extract import extract_report, load_text_document
from perflint.loaders.yaml_loader import load_yaml
from perflint.testing import codes, lint_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

INTRO = ("根据《某某市财政局关于开展2023年度部门整体支出绩效自评工作的通知》（洪财办[2024]5号）要求，"
         "本中心对2023年度部门整体支出开展了绩效自评，现将有关情况报告如下：")

REPORT = f"""\
2023年度某某县自然资源事务中心整体支出绩效自评报告

{INTRO}

一、部门基本情况

某某县自然资源事务中心是隶属于某某县自然资源局的公益一类事业单位。

二、绩效自评结论

本中心整体自评得分95分，自评等级为优。
"""

WITHOUT_CITATION = REPORT.replace(INTRO, "本中心对2023年度部门整体支出开展了绩效自评，现将有关情况报告如下：")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _nc101(path: Path) -> list[str]:
    return codes(lint_file(path, ruleset="nanchang", select=["NC101"]))


def test_the_text_between_title_and_first_heading_is_the_preamble(tmp_path):
    report = extract_report(load_text_document(_write(tmp_path, REPORT)))
    assert report.title is not None and report.title.text.endswith("整体支出绩效自评报告")
    assert report.preamble is not None
    assert report.preamble.text == INTRO  # the title is not repeated in it
    assert (report.preamble.span.line, report.preamble.span.column) == (3, 1)
    assert [s.heading.text for s in report.sections] == ["一、部门基本情况", "二、绩效自评结论"]


def test_a_citation_in_the_preamble_satisfies_nc101(tmp_path):
    assert _nc101(_write(tmp_path, REPORT)) == []
    assert _nc101(_write(tmp_path, WITHOUT_CITATION)) == ["NC101"]  # the rule is active


def test_seed_000_raw_and_normalized_agree_on_nc101_and_the_preamble(seeds_dir):
    (raw,) = seeds_dir.glob("000_*.txt")
    normalized = FIXTURES / "seed_000.yaml"
    assert _nc101(raw) == _nc101(normalized) == []
    extracted = extract_report(load_text_document(raw))
    assert extracted.preamble is not None
    assert extracted.preamble.text == load_yaml(normalized).preamble.text

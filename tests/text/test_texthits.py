"""The completeness rules' skips (perflint.rules.texthits for PL504 and PL509, the scan for
numbered lines of PL508, the look at a body's start for PL502) find what a test of every
sentence, line and body finds, on generated reports in the bench corpus's shape with the edge
cases of each skip: measure words after numerals and before spaces, full stops, blanks and line
ends; numbered lines behind spaces; bodies that are only punctuation."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from perflint.host import create_host
from perflint.model import Report
from perflint.rules.base import CheckContext
from perflint.rules.completeness import empty_section, heading_numbering, missing_count
from perflint.rules.completeness.blank_list_figure import BlankListFigure, BlankListFigureOptions, _may_list
from perflint.rules.completeness.heading_numbering import numbering
from perflint.rules.texthits import phrase_end, sentences_holding
from perflint.textmatch.phrases import matcher
from perflint.textmatch.pieces import locate, text_view

VERBS = ["完成", "新建", "培训", "改造", "发放", "开展", "共培训", "累计完成", "组织"]
OBJECTS = ["", "道路", "公厕", "农民", "LED路灯", "危桥", "宣传册", "专题讲座", "办事处", "市场"]
MEASURES = ["座", "处", "人次", "公里", "平方米", "份", "个", "次", "米", "项", "人"]
COUNTS = ["", "", "3", "12", "三", "  ", "___", "（  ）", "多", "\u3000"]
RATES = ["合格率", "故障处理率", "占比", "完成率", "效率", "满意度", "培训次数", "覆盖面积"]
FIGURES = ["", "", "100%", "98.5%", "3次", "12万元", " 95 %"]
ENDS = ["，", "；", "。", ",", ";", " ，", "。 ", "\n", "", " 。", "。。", "！", "”", "\u3000\n"]
NUMBERS = ["1.", "（二）", "  3、", "\u30002.", "第一部分", "十、", "(4)", "2.1", "", "", "", "一是"]
PROSE = ["为贯彻落实有关规定", "进一步加强管理", "效果明显", "资金使用效益不断提高", "2022年我中心整体支出",
         "按时投入使用", "达成预期指标", "及时拨付资金，保障项目实施"]


def _clause(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return rng.choice(VERBS) + rng.choice(OBJECTS) + rng.choice(COUNTS) + rng.choice(MEASURES)
    if kind < 0.75:
        return rng.choice(RATES) + rng.choice(FIGURES)
    return rng.choice(PROSE)


def _body(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(["无。", "暂无", " / ", "—", "略。。", "  ，  ", "无问题"])
    lines = []
    for _ in range(rng.randint(1, 5)):
        if rng.random() < 0.3:  # a list of results, one of which may have lost its figure
            items = (rng.choice(RATES) + rng.choice(FIGURES) for _ in range(rng.randint(2, 5)))
            lines.append(rng.choice(["，", "；", "、"]).join(items) + rng.choice(["。", "", "；"]))
            continue
        clauses = (_clause(rng) + rng.choice(ENDS) for _ in range(rng.randint(1, 6)))
        line = rng.choice(NUMBERS) + "".join(clauses)
        lines.append(line.replace("\n", "", line.count("\n") - 1) if rng.random() < 0.5 else line)
    return "\n".join(lines)


def _report_text(seed: int) -> str:
    rng = random.Random(seed)
    parts = ["某某县2023年农村公路养护补助资金绩效自评报告"]
    for number, title in enumerate(["项目基本情况", "项目实施情况", "绩效目标完成情况", "存在问题及改进措施",
                                    "绩效自评结果拟应用和公开情况"]):
        parts.append(f"{'一二三四五'[number]}、{title}")
        for sub in range(rng.randint(0, 3)):
            parts.append(f"（{'一二三'[sub]}）{rng.choice(PROSE)}")
            parts.append(_body(rng))
        parts.append(_body(rng))
    return "\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[Report]:
    host = create_host([])
    folder = tmp_path_factory.mktemp("generated")
    loaded = []
    for seed in range(80):
        path = Path(folder) / f"u{seed:03}.txt"
        path.write_text(_report_text(seed), encoding="utf-8")
        loaded.append(host.loader_for(path).load(path))
    return loaded


def _dump(findings) -> list[dict]:
    return [finding.model_dump() for finding in findings]


def test_pl504_looks_at_every_sentence_that_can_hold_a_blank_item(reports):
    rule = BlankListFigure()
    ctx = CheckContext(rule=rule, options=BlankListFigureOptions())
    measures, not_measures = tuple(ctx.options.measure_suffixes), tuple(ctx.options.not_measures)
    found = 0
    for report in reports:
        view = text_view(report)
        every = [finding for block in view.blocks if block.index >= 0 and _may_list(block.text.text, measures)
                 for sentence in view.sentences(block) if _may_list(sentence.text, measures)
                 for finding in rule._blanks(sentence, measures, not_measures, ctx)]
        assert _dump(rule.check(report, ctx)) == _dump(every)
        found += len(every)
    assert found > 20  # the generated reports do have blank items


def test_pl509_looks_at_every_sentence_that_can_hold_a_missing_count(reports):
    rule = missing_count.MissingCount()
    ctx = CheckContext(rule=rule, options=missing_count.MissingCountOptions())
    words = missing_count._Words.of(ctx.options)
    found = 0
    for report in reports:
        view = text_view(report)
        every = [missing_count._finding(sentence, missing, ctx) for block in view.blocks
                 for sentence in view.sentences(block) for missing in missing_count._missing(sentence, words)]
        assert _dump(rule.check(report, ctx)) == _dump(every)
        found += len(every)
    assert found > 50


_LINE = re.compile(r"[^\n]+")


def test_pl508_reads_the_same_numbered_lines_as_a_test_of_every_line(reports):
    def every_line(report: Report):
        for section in report.sections:
            heading = numbering(section.heading.text)  # an unnumbered heading only places the items
            yield section.level, (None if heading is None else heading_numbering._Item(
                section.level, heading, True, section.heading.text.strip(), section.span))
            if section.body is None:
                continue
            for match in _LINE.finditer(section.body.text):
                found = numbering(match.group())
                if found is not None:
                    start = match.start() + len(match.group()) - len(match.group().lstrip())
                    yield found[1], heading_numbering._Item(found[1], found, False, match.group().strip(),
                                                            locate(section.body, start, match.end()))

    numbered = 0
    for report in reports:
        items = list(heading_numbering._items(report))
        assert items == list(every_line(report))
        numbered += sum(item is not None and not item.heading for _, item in items)
    assert numbered > 100


def test_pl502_head_test_never_skips_a_body_that_says_nothing(reports):
    noise = empty_section._NOISE
    empty = {noise.sub("", phrase) for phrase in empty_section.EmptySectionOptions().empty_phrases}
    longest = max(map(len, empty))
    bodies = [s.body.text for r in reports for s in r.sections if s.body is not None]
    bodies += ["无" + " " * 200, "，" * 100 + "暂无", " \n" * 40 + "略"]
    for body in bodies:
        if len(noise.sub("", body[:empty_section._HEAD])) > longest:
            bare = noise.sub("", body)
            assert bare and bare not in empty


def test_phrase_end_finds_every_phrase_end_followed_as_asked(reports):
    phrases = tuple(MEASURES)
    after = r"\s*(?:[，,；;。\n]|$)"
    pattern, follows = phrase_end(phrases, after), re.compile(after)
    for report in reports:
        for block in text_view(report).blocks:
            text = block.text.text
            ends = {m.start() for m in pattern.finditer(text)}
            assert {end - 1 for _, end, _ in matcher(phrases).find(text) if follows.match(text, end)} <= ends
    assert phrase_end((), after).search("座，") is None


def test_sentences_holding_keeps_order_and_drops_offsets_between_sentences(reports):
    view = text_view(reports[0])
    block = view.blocks[0]
    parts = view.sentences(block)
    offsets = [p.start for p in reversed(parts)] + [parts[0].start, parts[-1].end - 1]
    assert sentences_holding(parts, offsets) == parts
    gaps = [p.end for p in parts if p.end < len(block.text.text) and block.text.text[p.end] in " \n"]
    assert sentences_holding(parts, gaps) == []

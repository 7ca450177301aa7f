"""The table reader's shortcuts answer as the slow paths they replace.

- `_norm` skips its regex for printable cells without a space: it must still drop every whitespace
  character the regex drops;
- an indicator row's deepest node is built once with the row's values: each node must hold the
  values, and the set of fields, that building it and then setting each value gave.
"""

from __future__ import annotations

import re
import sys

from perflint.extract.tables import TableFacts, _norm, read_table
from perflint.extract.textdoc import text_document
from perflint.profiles import builtin_profiles

_SPACE = re.compile(r"\s+")


def test_norm_drops_every_whitespace_character() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if _SPACE.match(chr(c))]
    texts = ["预算执行率", "全年 预算数", "≥95%", "-", "", "项目资金（万元）", "a\u200bb", "数量指标\u00ad"]
    texts += [f"全年{space}预算数" for space in spaces] + [f"{space}得分" for space in spaces]
    for text in texts:
        assert _norm(text) == _SPACE.sub("", text), repr(text)


_TABLE = """\
一级指标 | 权重 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分 | 偏差原因
产出指标 | 50 | 数量指标（20分） | 培训人次 | 10 | ≥200人次 | 215人次 | 10 |
 |  |  | 发放手册 | 10 | 500册 | 480册 | 9 | 印刷延期
 |  | 质量指标 | 合格率 | 30 | ≥95% | 93% | 28 | 部分学员缺考
效益指标 | 30 | 社会效益 |  | 30 | 有所提升 | 明显提升 | 28 |
满意度指标（20分） |  |  |  | 20 | ≥90% |  |  |
总分 | 100 |  |  | 100 |  |  | 95 |
"""


def _tree(nodes) -> list:
    def literal(value):
        return None if value is None else value.literal

    return [(node.level, node.name.text, literal(node.weight), literal(node.target), literal(node.actual),
             literal(node.score), node.reason.text if node.reason else None,
             sorted(node.__pydantic_fields_set__), _tree(node.children)) for node in nodes]


def test_indicator_rows_hold_their_values_and_fields() -> None:
    document = text_document(_TABLE)
    table = next(block for block in document.blocks if hasattr(block, "rows"))
    facts = TableFacts()
    read_table(facts, table, None, None, builtin_profiles().get("national/base").compiled_columns)
    base = ["level", "name", "span", "weight"]
    leaf = [*base, "actual", "score", "target"]
    assert _tree(facts.indicators) == [
        (1, "产出指标", "50", None, None, None, None, base, [
            (2, "数量指标", "20分", None, None, None, None, base, [
                (3, "培训人次", "10", "≥200人次", "215人次", "10", None, sorted(leaf), []),
                (3, "发放手册", "10", "500册", "480册", "9", "印刷延期", sorted([*leaf, "reason"]), [])]),
            (2, "质量指标", None, None, None, None, None, base, [
                (3, "合格率", "30", "≥95%", "93%", "28", "部分学员缺考", sorted([*leaf, "reason"]), [])])]),
        (1, "效益指标", "30", None, None, None, None, base, [
            (2, "社会效益", "30", "有所提升", "明显提升", "28", None, sorted(leaf), [])]),
        (1, "满意度指标", "20", "≥90%", None, None, None, sorted([*base, "target"]), [])]
    assert facts.evaluation is not None and facts.evaluation.total_score.literal == "95"

"""Budget words in their canonical form, for every place that names a concept.

`全年实际支出`, `决算数` and `本单位年度执行数` all state the 执行数; extraction names facts with the
canonical word and PL401 compares concepts by it, so both must agree on the one mapping.
"""

from __future__ import annotations

import re

_BUDGET_WORD = re.compile(r"^(?:本部门|本单位)?(?:年终|全年|年度|整体|本年度?)*(?:实际)?"
                          r"(?P<word>预算数|预算支出|执行数|决算数|决算支出|实际支出|支出完成率|执行率|完成率)$")
_CANONICAL = {"预算支出": "预算数", "决算数": "执行数", "决算支出": "执行数", "实际支出": "执行数",
              "支出完成率": "执行率", "完成率": "执行率"}


def budget_word(label: str) -> str | None:
    """预算数, 执行数 or 执行率 when `label` (spaces removed) is only a budget word with the report's
    own time or unit before it; None otherwise."""
    match = _BUDGET_WORD.match(label)
    if match is None:
        return None
    word = match.group("word")
    return _CANONICAL.get(word, word)

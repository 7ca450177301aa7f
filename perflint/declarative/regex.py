"""The RE2 patterns a ruleset writes: compiled quietly, refused with a reason its author can act on.

A declarative rule compiles a pattern in three places: a `pattern` rule's `regex`, a condition's
`regex` (with `matches`), and a selector's `~=` filter. Each goes through `compile_pattern`, so
an invalid pattern is a configuration error (file, line, rule) in Chinese and English, and RE2
prints nothing of its own on stderr (its C++ logger would, before perflint's message).

A `pattern` rule reports each match, so a pattern that can match the empty string would report
every position of every text (a 200 KB report: 200,000 findings quoting nothing). Such a pattern
is refused when the ruleset loads (`refuse_empty_matches`); a condition's regex may match the
empty string (`^\\s*$` asks whether a text is blank), since a condition reports nothing itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from perflint.lang import Message

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False

#: Texts that hold every kind of position an empty match can need: the start and end of a text,
#: of a line (`(?m)^`, `$`), inside and between words (`\b`, `\B`), Chinese text and spaces. A
#: pattern that can match the empty string does so at one of their positions, because only
#: those assertions can keep an empty match from matching anywhere (RE2 has no lookaround).
_PROBES = ("", "a", " ", "ab", "a b", "a\nb", "\n\n", " \n ", "中文，a1_b。\n", "1.5万元")


@lru_cache(maxsize=256)
def compile_pattern(regex: str) -> Any:
    """The compiled RE2 pattern (once per run: RE2 objects are immutable). Not valid RE2 syntax,
    or over RE2's size limit: a ValueError whose argument is a `Message` (zh, en) with RE2's
    reason, which pydantic and the ruleset loader show in the run's language."""
    try:
        return re2.compile(regex, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(Message(f"不是有效的 RE2 正则表达式（{reason}）",
                                 f"not a valid RE2 expression: {reason}")) from None


def valid_pattern(regex: str) -> str:
    """`regex` itself when it compiles in RE2 (a pydantic field validator), else ValueError."""
    compile_pattern(regex)
    return regex


def empty_match(pattern: Any) -> str | None:
    """A probe text in which `pattern` quotes an empty string (its group 1 when it has groups,
    as a `pattern` rule quotes it), or None when it never does."""
    group = 1 if pattern.groups >= 1 else 0
    for probe in _PROBES:
        for match in pattern.finditer(probe):
            start, end = match.start(group), match.end(group)
            if start >= 0 and start == end:
                return probe
    return None


def refuse_empty_matches(regex: str) -> str:
    """`regex` itself when it compiles in RE2 and never quotes an empty string (a pydantic field
    validator of the `pattern` kind), else ValueError saying why."""
    pattern = compile_pattern(regex)
    if empty_match(pattern) is not None:
        part = "第 1 组" if pattern.groups >= 1 else "整个表达式"
        part_en = "its group 1" if pattern.groups >= 1 else "the expression"
        raise ValueError(Message(
            f"正则表达式可以匹配空字符串（{part}），会在文本的每个位置各报告一次；"
            "请让它至少匹配一个字符（如把 * 改为 +）",
            f"the regex can match the empty string ({part_en}), which would report every position "
            "of the text; make it match at least one character (e.g. + instead of *)"))
    return regex


def refuse_blank_phrases(phrases: list[str]) -> list[str]:
    """`phrases` when none is empty or only white space (a pydantic field validator of the
    `phrase` kind): an empty phrase occurs at every character."""
    for number, phrase in enumerate(phrases, start=1):
        if not phrase.strip():
            raise ValueError(Message(
                f"第 {number} 个短语为空，会在文本的每个字符处各报告一次",
                f"phrase {number} is empty, which would report every character of the text"))
    return phrases

"""Parse figures as Chinese reports write them, keeping the literal and its precision.

A report's `126.59%` and `21.20万元` are claims with a stated precision, not floats: the
arithmetic rules need the exact decimal value, the number of decimals written, the unit and any
comparator (`不少于24次`), so this module never goes through float.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from perflint.lang import Message

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，％－＋＜＞＝",
    "0123456789.,%-+<>=",
)
#: A character `_FULLWIDTH` changes: few literals hold one, and `str.translate` costs a dict look-up
#: per character of a text that is not pure ASCII (most literals end in a Chinese unit).
_HAS_FULLWIDTH = re.compile("[" + re.escape("".join(map(chr, _FULLWIDTH))) + "]")

#: Literals that mean "no value was given" in a table cell.
NIL_LITERALS = frozenset({"", "-", "—", "－", "--", "——", "/", "／", "―", "–"})

#: Comparator words, longest first so that `不低于` wins over `低于`.
_COMPARATOR_PREFIXES: tuple[tuple[str, str], ...] = (
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("大于等于", ">="), ("至少", ">="),
    ("≥", ">="), (">=", ">="), ("不超过", "<="), ("不高于", "<="), ("不大于", "<="),
    ("小于等于", "<="), ("控制在", "<="), ("≤", "<="), ("<=", "<="), ("大于", ">"),
    ("高于", ">"), ("超过", ">"), (">", ">"), ("小于", "<"), ("低于", "<"), ("<", "<"),
    ("等于", "="), ("=", "="), ("达到", ">="),
)
_COMPARATOR_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("及以上", ">="), ("及以下", "<="), ("以上", ">="), ("以下", "<="), ("以内", "<="),
)
#: Most literals start with a digit and end without a comparator word: one test in C each tells
#: `parse_figure` that no word of the lists above can match, before it tries them one by one.
_COMPARATOR_FIRST = frozenset(word[0] for word, _ in _COMPARATOR_PREFIXES)
_SUFFIX_WORDS = tuple(word for word, _ in _COMPARATOR_SUFFIXES)

#: Units a figure may carry, mapped to (base unit, multiplier). Magnitude prefixes 万/亿/千
#: combine with count units (`80万次`) and money (`10.923亿元`).
BASE_UNITS: frozenset[str] = frozenset({
    "元", "%", "‰", "人", "宗", "亩", "件", "次", "户", "分", "个", "份", "间", "条", "项", "批次",
    "天", "日", "小时", "分钟", "年", "月", "家", "所", "台", "套", "本", "册", "场", "期", "名",
    "人次", "平方米", "公里", "千米", "米", "吨", "株", "处", "座", "辆", "篇", "门", "类", "张",
    "栋", "幅", "公顷", "平方公里", "km", "万人次",
})
#: Units that count whole things: `32宗` is exactly 32, not 32 ± 0.5, so no rounding tolerance.
COUNT_UNITS: frozenset[str] = frozenset({
    "人", "宗", "件", "次", "户", "个", "份", "间", "条", "项", "批次", "家", "所", "台", "套", "本",
    "册", "场", "期", "名", "人次", "处", "座", "辆", "篇", "门", "类", "张", "栋", "幅", "株",
})
_MAGNITUDES: dict[str, Decimal] = {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}

#: A number as written, its decimals (the digits after the point) as group 1.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")

#: The most digits a figure may be written with (from its first significant digit to its last
#: decimal) and still be checked. Real figures have at most 15–17 (Excel keeps 15; a trillion
#: 元 with 分 is 16), so more is a typo or a forged file. Within it every sum perflint forms is
#: exact in Decimal's default 28-digit context and every rounded expected value fits the
#: 60-digit context of perflint.intervals; a longer figure is left out of the arithmetic and
#: execution-rate checks, which say so (PL111) instead of computing with it.
CHECKED_DIGITS = 24


def written_digits(value: Decimal, decimals: int) -> int:
    """How many digits a figure is written with, from its first significant digit to its last
    decimal: `123.45` 5, `0.0012` 4, `-0.5` 1, `0` 0."""
    whole = value.adjusted() + 1 if value and value.is_finite() and value.adjusted() >= 0 else 0
    return whole + decimals


def checkable(value: Decimal | None, decimals: int) -> bool:
    """A figure perflint checks: a finite value written with at most `CHECKED_DIGITS` digits."""
    return value is not None and value.is_finite() and written_digits(value, decimals) <= CHECKED_DIGITS


class NumberFormatError(ValueError):
    """A literal that should hold a figure does not, or names a unit perflint does not know. Its
    argument is a `perflint.lang.Message` (Chinese, with the English)."""


def _not_a_figure(literal: str) -> NumberFormatError:
    return NumberFormatError(Message(f"“{literal}”不是数字", f"not a figure: {literal!r}"))


@dataclass(frozen=True, slots=True)
class ParsedFigure:
    """What a literal such as `不少于24次` says: comparator, value, decimals, unit."""

    value: Decimal | None
    decimals: int
    unit: str | None
    comparator: str | None
    nil: bool = False


#: The slot setters of ParsedFigure, for `_parsed`.
_SET_VALUE, _SET_DECIMALS, _SET_UNIT, _SET_COMPARATOR, _SET_NIL = (
    ParsedFigure.__dict__[name].__set__ for name in ("value", "decimals", "unit", "comparator", "nil"))
_new = object.__new__


def _parsed(value: Decimal | None, decimals: int, unit: str | None, comparator: str | None,
            nil: bool = False) -> ParsedFigure:
    """`ParsedFigure(value, decimals, unit, comparator, nil)`, its slots set directly: a frozen
    dataclass's `__init__` goes through `object.__setattr__` per field, most of the cost of a
    parse, and a report parses a few dozen literals it has not seen before."""
    figure = _new(ParsedFigure)
    _SET_VALUE(figure, value)
    _SET_DECIMALS(figure, decimals)
    _SET_UNIT(figure, unit)
    _SET_COMPARATOR(figure, comparator)
    _SET_NIL(figure, nil)
    return figure


def normalize(text: str) -> str:
    """Full-width digits and punctuation to ASCII, surrounding whitespace removed."""
    return (text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text).strip()


def split_unit(unit: str) -> tuple[str, Decimal]:
    """`万元` → (`元`, 10000); `%` → (`%`, 1); `万次/年` → (`次/年`, 10000).

    Raises for a unit that is not known."""
    if "/" in unit:
        numerator, _, denominator = unit.partition("/")
        base, scale = split_unit(numerator)
        split_unit(denominator)
        return f"{base}/{denominator}", scale
    if unit in BASE_UNITS:
        return unit, Decimal(1)
    if unit and unit[0] in _MAGNITUDES and unit[1:] in BASE_UNITS:
        return unit[1:], _MAGNITUDES[unit[0]]
    raise NumberFormatError(Message(f"未知的单位“{unit}”", f"unknown unit {unit!r}"))


@functools.lru_cache(maxsize=1024)
def is_known_unit(unit: str) -> bool:
    """A known unit, or a rate of two known units (`次/年`). Remembered: every figure with a unit
    asks, and a report writes a handful of units."""
    parts = unit.split("/")
    if len(parts) > 2:
        return False
    for part in parts:
        try:
            split_unit(part)
        except NumberFormatError:
            return False
    return True


def _without_measure_word(unit: str) -> str:
    """`3个批次`, `6个月`: the measure word 个 before a unit noun adds nothing; the unit is 批次."""
    if len(unit) > 1 and unit[0] == "个" and is_known_unit(unit[1:]):
        return unit[1:]
    return unit


def parse_figure(literal: str, *, allow_text: bool = False) -> ParsedFigure:
    """Parse one stated figure.

    With `allow_text`, a literal that is not a figure (`是`, `按时完成`) parses to a value-less
    result instead of raising, because indicator targets are often words. A number followed by a
    unit perflint does not know (`12斤`) always raises: it is a figure we cannot compare.
    """
    text = normalize(literal)
    if text in NIL_LITERALS:
        return _parsed(None, 0, None, None, True)
    comparator = None
    if text[:1] in _COMPARATOR_FIRST:
        for word, op in _COMPARATOR_PREFIXES:
            if text.startswith(word):
                comparator, text = op, text[len(word):].strip()
                break
    if text.endswith(_SUFFIX_WORDS):
        for word, op in _COMPARATOR_SUFFIXES:
            if text.endswith(word):
                comparator, text = comparator or op, text[: -len(word)].strip()
                break
    match = _NUMBER.match(text)
    if match is None:
        if allow_text:
            return _parsed(None, 0, None, None)
        raise _not_a_figure(literal)
    digits, fraction = match.group(0, 1)
    if "," in digits:
        digits = digits.replace(",", "")
    rest = text[match.end():].strip()
    unit = _without_measure_word(rest) if rest else None
    if unit is not None and not is_known_unit(unit):
        raise NumberFormatError(Message(f"“{literal}”的单位“{unit}”未知",
                                        f"unknown unit {unit!r} in {literal!r}"))
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise _not_a_figure(literal) from exc
    return _parsed(value, len(fraction) if fraction else 0, unit, comparator)

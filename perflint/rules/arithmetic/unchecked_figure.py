"""PL111 unchecked-figure: a figure written with more digits than perflint checks.

What it checks
    Every figure of the report (budget tables, breakdowns, balance sheets, ratios, indicators,
    facts, scores) written with more than 24 digits from its first significant digit to its last
    decimal (`perflint.numbers.CHECKED_DIGITS`): `1111…1.5` with 70 digits, or a rate with 30
    decimals. The arithmetic and execution-rate checks (PL1xx, PL2xx) leave such a figure out
    instead of computing with it, and this warning says so, quoting it (cut to its first and last
    digits when it is long) with its number of digits. The other figures of the report are
    checked as usual.

Why it matters
    No real report needs that many digits: Excel keeps 15, and a trillion 元 written to the 分 is
    16. A figure that long is a typing slip (a column of figures run together, a pasted account
    number) or a forged file, and a check on it would claim a precision nobody wrote. Saying it
    was not checked keeps "no finding" meaning "checked and consistent".

Example
    全年预算数 111111111111111111111111111111.50万元
    (PL111: 数字“111111111111111111111111111111.50万元”有32位，超出可核对的24位)
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from perflint.findings import Finding
from perflint.model import Quantity, Report
from perflint.numbers import CHECKED_DIGITS, checkable, written_digits
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.walks import fields_getter

#: A literal longer than this is quoted in the message by its first and last characters.
_SHOWN = 40


def figures(report: Report) -> Iterator[Quantity]:
    """Every Quantity anywhere in the report, in model order (walked with a stack: a report's
    nesting is bounded by the loaders' `limits.nesting-depth`, but a rule should not recurse on
    input it did not check). Only the fields whose declared type can hold a Quantity are entered:
    a report's spans, texts and section bodies are most of its objects and hold none."""
    stack: list[Any] = [report]
    while stack:
        value = stack.pop()
        children = _CHILDREN.get(type(value))
        if children is None:
            children = _children(type(value))
        if children is _QUANTITY:
            yield value
        elif children is not _NONE:
            stack.extend(reversed(children(value)))


#: What `figures` does with a value of a class: yield it, pass it, or push what `children(value)`
#: returns. Kept per exact class: pydantic's classes are ABCs, and a chain of `isinstance` tests
#: per value (most values are None or a Quantity) cost more than the rest of the walk.
_QUANTITY, _NONE = "quantity", "none"
_CHILDREN: dict[type, Any] = {type(None): _NONE}


def _children(cls: type) -> Any:
    """`_CHILDREN`'s entry for `cls`: a Quantity is yielded; a model's children are its fields that
    can hold one (`_holding_fields`), a list's or tuple's its items, a dict's its values."""
    children: Any = _NONE
    if issubclass(cls, Quantity):
        children = _QUANTITY
    elif issubclass(cls, BaseModel):
        names = _holding_fields(cls)
        if names:
            children = fields_getter(names)
    elif issubclass(cls, list | tuple):
        children = _itself
    elif issubclass(cls, dict):
        children = _values
    _CHILDREN[cls] = children
    return children


def _itself(value: list | tuple) -> list | tuple:
    return value


def _values(value: dict) -> list:
    return list(value.values())


@cache
def _holding_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The names of `model`'s fields, in order, whose declared type can hold a Quantity (the
    model is validated, so a field holds what it declares; cached per class)."""
    return tuple(name for name, field in model.model_fields.items()
                 if _may_hold(field.annotation, frozenset({model})))


def _may_hold(annotation: Any, entered: frozenset[type]) -> bool:
    """Whether a value of this declared type can be or contain a Quantity. Anything it cannot
    tell (Any, a forward reference, a bare list, a model already being entered) counts as yes,
    so the walk only ever skips what provably holds none."""
    if get_origin(annotation) is Literal:
        return False
    arguments = get_args(annotation)
    if arguments:
        return any(_may_hold(argument, entered) for argument in arguments)
    if not isinstance(annotation, type):
        return annotation is not None
    if issubclass(annotation, Quantity) or annotation in entered:
        return True
    if issubclass(annotation, BaseModel):
        return any(_may_hold(field.annotation, entered | {annotation})
                   for field in annotation.model_fields.values())
    return issubclass(annotation, list | tuple | dict | set | frozenset)


def shortened(literal: str) -> str:
    """The literal as a message quotes it: whole up to `_SHOWN` characters, else its start and
    end around an ellipsis."""
    if len(literal) <= _SHOWN:
        return literal
    return f"{literal[:_SHOWN // 2]}…{literal[-_SHOWN // 4:]}"


class UncheckedFigure(ReportRule):
    """A figure is written with more digits than perflint can check."""

    code = "PL111"
    name = "unchecked-figure"
    severity = "warning"
    groups = ("arithmetic",)
    messages = {
        "zh": "数字“{figure}”有{digits}位，超出可核对的{limit}位，算术与执行率检查均未使用它",
        "en": "the figure “{figure}” has {digits} digits, more than the {limit} perflint can check; "
              "no arithmetic or execution-rate check uses it",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        seen: set[object] = set()
        for quantity in figures(report):
            if quantity.nil or quantity.value is None or checkable(quantity.value, quantity.decimals):
                continue
            span = quantity.span
            key = (span.line, span.column, span.offset, quantity.literal) if span else id(quantity)
            if key in seen:
                continue  # the same figure kept in two places of the model (a fact and a table)
            seen.add(key)
            figure = shortened(quantity.literal)
            yield ctx.finding(span, stated=figure, figure=figure, limit=CHECKED_DIGITS,
                              digits=written_digits(quantity.value, quantity.decimals))

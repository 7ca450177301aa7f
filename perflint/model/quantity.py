"""A stated figure or a stated phrase, each keeping its literal and its source span.

Rules compare figures through `interval()` so that tolerance always follows the precision the
report itself wrote (DESIGN.md: "Numbers are facts, with precision"); there is no epsilon here.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from pydantic import model_validator

from perflint.lang import Message
from perflint.model.span import Located, LocatedStr
from perflint.numbers import (
    COUNT_UNITS,
    NumberFormatError,
    ParsedFigure,
    is_known_unit,
    parse_figure,
    split_unit,
)


@functools.lru_cache(maxsize=16384)
def cached_parse_figure(literal: str, allow_text: bool = False) -> ParsedFigure:
    """`parse_figure`, remembered: the same literals (`100%`, `是`, `-`) recur in every report and
    every report is validated figure by figure. ParsedFigure is frozen, so sharing is safe; a
    literal that raises is not remembered and raises again."""
    return parse_figure(literal, allow_text=allow_text)


@functools.lru_cache(maxsize=16384)
def _literal_fields(literal: str) -> dict[str, Any]:
    """The fields `_parse_literal` derives from a figure written as a bare literal (copied by
    each caller: the validator's input is not shared)."""
    figure = cached_parse_figure(literal, True)
    return {"literal": literal, "value": figure.value, "decimals": figure.decimals, "nil": figure.nil,
            "unit": figure.unit, "comparator": figure.comparator}


class Quantity(Located):
    """A figure as stated: `literal` is the exact text, the rest is derived from it.

    `value` is None when the literal states no number (`-`, `是`, `按时完成`); `nil` marks the
    explicit "no value" literals (`-`, `—`, blank). `unit` may be None when the surrounding table
    states it (`单位：万元`); `Report.money_unit` then applies.
    """

    literal: str
    value: Decimal | None = None
    decimals: int = 0
    unit: str | None = None
    comparator: str | None = None
    nil: bool = False
    concept: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse_literal(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError(Message("应为数字，而不是 true/false", "expected a figure, got a boolean"))
        if isinstance(data, str):  # a literal as most figures are written: its fields remembered
            try:
                fields = _literal_fields(str(data))
            except NumberFormatError as exc:
                raise ValueError(exc.args[0] if exc.args else str(exc)) from exc
            span = getattr(data, "span", None)
            return fields.copy() if span is None else {**fields, "span": span}
        if isinstance(data, int | Decimal):
            span = getattr(data, "span", None)
            data = {"literal": str(data), "span": span}
        if isinstance(data, float):
            raise ValueError(Message("数字应写成带引号的文本（如 '21.20'），以保留其精度",
                                     "write figures as text (e.g. '21.20') so their precision is kept"))
        if not isinstance(data, dict) or "literal" not in data:
            return data
        # A figure written as a mapping ({literal: "90%", concept: 满意度}) is located at its literal.
        located = getattr(data.get("literal"), "span", None) or getattr(data, "span", None)
        data = dict(data)
        if located is not None:
            data.setdefault("span", located)
        if "span" in data and data["span"] is None:
            data.pop("span")
        if data.get("value") is None and not data.get("nil"):
            try:
                figure = cached_parse_figure(str(data["literal"]), bool(data.get("allow_text", True)))
            except NumberFormatError as exc:
                raise ValueError(exc.args[0] if exc.args else str(exc)) from exc
            data.update(value=figure.value, decimals=figure.decimals, nil=figure.nil)
            data.setdefault("unit", figure.unit)
            data.setdefault("comparator", figure.comparator)
        data.pop("allow_text", None)
        return data

    @model_validator(mode="after")
    def _check_unit(self) -> Quantity:
        if self.unit is not None and not is_known_unit(self.unit):
            raise ValueError(Message(f"未知的单位“{self.unit}”", f"unknown unit {self.unit!r}"))
        return self

    @property
    def is_number(self) -> bool:
        return self.value is not None

    def base(self, default_unit: str | None = None) -> tuple[str | None, Decimal]:
        """The base unit and the multiplier to reach it (`万元` → `元`, 10000)."""
        unit = self.unit or default_unit
        if unit is None:
            return None, Decimal(1)
        return split_unit(unit)

    def interval(self, default_unit: str | None = None) -> tuple[Decimal, Decimal]:
        """The closed interval this figure stands for, in its base unit: value ± ½·10^-d.

        Whole counts (`32宗`, `7人`) are exact: nobody rounds a number of parcels.
        """
        if self.value is None:
            raise ValueError(f"{self.literal!r} states no number")
        _, scale = self.base(default_unit)
        if self.unit in COUNT_UNITS and self.decimals == 0:
            return self.value, self.value
        half = Decimal(5) * Decimal(10) ** (-self.decimals - 1)
        return (self.value - half) * scale, (self.value + half) * scale


class Text(Located):
    """A stated phrase (a grade, a deviation reason, a heading) with its source span."""

    text: str

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, data: Any) -> Any:
        if isinstance(data, str):
            span = data.span if isinstance(data, LocatedStr) else None
            return {"text": str(data), "span": span} if span else {"text": str(data)}
        return data

    def __str__(self) -> str:
        return self.text

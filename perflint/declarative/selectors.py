"""Selectors: how a YAML rule names figures and texts in a Report.

Grammar: dot-separated steps, each a field name optionally followed by a filter::

    budget_tables[kind=资金结构].rows[*].rate
    indicator[name=预算完成率].score        # `indicator` = every node of the indicator tree
    facts[concept=满意度].value
    sections[heading~=社会满意度].body       # `~=` is an RE2 search, `=` exact text

Selectors are checked against the model's field names when the ruleset is loaded, so a typo is a
configuration error instead of a rule that silently never fires.
"""

from __future__ import annotations

import re as _stdlib_re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from perflint.declarative.regex import compile_pattern
from perflint.lang import localized
from perflint.model import Indicator, Quantity, Report, Text
from perflint.rules.memo import all_indicators

#: Virtual fields on Report: flattened views that YAML authors need.
VIRTUAL_FIELDS: dict[str, tuple[type, Any]] = {
    "indicator": (Indicator, lambda report: list(all_indicators(report))),
}

_STEP = _stdlib_re.compile(r"^(?P<name>[A-Za-z_][A-Za-z_0-9]*)(?:\[(?P<filter>.*)\])?$", _stdlib_re.S)
_FILTER = _stdlib_re.compile(
    r"^\s*(?:(?P<all>\*)|(?P<key>[A-Za-z_][A-Za-z_0-9]*)\s*(?P<op>~=|=)\s*(?P<value>.*?))\s*$")


class SelectorError(ValueError):
    """A selector that does not parse or names a field the model does not have."""


@dataclass(frozen=True)
class Step:
    name: str
    key: str | None = None
    op: str | None = None
    value: str | None = None
    pattern: Any = None

    def keeps(self, item: Any) -> bool:
        if self.key is None:
            return True
        field_value = getattr(item, self.key, None)
        text = _as_text(field_value)
        if text is None:
            return False
        if self.op == "=":
            return text == self.value
        return self.pattern.search(text) is not None


def _as_text(value: Any) -> str | None:
    if isinstance(value, Text):
        return value.text
    if isinstance(value, Quantity):
        return value.literal
    if value is None:
        return None
    return str(value)


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The model class behind a field annotation, and whether it is a list."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if args else (None, False)
    if origin is list:
        inner, _ = _unwrap(typing.get_args(annotation)[0])
        return inner, True
    return annotation, False


@dataclass(frozen=True)
class Selector:
    text: str
    steps: tuple[Step, ...]
    relative: bool
    target: Any = None  # the model class the selector reaches (for `each:` element types)

    @classmethod
    def parse(cls, text: str, root: type[BaseModel] = Report) -> Selector:
        """Parse and check a selector against the fields of `root` (Report, or the element type of
        a rule's `each:`)."""
        relative = root is not Report
        steps = []
        model: Any = root
        for raw in _split_steps(text.strip()):
            match = _STEP.match(raw.strip())
            if match is None:
                raise SelectorError(f"cannot parse selector step {raw!r} in {text!r}")
            name, filter_text = match.group("name"), match.group("filter")
            if model is Report and name in VIRTUAL_FIELDS:
                next_model = VIRTUAL_FIELDS[name][0]
            elif isinstance(model, type) and issubclass(model, BaseModel) and name in model.model_fields:
                next_model, _ = _unwrap(model.model_fields[name].annotation)
            else:
                known = sorted(model.model_fields) if isinstance(model, type) and issubclass(
                    model, BaseModel) else []
                raise SelectorError(f"{text!r}: {getattr(model, '__name__', model)} has no field {name!r}"
                                    + (f" (fields: {', '.join(known)})" if known else ""))
            step = Step(name)
            if filter_text is not None:
                step = _parse_filter(filter_text, name, next_model, text)
            steps.append(step)
            model = next_model
        return cls(text, tuple(steps), relative, model)

    def select(self, root: Any) -> list[Any]:
        """Every value the selector reaches from `root`, lists flattened, missing values dropped."""
        current = [root]
        for step in self.steps:
            following = []
            for item in current:
                if isinstance(item, Report) and step.name in VIRTUAL_FIELDS and not self.relative:
                    value = VIRTUAL_FIELDS[step.name][1](item)
                else:
                    value = getattr(item, step.name, None)
                if value is None:
                    continue
                for element in value if isinstance(value, list) else [value]:
                    if step.keeps(element):
                        following.append(element)
            current = following
        return current


def _split_steps(text: str) -> list[str]:
    """Split on dots outside [...] filters (a filter's pattern may hold dots and escaped brackets)."""
    steps, current, depth, escaped = [], [], 0, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "." and depth == 0:
            steps.append("".join(current))
            current = []
            continue
        current.append(char)
    steps.append("".join(current))
    return steps


def _parse_filter(filter_text: str, name: str, model: Any, selector: str) -> Step:
    match = _FILTER.match(filter_text)
    if match is None:
        raise SelectorError(f"cannot parse filter [{filter_text}] in {selector!r}")
    if match.group("all"):
        return Step(name)
    key, op, value = match.group("key"), match.group("op"), match.group("value").strip("'\" ")
    if isinstance(model, type) and issubclass(model, BaseModel) and key not in model.model_fields:
        raise SelectorError(f"{selector!r}: {model.__name__} has no field {key!r} to filter on")
    pattern = None
    if op == "~=":
        try:
            pattern = compile_pattern(value)
        except ValueError as exc:
            raise SelectorError(f"{selector!r}: pattern {value!r}: {localized(exc.args[0], 'en')}") from None
    return Step(name, key, op, value, pattern)

"""A normalized report read line by line straight into the model.

yaml_lines reads the YAML perflint writes into located data (a located string, mapping or list
with a span for every value), which pydantic then validated into the Report: ≈ 330 located values
and ≈ 200 model validations per report, most of the loading time. Here the same walk over the
lines (yaml_lines' `LineWalker`: its line pattern, structure rules, scalar styles and `|-` blocks)
builds each model as its mapping closes and each figure and text as it is read, from the field
plans of report_plan: a value is checked against the field it fills as it is read, and only the
spans a model keeps are made (none for a label, a level or a list).

Only a plainly valid report in that subset is built: any line yaml_lines would not read, any
limit reached, and any key, value or shape the plan does not accept (an unknown key, a figure
written as a mapping, a figure pydantic refuses, a text where a number is wanted …) declines the
whole document, and yaml_loader reads it as before (libyaml, pydantic), so every error message and
every unusual document stays what it was. A built Report is equal to the validated one, field for
field, with the same fields set and the same spans (tests/core/test_report_lines.py).
"""

from __future__ import annotations

from typing import Any

from perflint.loaders.report_plan import (
    BOOLEAN,
    CHOICE,
    FIGURE_MAPPING,
    INTEGER,
    INTEGER_TEXT,
    LIST,
    MODEL,
    QUANTITY,
    QUANTITY_FIELDS,
    REPORT,
    STRING,
    TEXT,
    FieldPlan,
    ModelPlan,
    figure,
)
from perflint.loaders.yaml_lines import Frame, LineWalker, Unusual, collection_span, span
from perflint.model import Quantity, Report, Text
from perflint.model.span import restore


def read(source: str, scalar_kind: Any, max_depth: int, max_nodes: int, max_chars: int) -> Report | None:
    """The Report of `source` when it is in yaml_lines' subset, within the limits and plainly
    valid; None otherwise (the caller reads it the general way, which decides its errors).
    The arguments are yaml_lines.read's: `scalar_kind(value)` is the kind a plain scalar resolves
    to ("str", "null", "bool" …)."""
    if REPORT is None:
        return None
    return _ModelReader.read(source, scalar_kind, max_depth, max_nodes, max_chars)


class _ModelFrame(Frame):
    """An open mapping (a model being read: its plan, the fields given so far as its `value`, and
    the plan of the field whose key was read) or list (its items' plan and the items so far)."""

    __slots__ = ("field", "plan")

    def __init__(self, mapping: bool, plan: Any, line: int, column: int, index: int) -> None:
        self.mapping, self.plan, self.line, self.column, self.index = mapping, plan, line, column, index
        self.value: Any = {} if mapping else []
        self.indent, self.key, self.field = column, None, None


class _ModelReader(LineWalker):
    """yaml_lines' walk over the lines, each value checked against the field it fills and put
    there as it is read, each mapping made its model as it closes."""

    __slots__ = ()

    def _frame(self, mapping: bool, parent: Frame | None, number: int, column: int, at: int) -> Frame:
        """Open a mapping (a model, or a figure with its concept) or a list as the value of the
        field it fills in `parent`."""
        field = _slot(parent) if parent is not None else _REPORT_FIELD
        if mapping and field.code == QUANTITY:
            plan = FIGURE_MAPPING
        elif field.code == (MODEL if mapping else LIST):
            plan = field.detail
        else:
            raise Unusual  # a mapping or list where the field wants a text, a figure …
        return _ModelFrame(mapping, plan, number, column, at)

    def _key(self, top: Any, key: str) -> None:
        field = top.plan.fields.get(key)
        if field is None or key in top.value:
            raise Unusual  # no field of the model (pydantic: extra, span), or a repeated key
        top.key, top.field = key, field

    def _text(self, top: Frame, value: str, line: int, column: int, end_line: int, end_column: int,
              quote: str, offset: int, end_offset: int) -> Any:
        """As its field's validator reads it: a Quantity or a Text at its span, a text, a number
        or a choice."""
        field = top.field if top.mapping else top.plan  # `_slot(top)`, inlined: this runs for every scalar
        code = field.code
        if code == QUANTITY:
            read = figure(value)
            if read is None:
                raise Unusual  # not a figure, or an unknown unit: pydantic's message
            literal, number, decimals, unit, comparator, nil = read
            spot = span(line, column, end_line, end_column, quote, offset, end_offset)
            return restore(Quantity, {"span": spot, "literal": literal, "value": number, "decimals": decimals,
                                      "unit": unit, "comparator": comparator, "nil": nil, "concept": None},
                           set(QUANTITY_FIELDS), None, None)
        if code == TEXT:
            return restore(Text, {"span": span(line, column, end_line, end_column, quote, offset, end_offset),
                                  "text": value}, {"span", "text"}, None, None)
        if code == STRING:
            return value if field.detail is None else field.detail(value)
        if code == INTEGER and INTEGER_TEXT.fullmatch(value):
            low, high = field.detail
            integer = int(value)
            if (low is None or integer >= low) and (high is None or integer <= high):
                return integer
        elif code == CHOICE and value in field.detail:
            return value
        raise Unusual

    def _word(self, top: Frame, kind: str, value: str) -> bool | None:
        field = _slot(top)
        if kind == "null" and field.optional:
            return None
        if kind == "bool" and field.code == BOOLEAN:
            return value.lower() in ("true", "yes", "on")
        raise Unusual  # null where a value is required, true/false where no bool is, another kind

    def _finish(self, done: Any, number: int, at: int) -> Any:
        """A list's items, or a mapping's model, as `Located._take_span_from_source` and pydantic's
        defaults make it."""
        if not done.mapping:
            return done.value
        plan: ModelPlan = done.plan
        given = done.value
        if not plan.required <= given.keys():
            raise Unusual
        if plan is FIGURE_MAPPING:
            return _figure_mapping(given)
        values = plan.defaults.copy()
        for name, make in plan.factories:
            if name not in given:
                values[name] = make()
        values.update(given)
        values["span"] = collection_span(done.line, done.column, done.index, at, number, self.source)
        fields_set = set(given)
        fields_set.add("span")
        return restore(plan.cls, values, fields_set, None, None)


def _slot(frame: Any) -> FieldPlan:
    """The plan of what the open `frame` takes next: its key's field, or its list's items."""
    return frame.field if frame.mapping else frame.plan


def _figure_mapping(given: dict[str, Any]) -> Quantity:
    """A figure written as a mapping (`literal` as a Text, maybe `concept`), as
    `Quantity._parse_literal` reads it: at its literal's span, the fields its literal gives."""
    literal = given["literal"]
    read = figure(literal.text)
    if read is None:
        raise Unusual
    text, number, decimals, unit, comparator, nil = read
    values = {"span": literal.span, "literal": text, "value": number, "decimals": decimals, "unit": unit,
              "comparator": comparator, "nil": nil, "concept": given.get("concept")}
    return restore(Quantity, values, {*QUANTITY_FIELDS, *given}, None, None)


#: The document's root: a mapping that is the Report.
_REPORT_FIELD = FieldPlan(MODEL, False, REPORT)

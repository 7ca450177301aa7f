"""A normalized report read line by line straight into the model.

yaml_lines reads the YAML perflint writes into located data (a located string, mapping or list
with a span for every value), which pydantic then validated into the Report: ≈ 330 located values
and ≈ 200 model validations per report, most of the loading time. Here the same lines, read by the
same rules (yaml_lines' line pattern, scalar styles and `|-` blocks), build each model as its
mapping closes and each figure and text as it is read, from the field plans of report_plan: a
value is checked against the field it fills as it is read, and only the spans a model keeps are
made (none for a label, a level or a list).

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
from perflint.loaders.yaml_lines import (
    LINE,
    SPECIAL_VALUE,
    Unusual,
    collection_span,
    inline_scalar,
    line_starts,
    literal_block,
    readable,
    span,
)
from perflint.model import Quantity, Report, Text
from perflint.model.span import restore


def read(source: str, scalar_kind: Any, max_depth: int, max_nodes: int, max_chars: int) -> Report | None:
    """The Report of `source` when it is in yaml_lines' subset, within the limits and plainly
    valid; None otherwise (the caller reads it the general way, which decides its errors).
    The arguments are yaml_lines.read's: `scalar_kind(value)` is the kind a plain scalar resolves
    to ("str", "null", "bool" …)."""
    if REPORT is None or not readable(source, max_nodes):
        return None
    try:
        return _Reader(source, scalar_kind, max_depth, max_nodes, max_chars).run()
    except Unusual:
        return None


class _Frame:
    """An open mapping (a model being read: its plan, the fields given so far, the key read and
    its field's plan) or list (its items' plan and the items so far), with its indentation and
    its start mark (0-based line, column, index)."""

    __slots__ = ("column", "field", "given", "indent", "index", "key", "line", "mapping", "plan")

    def __init__(self, mapping: bool, plan: Any, number: int, column: int, index: int) -> None:
        self.mapping, self.plan, self.line, self.column, self.index = mapping, plan, number, column, index
        self.given: Any = {} if mapping else []
        self.indent, self.key, self.field = column, None, None


class _Reader:
    """The state of `read`: the lines, the open mappings and lists and the totals so far (counted
    as yaml_lines counts them, so that a limit declines here exactly where it stops it)."""

    __slots__ = ("chars", "kind", "lines", "max_chars", "max_depth", "max_nodes", "nodes", "root",
                 "source", "stack", "starts")

    def __init__(self, source: str, scalar_kind: Any, max_depth: int, max_nodes: int,
                 max_chars: int) -> None:
        self.source, self.kind = source, scalar_kind
        self.max_depth, self.max_nodes, self.max_chars = max_depth, max_nodes, max_chars
        self.lines = source.split("\n")
        self.starts = line_starts(self.lines)
        self.stack: list[_Frame] = []
        self.root: Report | None = None
        self.nodes = self.chars = 0

    def run(self) -> Report:
        """yaml_lines' reading of the lines (its `_Reader.run`, step for step), each value put in
        its field as it is read."""
        lines, stack, starts = self.lines, self.stack, self.starts
        match = LINE.match
        number, last = 0, len(lines) - 1  # the last "line" is the empty text after the final \n
        while number < last:
            if self.nodes > self.max_nodes or self.chars > self.max_chars:
                raise Unusual
            line = lines[number]
            spaces, dash, key, rest = match(line).groups()
            if not dash and not key:
                if not rest or rest[0] == "#":
                    number += 1  # an empty or comment line
                    continue
                raise Unusual
            if "\t" in rest:
                raise Unusual
            indent = len(spaces)
            at = starts[number] + indent
            while stack and stack[-1].indent > indent:
                self._close(number, at)
            top = stack[-1] if stack else None
            if dash:
                if top is not None and top.mapping and top.key is not None and indent > top.indent:
                    top = self._open(False, top.field, number, indent, at)
                elif top is None or top.mapping or top.indent != indent:
                    raise Unusual
                if key:
                    top = self._open(True, top.plan, number, indent + 2, at + 2)
            elif top is None:
                if indent or self.root is not None:
                    raise Unusual  # an indented root, or more after the document
                top = self._open(True, _REPORT_FIELD, number, 0, at)
            elif top.mapping and top.key is not None and indent > top.indent:
                top = self._open(True, top.field, number, indent, at)
            elif not top.mapping or top.key is not None or top.indent != indent:
                raise Unusual
            if key:
                field = top.plan.fields.get(key)
                if field is None or key in top.given:
                    raise Unusual  # no field of the model (pydantic: extra, span), or a repeated key
                self.nodes += 1
                self.chars += len(key)
                top.key, top.field = key, field
                if not rest or rest[0] == "#":
                    number += 1  # the value is on the lines below
                    continue
            elif not rest or rest[0] == " ":
                raise Unusual  # a list entry on the lines below, or a wider indentation
            # the scalar on this line, put in the field or list it fills
            self.nodes += 1
            column = len(line) - len(rest)
            at = starts[number] + column
            field = top.field if top.mapping else top.plan
            if rest[0] == "|":
                value, after = literal_block(lines, number, top.indent, rest)
                end = starts[after]
                self.chars += len(value)
                value = _value(field, value, number + 1, column + 1, after + 1, 1, self.source[at:end], at,
                               end)
                number = after
            else:
                value, quote, plain = inline_scalar(rest)
                if plain and value[0] in SPECIAL_VALUE and (kind := self.kind(value)) != "str":
                    value = _word(field, kind, value)
                else:
                    self.chars += len(value)
                    end = len(quote)
                    value = _value(field, value, number + 1, column + 1, number + 1, column + 1 + end, quote,
                                   at, at + end)
                number += 1
            if top.mapping:
                top.given[top.key] = value
                top.key = None
            else:
                top.given.append(value)
        while stack:
            self._close(last, starts[last])
        if self.root is None or self.nodes > self.max_nodes or self.chars > self.max_chars:
            raise Unusual
        return self.root

    def _open(self, mapping: bool, field: FieldPlan, number: int, column: int, at: int) -> _Frame:
        """Open a mapping (a model, or a figure with its concept) or a list as the value of `field`."""
        if mapping and field.code == QUANTITY:
            plan = FIGURE_MAPPING
        elif field.code == (MODEL if mapping else LIST):
            plan = field.detail
        else:
            raise Unusual  # a mapping or list where the field wants a text, a figure …
        opened = _Frame(mapping, plan, number, column, at)
        stack = self.stack
        stack.append(opened)
        self.nodes += 1
        if len(stack) > self.max_depth:
            raise Unusual
        return opened

    def _close(self, number: int, at: int) -> None:
        """Close the innermost mapping or list at the mark (`number`, `at`) of the token that ends
        it; a mapping becomes its model, as `Located._take_span_from_source` and pydantic's
        defaults make it."""
        done = self.stack.pop()
        if done.key is not None:
            raise Unusual  # a key with no value
        if not done.mapping:
            self._put(done.given)
            return
        plan: ModelPlan = done.plan
        given = done.given
        if not plan.required <= given.keys():
            raise Unusual
        if plan is FIGURE_MAPPING:
            self._put(_figure_mapping(given))
            return
        values = plan.defaults.copy()
        for name, make in plan.factories:
            if name not in given:
                values[name] = make()
        values.update(given)
        values["span"] = collection_span(done.line, done.column, done.index, at, number, self.source)
        fields_set = set(given)
        fields_set.add("span")
        self._put(restore(plan.cls, values, fields_set, None, None))

    def _put(self, value: Any) -> None:
        """Put a complete value in the open mapping's field or list, or make it the root."""
        stack = self.stack
        if not stack:
            self.root = value
            return
        parent = stack[-1]
        if parent.mapping:
            parent.given[parent.key] = value
            parent.key = None
        else:
            parent.given.append(value)


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


def _word(field: FieldPlan, kind: str, value: str) -> bool | None:
    """A plain scalar that is no text (null, true, false) as the value of `field`."""
    if kind == "null" and field.optional:
        return None
    if kind == "bool" and field.code == BOOLEAN:
        return value.lower() in ("true", "yes", "on")
    raise Unusual  # null where a value is required, true/false where no bool is, another kind


def _value(field: FieldPlan, value: str, line: int, column: int, end_line: int, end_column: int, quote: str,
           offset: int, end_offset: int) -> Any:
    """A text scalar read at this place (`span`'s arguments) as the value of `field`, as its
    validator reads it: a Quantity or a Text at its span, a text, a number or a choice."""
    code = field.code
    if code == QUANTITY:
        read = figure(value)
        if read is None:
            raise Unusual  # not a figure, or an unknown unit: pydantic's message
        literal, number, decimals, unit, comparator, nil = read
        return restore(Quantity, {"span": span(line, column, end_line, end_column, quote, offset, end_offset),
                                  "literal": literal, "value": number, "decimals": decimals, "unit": unit,
                                  "comparator": comparator, "nil": nil, "concept": None},
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


#: The document's root: a mapping that is the Report.
_REPORT_FIELD = FieldPlan(MODEL, False, REPORT)

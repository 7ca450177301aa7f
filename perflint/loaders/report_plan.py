"""What each field of the report model accepts, read from the model itself, for building a Report
without pydantic (perflint.loaders.report_lines).

Validating a report's located data with `Report.model_validate` re-checked every model, figure and
text one by one; a reader that knows, as it reads a key, which field it fills and what that field
accepts can build each model once, from values that are certainly valid. The plans here are derived
from the model's fields (annotations, constraints, defaults, validators), so they cannot drift from
it: a field of a type not handled here, or a model with a validator not reproduced here, is planned
as "decline", and the reader leaves such a document to pydantic.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Callable
from typing import Any, NamedTuple

from annotated_types import Ge, Le
from pydantic import BaseModel

from perflint.model import Quantity, Report, Text
from perflint.model.span import Located
from perflint.numbers import is_known_unit, parse_figure
from perflint.profiles.kinds import normalize_kind

#: What a field accepts (FieldPlan.code).
DECLINE, TEXT, QUANTITY, STRING, INTEGER, BOOLEAN, CHOICE, MODEL, LIST = range(9)
#: A plain integer as pydantic reads it from text, short enough to need no int-str limit.
INTEGER_TEXT = re.compile(r"(?:0|[1-9][0-9]{0,17})")
#: The fields set of a Quantity read from its literal, as `Quantity._parse_literal` gives them.
QUANTITY_FIELDS = frozenset({"span", "literal", "value", "decimals", "unit", "comparator", "nil"})

#: The validators reproduced here (report_lines), by model: the span a mapping gives its model, a
#: figure or a text written as a string, the kind's Chinese names. Any other makes its model
#: declined whole.
_KNOWN_VALIDATORS: dict[type[BaseModel], frozenset[str]] = {
    Located: frozenset({"_take_span_from_source"}),
    Quantity: frozenset({"_take_span_from_source", "_parse_literal", "_check_unit"}),
    Text: frozenset({"_take_span_from_source", "_from_plain_string"}),
    Report: frozenset({"_take_span_from_source", "_kind_id"}),
}
#: Field validators (mode "before") applied to a text before it is checked, by model and field.
_BEFORE: dict[tuple[type[BaseModel], str], Callable[[str], str]] = {(Report, "kind"): normalize_kind}


class FieldPlan(NamedTuple):
    """A field: what it accepts (`code`), whether None is allowed, and the code's detail: the
    allowed texts (CHOICE), the bounds (INTEGER), the model's plan (MODEL), the items' plan
    (LIST), the before-validator (STRING, or None)."""

    code: int
    optional: bool = False
    detail: Any = None


class ModelPlan:
    """A model: its fields' plans, the values of the fields not given (in field order, a factory's
    field None until made), the factories and the fields a mapping must give."""

    __slots__ = ("cls", "defaults", "factories", "fields", "required")

    def __init__(self, cls: type[BaseModel]) -> None:
        self.cls = cls
        self.fields: dict[str, FieldPlan] = {}
        self.defaults: dict[str, Any] = {}
        self.factories: list[tuple[str, Callable[[], Any]]] = []
        self.required: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=16384)
def figure(literal: str) -> tuple[Any, ...] | None:
    """A figure written as its literal, as `Quantity._parse_literal` (`parse_figure` with text
    allowed) and `_check_unit` accept it: (literal, value, decimals, unit, comparator, nil); None
    when pydantic would refuse it. Parsed here, not through the validator's own caches
    (`_literal_fields`, `cached_parse_figure`): a report's new literals are a quarter of its
    figures, and each missed three caches in turn."""
    try:
        parsed = parse_figure(literal, allow_text=True)
    except Exception:
        return None
    unit = parsed.unit
    if unit is not None and not is_known_unit(unit):
        return None
    return literal, parsed.value, parsed.decimals, unit, parsed.comparator, parsed.nil


def _plain(cls: type[BaseModel]) -> bool:
    """Whether `cls` is validated by nothing but what report_lines reproduces."""
    decorators = cls.__pydantic_decorators__
    validators = {*decorators.field_validators, *decorators.model_validators, *decorators.validators,
                  *decorators.root_validators}
    return (cls.model_config.get("extra") == "forbid" and cls.__pydantic_post_init__ is None
            and validators <= _KNOWN_VALIDATORS.get(cls, _KNOWN_VALIDATORS[Located]))


def _field(annotation: Any, metadata: list[Any], before: Callable[[str], str] | None,
           plans: dict[type[BaseModel], ModelPlan | None]) -> FieldPlan:
    origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        rest = [argument for argument in arguments if argument is not type(None)]
        optional = len(rest) < len(arguments)
        if len(rest) == 1:
            return _field(rest[0], metadata, before, plans)._replace(optional=optional)
        if str in rest and all(typing.get_origin(argument) is typing.Literal or argument is str
                               for argument in rest) and not metadata:
            return FieldPlan(STRING, optional, before)  # Literal[…] | str: any text
        return FieldPlan(DECLINE)
    if origin is typing.Literal and all(isinstance(choice, str) for choice in arguments):
        return FieldPlan(CHOICE, False, frozenset(arguments))
    if annotation is int:
        return _integer(metadata)
    if metadata:
        return FieldPlan(DECLINE)
    if origin is list and len(arguments) == 1:
        items = _field(arguments[0], [], None, plans)
        return FieldPlan(LIST, False, items) if items.code != DECLINE else FieldPlan(DECLINE)
    if annotation is str:
        return FieldPlan(STRING, False, before)
    if annotation is bool:
        return FieldPlan(BOOLEAN)
    if annotation is Text or annotation is Quantity:
        code = TEXT if annotation is Text else QUANTITY
        return FieldPlan(code) if _plain(annotation) else FieldPlan(DECLINE)
    if isinstance(annotation, type) and issubclass(annotation, Located):
        plan = model_plan(annotation, plans)
        return FieldPlan(MODEL, False, plan) if plan is not None else FieldPlan(DECLINE)
    return FieldPlan(DECLINE)


def _integer(metadata: list[Any]) -> FieldPlan:
    low = high = None
    for constraint in metadata:
        if isinstance(constraint, Ge):
            low = constraint.ge
        elif isinstance(constraint, Le):
            high = constraint.le
        else:
            return FieldPlan(DECLINE)
    return FieldPlan(INTEGER, False, (low, high))


def model_plan(cls: type[BaseModel], plans: dict[type[BaseModel], ModelPlan | None]) -> ModelPlan | None:
    """The plan of `cls` (None: a model with validators not reproduced), made once in `plans`
    (a model that holds itself, as Indicator its children, finds its own plan there)."""
    if cls in plans:
        return plans[cls]
    if not _plain(cls):
        plans[cls] = None
        return None
    plan = plans[cls] = ModelPlan(cls)
    fields = cls.model_fields.items()
    plan.defaults = {name: None if field.default_factory else field.default for name, field in fields}
    plan.factories = [(name, field.default_factory) for name, field in fields if field.default_factory]
    plan.required = frozenset(name for name, field in fields if field.is_required())
    plan.fields = {name: _field(field.annotation, field.metadata, _BEFORE.get((cls, name)), plans)
                   for name, field in fields if name != "span"}
    return plan


def _figure_mapping() -> ModelPlan:
    """A figure written as a mapping, as perflint writes one with its concept (`literal: "90%"`,
    `concept: 满意度`): its literal read as a Text for its span, which the Quantity takes."""
    plan = ModelPlan(Quantity)
    plan.fields = {"literal": FieldPlan(TEXT), "concept": FieldPlan(STRING, True)}
    plan.required = frozenset({"literal"})
    return plan


#: The plan of a Quantity field's mapping (report_lines builds it into the Quantity).
FIGURE_MAPPING = _figure_mapping()
#: The report's plan; None when the Report model has a validator not reproduced here.
REPORT: ModelPlan | None = model_plan(Report, {})

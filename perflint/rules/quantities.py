"""Every figure (Quantity) of a report, found in one walk of the model shared by the rules that
read them all: PL111 looks at every figure, PL401 at those tagged with a concept outside the facts.

The walk enters only the fields whose declared type can hold a Quantity (a report's spans, texts
and section bodies are most of its objects and hold none), tells items apart by their exact class
(pydantic's classes are ABCs, and a chain of `isinstance` tests per item cost more than the rest
of the walk), and uses a stack: a report's nesting is bounded by the loaders'
`limits.nesting-depth`, but a rule should not recurse on input it did not check.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from perflint.model import Quantity, Report
from perflint.rules.memo import per_report

#: A tagged figure this deep in the model (counting each model and list it is in) is not read
#: as a statement of its concept: PL401's bound on a walk of hostile input.
TAGGED_DEPTH = 32


@dataclass(frozen=True, slots=True)
class Figures:
    """A report's figures in model order: every one, and the concept-tagged ones outside the
    facts (the facts are statements of their own)."""

    every: tuple[Quantity, ...]
    tagged: tuple[Quantity, ...]


def report_figures(report: Report) -> Figures:
    """The report's `Figures`, walked once per report."""
    return per_report(report, "figures", lambda: _walk(report))


def _walk(report: Report) -> Figures:
    every: list[Quantity] = []
    facts = (0, 0)
    fields = _children(Report)(report)
    facts_at = _FACTS_AT.get(Report, -1)
    for index, value in enumerate(fields):
        start = len(every)
        _collect(value, every)
        if index == facts_at:
            facts = (start, len(every))
    if not any(map(_CONCEPT, every[:facts[0]])) and not any(map(_CONCEPT, every[facts[1]:])):
        return Figures(tuple(every), ())  # most reports: only facts name their concept
    tagged: list[Quantity] = []
    _tagged([v for index, v in enumerate(fields) if index != facts_at], tagged, 0)
    return Figures(tuple(every), tuple(tagged))


def _collect(value: Any, every: list[Quantity]) -> None:
    """Every Quantity in `value`, in model order, onto `every`."""
    stack: list[Any] = [value]
    while stack:
        value = stack.pop()
        step = _STEPS.get(type(value))
        if step is None:
            step = _step(type(value))
        if step is _QUANTITY:
            every.append(value)
        elif step is _SEQUENCE:
            if not _take_leaves(value, every):
                stack.extend(filter(None, reversed(value)))
        elif step is not _NONE:
            # a model's own figure fields come before its other fields: taken here, in order,
            # rather than pushed and popped one by one (a budget row holds up to eight)
            figures, children, _ = step
            if figures is not None:
                every.extend(filter(None, figures(value)))
            if children is not None:
                # None and empty lists hold nothing: dropped here rather than popped one by one
                # (a model is always true, having no __bool__ or __len__)
                stack.extend(filter(None, reversed(children(value))))


def _take_leaves(items: list | tuple, every: list[Quantity]) -> bool:
    """Take the figures of `items` onto `every` when they are all of one class whose holding
    fields are all figures (a list of facts, of a table's rows, of a breakdown's parts), in one
    pass; False, having taken nothing, for any other list."""
    if not items:
        return True
    cls = type(items[0])
    step = _STEPS.get(cls)
    if step is None:
        step = _step(cls)
    if type(step) is not tuple or step[1] is not None or set(map(type, items)) != {cls}:
        return False
    figures, _, single = step
    values = map(single, items) if single is not None else chain.from_iterable(map(figures, items))
    every.extend(filter(None, values))
    return True


def _tagged(items: Any, found: list[Quantity], depth: int) -> None:
    """The tagged figures among `items` (at `depth`) and below them, in model order, to
    `TAGGED_DEPTH` (so the recursion is bounded whatever the input)."""
    if depth > TAGGED_DEPTH:
        return
    for item in items:
        children = _CHILDREN.get(type(item))
        if children is None:
            children = _children(type(item))
        if children is _QUANTITY:
            if item.concept and depth < TAGGED_DEPTH:
                found.append(item)
        elif children is not _NONE:
            _tagged(children(item), found, depth + 1)


_CONCEPT = operator.attrgetter("concept")
#: What the walk does with a value of a class: take it, pass it, or push what `children(value)`
#: returns. Kept per exact class.
_QUANTITY, _NONE = "quantity", "none"
_CHILDREN: dict[type, Any] = {type(None): _NONE}
#: The position of the `facts` field among the fields a model class is entered by.
_FACTS_AT: dict[type, int] = {}


def _children(cls: type) -> Any:
    """`_CHILDREN`'s entry for `cls`: a Quantity is taken; a model's children are its fields that
    can hold one (`_holding_fields`), a list's or tuple's its items, a dict's its values."""
    children: Any = _NONE
    if issubclass(cls, Quantity):
        children = _QUANTITY
    elif issubclass(cls, BaseModel):
        names = _holding_fields(cls)
        if names:
            children = fields_getter(names)
            if "facts" in names:
                _FACTS_AT[cls] = names.index("facts")
    elif issubclass(cls, list | tuple):
        children = _itself
    elif issubclass(cls, dict):
        children = _values
    _CHILDREN[cls] = children
    return children


#: `_collect`'s step for a value of a class: take it, pass it, `_SEQUENCE` for a list or tuple,
#: or (figures, children, single): the getters of a model's leading fields declared as a Quantity
#: (its figures, taken in order), of what else may hold one (pushed), either None, and of its one
#: field when that is its only holding field (else None). Kept per exact class.
_SEQUENCE = "sequence"
_STEPS: dict[type, Any] = {type(None): _NONE}


def _step(cls: type) -> Any:
    """`_STEPS`' entry for `cls`, from `_children`'s: a model whose fields declared as a Quantity
    all come before its other holding fields (every model of perflint.model) has them taken as
    its figures; otherwise all its holding fields are pushed, as any other container's items."""
    children = _children(cls)
    step: Any = children
    if children is _itself:
        step = _SEQUENCE
    elif children is not _QUANTITY and children is not _NONE:
        step = (None, children, None)
        if issubclass(cls, BaseModel):
            names = _holding_fields(cls)
            direct = _direct_fields(cls, names)
            if direct == len(names):
                single = operator.attrgetter(names[0]) if direct == 1 else None
                step = (fields_getter(names), None, single)
            elif direct:
                step = (fields_getter(names[:direct]), fields_getter(names[direct:]), None)
    _STEPS[cls] = step
    return step


def _direct_fields(model: type[BaseModel], names: tuple[str, ...]) -> int:
    """How many of `names`, from the first, are declared `Quantity` or `Quantity | None` (a
    validated model's such field holds a Quantity or nothing)."""
    count = 0
    for name in names:
        annotation = model.model_fields[name].annotation
        if not (annotation is Quantity or set(get_args(annotation)) - {type(None)} == {Quantity}):
            break
        count += 1
    return count


def fields_getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """The values of fields `names` of a model, as one tuple (`attrgetter` of one name returns
    the value itself, not a tuple)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    get = operator.attrgetter(names[0])
    return lambda model: (get(model),)


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

"""Indicator nodes built without validation, for the readers that make dozens per report.

`Indicator(name=…, level=…)` validates a Text and Quantities the extractor has just built and a
level it chose, and was a good part of reading an indicator table; `indicator` gives the model
pydantic would, field for field (values, their order, the fields set), as `make_quantity` does for
quantities (tested equal in tests/extract/test_text_pass.py).
"""

from __future__ import annotations

from perflint.model import Indicator, Text
from perflint.model.span import restore

#: An Indicator's field defaults in field order (a factory's value is made per node: `children`).
_DEFAULTS = {name: None if field.default_factory else field.default
             for name, field in Indicator.model_fields.items()}
_FACTORIES = [(name, field.default_factory) for name, field in Indicator.model_fields.items()
              if field.default_factory]


def indicator(name: Text, level: int, **given: object) -> Indicator:
    """`Indicator(name=name, level=level, **given)`, unvalidated: `level` is 1, 2 or 3 and `given`
    holds model values (a Span, Quantities, a Text) made by the extractor."""
    values = _DEFAULTS.copy()
    for field, make in _FACTORIES:
        values[field] = make()
    values["name"], values["level"] = name, level
    values.update(given)
    return restore(Indicator, values, {"name", "level", *given}, None, None)

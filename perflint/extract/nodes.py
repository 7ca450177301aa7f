"""Indicator nodes built without validation, for the readers that make dozens per report.

`Indicator(name=…, level=…)` validates a Text and Quantities the extractor has just built and a
level it chose, and was a good part of reading an indicator table; `indicator` gives the model
pydantic would, field for field (values, their order, the fields set), as `make_quantity` does for
quantities (tested equal in tests/extract/test_text_pass.py).
"""

from __future__ import annotations

from perflint.model import Indicator, Text
from perflint.model.span import restore


def indicator(name: Text, level: int, **given: object) -> Indicator:
    """`Indicator(name=name, level=level, **given)`, unvalidated: `level` is 1, 2 or 3 and `given`
    holds model values (a Span, Quantities, a Text) made by the extractor."""
    values = {"span": None, "name": name, "level": level, "weight": None, "score": None, "target": None,
              "actual": None, "reason": None, "children": []}
    values.update(given)
    return restore(Indicator, values, {"name", "level", *given}, None, None)

"""For walks of the report model by a table of what each class holds (`perflint.rules.quantities`,
shared by PL111 and PL401): the values of a model's chosen fields read in one call."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any


def fields_getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """The values of fields `names` of a model, as one tuple (`attrgetter` of one name returns
    the value itself, not a tuple)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    get = operator.attrgetter(names[0])
    return lambda model: (get(model),)

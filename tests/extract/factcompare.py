"""Compatibility shim: the comparison moved to `perflint.extract.compare` (importable everywhere)."""

from perflint.extract.compare import Comparison, Figure, compare, figures, key

_key = key  # the name tests/office used

__all__ = ["Comparison", "Figure", "compare", "figures", "key"]

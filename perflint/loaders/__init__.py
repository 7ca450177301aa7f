"""Loaders turn a file into a Report. Each file format is one module, registered via a hook."""

from perflint.loaders.base import Loader
from perflint.reading import InputError, read_text

__all__ = ["InputError", "Loader", "read_text"]

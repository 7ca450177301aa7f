"""Output formats: each module renders a RunResult for one audience.

`BUILTIN_FORMATS` names each format's module so that a run imports only the one it renders:
importing them all cost a third of a second at start-up (openpyxl for xlsx, rich for text),
which a pre-commit hook feels on every commit. tests/output check that the table lists every
module that declares a FORMAT.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

BUILTIN_FORMATS = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "html": "html",
    "xlsx": "xlsx",
}


class LazyRenderer:
    """A format's `render`, importing the format's module on first use."""

    __slots__ = ("module",)

    def __init__(self, module: str) -> None:
        self.module = module

    def __call__(self, *args: Any, **kwargs: Any) -> str | bytes:
        return importlib.import_module(self.module).render(*args, **kwargs)

    def chunks(self, *args: Any, **kwargs: Any) -> Iterator[str] | None:
        """The format's output as pieces rendered one at a time (`render_chunks`: the pieces of
        `render`, joined), or None when the format has no such function."""
        render_chunks = getattr(importlib.import_module(self.module), "render_chunks", None)
        return None if render_chunks is None else render_chunks(*args, **kwargs)

    def __repr__(self) -> str:
        return f"LazyRenderer({self.module!r})"


def builtin_renderers() -> dict[str, LazyRenderer]:
    return {name: LazyRenderer(f"{__name__}.{module}") for name, module in BUILTIN_FORMATS.items()}

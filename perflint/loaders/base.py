"""The loader contract. Reading files (`read_bytes`, `read_text`, `decode_text`, the size limit)
and `InputError`, which every loader raises the same way, live in `perflint.reading`, below the
loaders, extraction and the output formats; they are re-exported here for plugins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.reading import (
    DETECT_BYTES,
    EMPTY,
    MAX_FILE_BYTES,
    UNDECODABLE,
    InputError,
    decode_text,
    detected_codecs,
    read_bytes,
    read_text,
)

if TYPE_CHECKING:
    from perflint.model import Report

__all__ = ["DETECT_BYTES", "EMPTY", "MAX_FILE_BYTES", "UNDECODABLE", "InputError", "Loader", "decode_text",
           "detected_codecs", "read_bytes", "read_text"]


@dataclass(frozen=True)
class Loader:
    """Reads files with one of `extensions` (lower-case, with dot) into a Report."""

    name: str
    extensions: tuple[str, ...]
    load: Callable[[Path], Report]

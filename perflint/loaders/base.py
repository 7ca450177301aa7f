"""The loader contract and the input errors that every loader reports the same way.

A user's broken file is not a crash: loaders raise `InputError` with the place they could find,
and the runner turns it into a PL000 entry for that file while the other files go on.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from perflint.model import Report

#: Files larger than this are refused rather than read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """A problem with the linted file itself (not with perflint)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 quote: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.quote = quote


@dataclass(frozen=True)
class Loader:
    """Reads files with one of `extensions` (lower-case, with dot) into a Report."""

    name: str
    extensions: tuple[str, ...]
    load: Callable[[Path], Report]


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a file, refusing missing, oversized and empty files with a clear message."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"file is {size / 2**20:.0f} MB, larger than the {limit // 2**20} MB limit")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found") from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory") from exc
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    if not data.strip():
        raise InputError("file is empty")
    return data


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (a superset of GBK).

    Binary content (NUL bytes without a UTF-16 BOM, or bytes no encoding accepts) is refused.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise InputError("binary file: not a text report")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("cannot decode the file as UTF-8 or GB18030 text")


def read_text(path: Path) -> str:
    """Read a text file in any encoding Chinese reports come in, with newlines normalized."""
    text = decode_text(read_bytes(path))
    return text.replace("\r\n", "\n").replace("\r", "\n")

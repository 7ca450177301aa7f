"""Atomic file writes: a crash leaves the old file or the new one, never a truncated one.

Used wherever perflint writes a file a person relies on: `perflint fix` rewriting a report,
`perflint extract -o`, baselines.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def _default_mode() -> int:
    """The mode a plain open() would give a new file: 0o666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path`'s content with `data` so that a crash leaves the old or the new file,
    never a truncated one: temp file in the same folder, flush + fsync, os.replace, mode kept."""
    target = path.resolve() if path.is_symlink() else path
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _default_mode()
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".perflint-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

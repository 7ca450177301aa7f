"""Atomic file writes: a crash leaves the old file or the new one, never a truncated one.

Used wherever perflint writes a file a person relies on: `perflint fix` rewriting a report
(`replace_in_place`), `perflint extract -o`, baselines and review records (`write_atomic`).

Every temporary file is created beside its target (a rename is atomic only within one file
system) under a name starting with `TEMP_PREFIX` and holding the writer's process id, so a
leftover one is recognisable: it is removed on any exception (and on SIGTERM or SIGHUP while it
exists, which are turned into an exception for that moment), and, should the process be killed
outright (`kill -9`, power loss), by the next `perflint fix` of that folder (`remove_stale`).

`replace_in_place` is the careful variant for files perflint did not create: it refuses what a
temp-file-and-rename would silently change. It never follows a symbolic link (the link, not its
target, is what the user's folder holds), leaves read-only files alone, refuses files with more
than one hard link (a rename would split them), and keeps the file's owner, group and mode, or
refuses when it cannot (only root may give a file to another user).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

#: The start of every temporary file perflint writes beside a target.
TEMP_PREFIX = ".perflint-tmp-"

#: A leftover temporary file is removed by the next run when its writer is no longer running,
#: or in any case once it is this old (a process id may have been reused, or be another host's).
STALE_SECONDS = 3600

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class WriteRefused(Exception):
    """A file `replace_in_place` will not rewrite, and why (zh, with `english`)."""

    def __init__(self, message: str, *, english: str) -> None:
        super().__init__(message)
        self.message = message
        self.english = english

    def text(self, lang: str = "zh") -> str:
        return self.english if lang == "en" else self.message


def _default_mode() -> int:
    """The mode a plain open() would give a new file: 0o666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def temp_name(target_name: str) -> str:
    """A fresh temporary name for a file beside `target_name`: the prefix, this process's id
    (how `remove_stale` tells a live writer's file from a dead one's), random characters, and
    as much of the target's name as fits a file name."""
    return f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{target_name}"[:250]


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path`'s content with `data` so that a crash leaves the old or the new file,
    never a truncated one: temp file in the same folder, flush + fsync, os.replace, mode kept.
    For a file the user names as an output (`-o`, a baseline): a symbolic link there is the
    user's own and is written through."""
    target = path.resolve() if path.is_symlink() else path
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _default_mode()
    temp = target.parent / temp_name(target.name)
    with _signals_raise():
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, mode)
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    _sync_folder(target.parent)


def replace_in_place(path: Path, data: bytes, before: os.stat_result | None = None) -> None:
    """Rewrite the regular file `path` with `data` (temp file beside it, fsync, rename), keeping
    its owner, group and mode. Raises WriteRefused, naming why, for a symbolic link, anything
    but a regular file, a read-only file, a file with several hard links, an owner that cannot
    be kept, or a file that is no longer the one `before` (its lstat when it was read) describes.
    Everything is done relative to the folder's handle, so a folder swapped for a link meanwhile
    cannot redirect the write."""
    folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        current = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
        _check_replaceable(path.name, folder, current, before)
        name = temp_name(path.name)
        with _signals_raise():
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=folder)
            try:
                _fill(fd, data, current)
                again = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
                _check_replaceable(path.name, folder, again, current)
                os.replace(name, path.name, src_dir_fd=folder, dst_dir_fd=folder)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(name, dir_fd=folder)
                raise
        with contextlib.suppress(OSError):
            os.fsync(folder)
    finally:
        os.close(folder)


def _check_replaceable(name: str, folder: int, current: os.stat_result,
                       before: os.stat_result | None) -> None:
    """Raise WriteRefused when a rename over `name` would change more than its content."""
    if stat.S_ISLNK(current.st_mode):
        raise WriteRefused("是符号链接，未跟随，未修改",
                           english="is a symbolic link; not followed, not modified")
    if not stat.S_ISREG(current.st_mode):
        raise WriteRefused("不是普通文件，未修改", english="is not a regular file; not modified")
    if before is not None and (current.st_dev, current.st_ino) != (before.st_dev, before.st_ino):
        raise WriteRefused("修正期间文件被替换，未写入",
                           english="the file was replaced while it was being fixed; nothing written")
    if not current.st_mode & stat.S_IWUSR or not os.access(name, os.W_OK, dir_fd=folder):
        raise WriteRefused("只读文件，未修改（需要修正请先取消只读）",
                           english="read-only file; left alone (make it writable to fix it)")
    if current.st_nlink > 1:
        raise WriteRefused(f"文件有 {current.st_nlink} 个硬链接，改写会断开它们，未修改",
                           english=f"the file has {current.st_nlink} hard links that rewriting it "
                                   "would split; left alone")


def _fill(fd: int, data: bytes, like: os.stat_result) -> None:
    """Write `data` to the temp file `fd` (closed here), durably, with the owner, group and
    mode of `like`: the owner first, since changing it clears set-id bits."""
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        mine = os.fstat(handle.fileno())
        if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
            try:
                os.fchown(handle.fileno(), like.st_uid, like.st_gid)
            except (PermissionError, AttributeError) as exc:
                raise WriteRefused(f"无法保留文件的所有者（{like.st_uid}:{like.st_gid}），未修改",
                                   english=f"cannot keep the file's owner ({like.st_uid}:{like.st_gid}); "
                                           "left alone") from exc
        os.fchmod(handle.fileno(), stat.S_IMODE(like.st_mode))


def remove_stale(folder: Path) -> int:
    """Remove the temporary files an interrupted perflint left in `folder` (its own: owned by
    this user, named with `TEMP_PREFIX`, whose writer is gone or which are over STALE_SECONDS
    old). Returns how many were removed; a folder that cannot be read is left as it is."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if _owned(info) and _stale(entry.name, info):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _owned(info: os.stat_result) -> bool:
    getuid = getattr(os, "geteuid", None)
    return getuid is None or info.st_uid == getuid()


def _stale(name: str, info: os.stat_result) -> bool:
    if time.time() - info.st_mtime > STALE_SECONDS:
        return True
    pid = name[len(TEMP_PREFIX):].split("-", 1)[0]
    if not pid.isdigit():
        return True
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, but another user's: not ours to judge
        return False
    return False


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While a temporary file exists, SIGTERM and SIGHUP raise SystemExit (as Ctrl-C raises
    KeyboardInterrupt), so the `except BaseException` around the write removes the file before
    the process ends. Only the main thread may set handlers; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):
                previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, handler)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable where the OS allows."""
    with contextlib.suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

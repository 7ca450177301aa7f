"""Reading a linted file: the size limit, the encodings Chinese reports come in, and `InputError`.

The loaders, extraction and the output formats all read files through this module, which sits
below the three of them. A user's broken file is not a crash: readers raise `InputError` with the
place they could find, and the runner turns it into a PL000 entry for that file while the other
files go on. Plugins use it as `perflint.loaders.InputError` (re-exported there and in
`perflint.loaders.base`).
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from perflint.limits import Limits, current, exceeded

#: Files larger than this are refused rather than read into memory (the default of
#: `limits.file-bytes`, perflint.limits; `read_bytes` uses the run's current value).
MAX_FILE_BYTES = Limits().file_bytes

#: The message of a file with nothing in it but white space (zh, en).
EMPTY = ("文件为空", "file is empty")


class InputError(Exception):
    """A problem with the linted file itself (not with perflint)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 quote: str | None = None, *, english: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.quote = quote
        #: the message in English, for `--lang en` (a plugin's loader may give none)
        self.english = english

    def text(self, lang: str = "zh") -> str:
        """The message in the run's language, when the error has it in both."""
        return self.english if lang == "en" and self.english else self.message


def over_limit(name: str, place: tuple[str, str] | None = None, line: int | None = None,
               column: int | None = None, quote: str | None = None) -> InputError:
    """The InputError of an input over the limit `name` (perflint.limits), naming the setting,
    its value and the place (zh, en) it was hit."""
    zh, en = exceeded(name, place)
    return InputError(zh, line, column, quote, english=en)


#: The message of a path that is no regular file: a FIFO, a device, a socket (zh, en). Reading
#: one would block forever (a FIFO nobody writes to) or never end (`/dev/zero`, `/dev/urandom`).
NOT_REGULAR = ("不是普通文件（是管道、设备或套接字等），不读取",
               "not a regular file (a pipe, device or socket …); not read")

#: Why the system refused to open a file (errno → zh, en); perflint.lang has the same words for
#: the command line, but this module sits below it.
_OPEN_REASONS = {
    errno.ENOENT: ("文件不存在", "file not found"),
    errno.EISDIR: ("是文件夹，不是文件", "is a directory"),
    errno.EACCES: ("没有读取权限", "permission denied"),
    errno.EPERM: ("没有读取权限", "permission denied"),
    errno.ELOOP: ("符号链接循环，无法打开", "too many levels of symbolic links"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "a part of the path is not a folder"),
    errno.ENAMETOOLONG: ("文件名过长", "file name too long"),
}


def _open_error(exc: OSError) -> InputError:
    zh, en = _OPEN_REASONS.get(exc.errno or 0, (None, None))
    if zh is None:
        reason = exc.strerror or type(exc).__name__
        zh, en = f"无法读取文件（{reason}）", f"cannot read the file ({reason})"
    return InputError(zh, english=en)


def open_regular(path: Path) -> tuple[int, int]:
    """Open `path` for reading if it is a regular file: (file descriptor, size). The file is
    opened without blocking (a FIFO opens at once, with no writer) and its kind is asked of the
    open descriptor (`fstat`), so no swap between the check and the read can slip a pipe or a
    device in. Anything else is an `InputError` (`NOT_REGULAR`, or why the system refused)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | \
        getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _open_error(exc) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("是文件夹，不是文件", english="is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(NOT_REGULAR[0], english=NOT_REGULAR[1])
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def _read_at_most(fd: int, count: int) -> bytes:
    """At most `count` bytes from `fd`, in bounded chunks (never what the file claims to hold)."""
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_head(path: Path, count: int) -> bytes | None:
    """The first `count` bytes of a regular file, or None when it is no regular file or cannot
    be read (for sniffing what a file is; reading it for real says why)."""
    try:
        fd, _ = open_regular(path)
    except InputError:
        return None
    try:
        return _read_at_most(fd, count)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """Read a regular file, refusing missing, oversized, empty and non-regular files (a FIFO, a
    device such as `/dev/zero`) with a clear message. `limit`: bytes (default: the run's
    `limits.file-bytes`); never more than `limit` + 1 bytes are read, whatever the file's size
    said when it was opened (it may grow, or lie)."""
    own_limit = limit is None
    limit = current().file_bytes if limit is None else limit
    fd, size = open_regular(path)
    try:
        data = _read_at_most(fd, limit + 1) if size <= limit else b""
    except OSError as exc:
        raise _open_error(exc) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew since it was opened, or its size was not its length
        size = len(data)
        place = (f"读取时超过 {limit} 字节", f"more than {limit} bytes when read")
    else:
        place = (f"文件大小为 {size} 字节", f"the file is {size} bytes")
    if size > limit:
        if own_limit:
            raise over_limit("file-bytes", place)
        raise InputError(f"文件大小为 {size / 2**20:.0f} MB，超过 {limit // 2**20} MB 的上限",
                         english=f"file is {size / 2**20:.0f} MB, larger than the "
                                 f"{limit // 2**20} MB limit")
    if not data.strip():
        raise InputError(EMPTY[0], english=EMPTY[1])
    return data


#: The message of a file whose bytes are no text encoding perflint can tell (zh, en).
UNDECODABLE = ("无法识别文件编码（不是 UTF-8/GBK/GB18030/Big5 等文本）",
               "cannot recognize the file's encoding (not UTF-8/GBK/GB18030/Big5 … text)")

#: At most this many bytes are given to charset detection (the whole file is then decoded with
#: the encoding found): detection reads the bytes several times over, and a report's first
#: 64 KB are tens of thousands of Chinese characters, far more than it needs.
DETECT_BYTES = 64 * 1024

#: charset-normalizer's `chaos` (0: clean text … 1: noise) above which its best guess is not
#: trusted. Its own default, 0.2, refuses real GBK reports whose tables were flattened into
#: lines of hundreds of characters with no space (measured: 0.218); garbage scores far higher.
MAX_CHAOS = 0.4

#: Codecs charset-normalizer may name, mapped to the superset the file is decoded with: GBK and
#: GB2312 files are read as GB18030 (which extends both), Big5 as cp950 (Big5 with Microsoft's
#: additions, what Windows writes).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "big5": "cp950"}

#: The encodings detection chooses among: the legacy encodings Chinese reports are written in
#: (UTF-8 and UTF-16 are told apart before detection runs). A text in any other encoding is not
#: a Chinese report: its bytes either fail to decode (`UNDECODABLE`) or decode to a text with no
#: report vocabulary (perflint.recognize), a PL000 either way; letting detection pick among
#: every code page made 20 bytes of noise "Cyrillic" or "halfwidth katakana".
CANDIDATES = ("gb18030", "big5", "cp950", "big5hkscs")

#: Among guesses charset-normalizer scores alike (a short text, mostly ASCII, fits both),
#: mainland reports' encoding first, then Taiwan/Hong Kong's.
_PREFERRED = ("gb18030", "gbk", "gb2312", "big5", "cp950", "big5hkscs")

#: Control characters no text report holds (all but tab, newline, form feed, carriage return).
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\f\r\v") | {"\x7f"}


def read_own_file(path: Path, error: Callable[..., Exception], what: tuple[str, str]) -> bytes:
    """The bytes of a file perflint keeps for the user (a baseline, a review record), not a
    report: a missing, folder or unreadable one is `error(message, english=…)` naming it and
    `what` it should have been, e.g. ("基线文件", "baseline file")."""
    zh, en = what
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}：找不到{zh}", english=f"{path}: {en} not found") from None
    except IsADirectoryError:
        raise error(f"{path}：是文件夹，不是{zh}", english=f"{path}: is a folder, not a {en}") from None
    except OSError as exc:
        raise error(f"{path}：无法读取{zh}（{exc.strerror}）",
                    english=f"{path}: cannot read the {en} ({exc.strerror})") from None


def decode_text(data: bytes) -> str:
    """Decode a text file in any encoding Chinese reports come in.

    A BOM decides (UTF-8, UTF-16, UTF-32). Without one, bytes with NUL bytes are UTF-16 without
    BOM (every ASCII character, a newline included, has a zero byte), in the byte order that
    reads as Chinese text, or else binary content. Then strict UTF-8 (most files, and
    the fast path: no detection runs). Anything else goes to charset-normalizer (its first
    `DETECT_BYTES`, choosing among `CANDIDATES`): GBK/GB2312 are decoded as GB18030, Big5 as
    cp950; guesses that score alike prefer GB18030, then Big5. No guess, a poor one
    (`MAX_CHAOS`), or one that does not decode the whole file is an `InputError`
    (`UNDECODABLE`). A wrong guess that decodes
    (rare: a few lines of text fit many codecs) yields text with no report vocabulary, which
    the runner reports as not a report (perflint.recognize).
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                       (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = _strict(data[len(bom):], codec)
            if text is None:
                raise _undecodable()
            return text
    if b"\x00" in data:  # before UTF-8: ASCII in UTF-16, and binary data, may be valid UTF-8
        text = _utf16_without_bom(data)
        if text is None:
            raise _undecodable()
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _detected(data)
    if text is None:
        raise _undecodable()
    return text


def _undecodable() -> InputError:
    return InputError(UNDECODABLE[0], english=UNDECODABLE[1])


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM, little- or big-endian: whichever reading is text a report is made of
    (`_common_share`), when one is. The same bytes read the wrong way round are a scatter of
    other scripts, and binary data is noise either way."""
    if len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text is not None:
            share = _common_share(text[:_SAMPLE_CHARS])
            if best is None or share > best[0]:
                best = (share, text)
    if best is None or best[0] < MIN_COMMON_SHARE:
        return None
    return best[1]


#: How many characters of a decoded text `_common_share` looks at.
_SAMPLE_CHARS = 100_000

#: A UTF-16 reading is taken when at least this share of its characters are `_common_share`'s.
MIN_COMMON_SHARE = 0.9


def _common_share(text: str) -> float:
    """The share of characters a Chinese report is made of: ASCII, CJK ideographs and
    punctuation, full-width forms, general punctuation (“ ” — …)."""
    common = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\t\n\r"
                 or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f")
    return common / max(1, len(text))


def _control_share(text: str) -> float:
    return sum(1 for ch in text if ch in _CONTROL) / max(1, len(text))


def detected_codecs(data: bytes) -> list[str]:
    """The Chinese encodings charset-normalizer finds likely for `data` (judged on its first
    `DETECT_BYTES`, so the work is bounded on any input), best first, as the codecs to decode
    with (GBK as GB18030, Big5 as cp950). Shared by the text and web-page loaders."""
    from charset_normalizer import from_bytes

    sample = data[:DETECT_BYTES]
    if len(data) > DETECT_BYTES:  # end on a line break, not inside a multi-byte character
        cut = sample.rfind(b"\n")
        if cut > DETECT_BYTES // 2:
            sample = sample[:cut + 1]
    matches = list(from_bytes(sample, threshold=MAX_CHAOS, cp_isolation=list(CANDIDATES)))
    ranked = sorted(matches, key=lambda m: (round(m.chaos, 2), -round(m.coherence, 2),
                                            _rank(m.encoding)))
    return [_SUPERSETS.get(m.encoding, m.encoding) for m in ranked[:3] if m.chaos <= MAX_CHAOS]


def _detected(data: bytes) -> str | None:
    """The text in the encoding charset-normalizer finds most likely, or None."""
    for codec in detected_codecs(data):
        text = _strict(data, codec)
        if text is None and codec == "cp950":
            text = _strict(data, "big5hkscs")
        if text is not None and _control_share(text) <= 0.01:
            return text
    return None


def _rank(encoding: str) -> int:
    return _PREFERRED.index(encoding) if encoding in _PREFERRED else len(_PREFERRED)


def read_text(path: Path) -> str:
    """Read a text file in any encoding Chinese reports come in (`decode_text`), with newlines
    normalized."""
    text = decode_text(read_bytes(path))
    return text.replace("\r\n", "\n").replace("\r", "\n")

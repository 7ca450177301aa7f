"""The members of one Office package, each inflated at most once, and what an earlier package
proved about a byte-identical member remembered instead of proved again.

Why: reading a .docx inflated most members twice (the first 4 KB for the DTD check, then all of
it for python-docx's reader) and hashed the 350 KB styles part to recognise its template, a
third of the CPU of loading a report. Reports made from one template share most members byte for
byte (styles, stylesWithEffects, theme, fonts, numbering, settings), and so their compressed
*records*.

What zipfile does with a member (the bytes it returns, or the error it raises) depends only on
what it reads: the central directory's entry (name, flags, method, sizes, CRC, and where the next
entry starts) and the member's local record (header, name, extra field, compressed data). That
is `record_key`. A fact proved about a record (`remember`: its head holds no DTD, it inflates
with a sound CRC, python-docx parses it, the style names it defines) is therefore true of every
member with the same key, and `known` returns it; a fact about several members at once (the parts
python-docx's package reader finds from the content types and the relationship parts) holds of
every package whose members have the same keys (`known_together`). Only successes are remembered:
a member never seen, or one that failed, is read and checked as before.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Hashable

#: The local file header: signature … file name length, extra field length (zipfile's own layout).
_LOCAL_HEADER_BYTES = 30
_NAME_AND_EXTRA_LENGTHS = struct.Struct("<HH")
_LENGTHS_AT = 26

#: Facts remembered across packages, at most this many (then the least recently used one is
#: forgotten first): each key holds a member's compressed record, a few kilobytes for the parts a
#: template shares. Every report also brings facts about its own members (its main part, its core
#: properties) that no later package will ask about; forgetting everything at once when these
#: filled the table made the template's 350 KB styles part parsed again every ≈ 170 reports.
_MAX_KNOWN = 512
#: Members whose record is larger than this are not remembered (the key would hold the record).
_MAX_RECORD_BYTES = 1024 * 1024

#: … and at most this many bytes of records in all (a folder of hostile packages, each with its own
#: large members, must not make the memory hold hundreds of megabytes).
_MAX_KNOWN_BYTES = 32 * 1024 * 1024

#: fact and records → (what was proved, the records' bytes), least recently used first.
_KNOWN: dict[tuple[Hashable, tuple], tuple[object, int]] = {}
_known_bytes = [0]  # the records' bytes `_KNOWN` holds


class PackageMembers:
    """One package's ZIP archive over its bytes, with each member inflated at most once."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile) -> None:
        self.data = data
        self.archive = archive
        self._inflated: dict[str, bytes] = {}
        self._keys: dict[zipfile.ZipInfo, tuple | None] = {}

    def read(self, name: str) -> bytes:
        """`ZipFile.read(name)` (the same bytes, the same errors), inflated once per package."""
        blob = self._inflated.get(name)
        if blob is None:
            blob = self._inflated[name] = self.archive.read(name)
        return blob

    def record_key(self, info: zipfile.ZipInfo) -> tuple | None:
        """What zipfile reads to inflate `info` (see the module docstring); None when the
        local record is not where the central directory says, or too large to remember."""
        if info not in self._keys:
            self._keys[info] = self._record_key(info)
        return self._keys[info]

    def _record_key(self, info: zipfile.ZipInfo) -> tuple | None:
        start = info.header_offset
        if start < 0 or info.compress_size > _MAX_RECORD_BYTES:
            return None
        try:
            name_length, extra_length = _NAME_AND_EXTRA_LENGTHS.unpack_from(self.data, start + _LENGTHS_AT)
        except struct.error:
            return None
        end = start + _LOCAL_HEADER_BYTES + name_length + extra_length + info.compress_size
        next_entry = getattr(info, "_end_offset", None)  # zipfile's overlap check, where it has one
        return (info.orig_filename, info.flag_bits, info.compress_type, info.compress_size, info.file_size,
                info.CRC, None if next_entry is None else next_entry - start, self.data[start:end])

    def known(self, info: zipfile.ZipInfo, fact: Hashable) -> object | None:
        """What `remember` stored for `fact` about a member with `info`'s record, if anything."""
        return self.known_together((info,), fact)

    def remember(self, info: zipfile.ZipInfo, fact: Hashable, value: object = True) -> None:
        """Note that `fact` holds of `info`'s record (with `value`, never None)."""
        self.remember_together((info,), fact, value)

    def known_together(self, infos: tuple[zipfile.ZipInfo, ...], fact: Hashable) -> object | None:
        """`known` for a fact about several members at once (what python-docx's package reader
        finds depends on the content types and every relationship part)."""
        keys = self._record_keys(infos)
        if keys is None:
            return None
        entry = _KNOWN.pop((fact, keys), None)
        if entry is None:
            return None
        _KNOWN[(fact, keys)] = entry  # now the most recently used
        return entry[0]

    def remember_together(self, infos: tuple[zipfile.ZipInfo, ...], fact: Hashable,
                          value: object = True) -> None:
        """`remember` for a fact about several members at once."""
        keys = self._record_keys(infos)
        if keys is None:
            return
        size = sum(len(key[-1]) for key in keys)
        old = _KNOWN.pop((fact, keys), None)
        if old is not None:
            _known_bytes[0] -= old[1]
        while _KNOWN and (len(_KNOWN) >= _MAX_KNOWN or _known_bytes[0] + size > _MAX_KNOWN_BYTES):
            _known_bytes[0] -= _KNOWN.pop(next(iter(_KNOWN)))[1]  # the least recently used
        if not _KNOWN:
            _known_bytes[0] = 0
        _KNOWN[(fact, keys)] = (value, size)
        _known_bytes[0] += size

    def _record_keys(self, infos: tuple[zipfile.ZipInfo, ...]) -> tuple | None:
        """The members' record keys, None when one of them has none."""
        keys = tuple(self.record_key(info) for info in infos)
        return None if None in keys else keys

"""A normalized paragraph's name (`text_key`), in a module of its own: every report's paragraphs
are named while the report is linted, and that must not import numpy (perflint.textmatch.stages
does): a one-file run never compares anything."""

from __future__ import annotations

import hashlib


def text_key(norm: str) -> int:
    """64 bits of the BLAKE2b digest of a normalized text, as a signed integer (what numpy,
    pandas and Parquet store natively): every process names a text alike, without a shared
    counter."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little",
                          signed=True)

"""The corpus rules' findings of a `--cache` run, kept in the cache for the same run again.

A warm run restores every file's own findings from its entry, but the corpus rules (PL607,
PL608) ran again over every report: building thousands of findings from the analysis and
packing them was most of a warm run's corpus step (≈ 90 ms of ≈ 0.7 s CPU at 1,000 `.txt`
reports). What they find is a function of what they collected of each file, in the run's order,
and of the root config's share in it (severities, limits, `per-file-ignores`); what they
collected is a function of each file's entry key (perflint.cache). So when every file has an
entry key, every corpus rule is perflint's own and no reference corpus is read, the findings
each file got are stored under a digest of those keys, the paths and the root config's
share, and a run with the same digest adds them back instead of running the rules.

The run looks for the value before linting (the entry keys are computed first, as a parallel
run does anyway): when it is there, the entries need not restore what the corpus rules
collected either (perflint.cache `Cache.records`, ≈ 40 ms more of a warm 1,000-report run).

What is stored is each file's corpus findings as rows (perflint.packed.Row) in JSON, exactly:
a value that JSON would not give back equal (a tuple in a plugin's `extra`, an integer beyond
64 bits) keeps the run from being stored. One value is kept per root config and list of files
(its name), holding the digest it is for: editing a file replaces it instead of adding another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from perflint.cache import is_perflints
from perflint.packed import EXTRA, FIELDS, RELATED, SPAN, SPAN_FIELDS, Row

if TYPE_CHECKING:
    from perflint.activation import ActiveRule
    from perflint.cache import Cache
    from perflint.config import Config
    from perflint.results import FileResult


class Kept:
    """Where one run's corpus findings are kept (`name`), and what is stored there for this run
    (`found`, by file index, once `load` found it)."""

    def __init__(self, cache: Cache, name: str) -> None:
        self.cache, self.name = cache, name
        self.found: dict[int, list[Row]] | None = None

    def stored(self) -> bool:
        """Whether some run of these files under this config was kept (not read, nor verified)."""
        return self.cache.has_value(self.name)

    def load(self, keys: Sequence[str | None]) -> None:
        """Read what is kept, for the run whose files have the entry keys `keys` (`found` stays None
        when a file has none, or what is kept is another run's or unreadable)."""
        if all(key is not None for key in keys):
            self.found = _rows_by_file(self.cache.get_value(self.name), _digest(keys), len(keys))

    def restore(self, files: Sequence[FileResult]) -> None:
        """Add the kept findings to their files, as the corpus rules would have."""
        for index, rows in (self.found or {}).items():
            files[index].add_rows(rows)

    def store(self, files: Sequence[FileResult], before: Sequence[int | None]) -> None:
        """Keep the findings the corpus rules added to `files` (each had `before` groups of
        packed findings before they ran), unless a file has no entry key or some findings cannot
        be kept exactly."""
        keys = [result.cache_key for result in files]
        if any(key is None for key in keys):
            return
        # written file by file, as JSON text: at 10,000 reports the rows are ≈ 70,000, and as one
        # value of nested lists they would be held twice more
        parts = []
        try:
            for index, (result, count) in enumerate(zip(files, before, strict=True)):
                rows = result.rows_added_since(count)
                if rows is None or not all(_exact(row) for row in rows):
                    return
                if rows:
                    parts.append(orjson.dumps([index, [_row_out(row) for row in rows]]))
        except orjson.JSONEncodeError:  # a text JSON cannot hold (a lone surrogate)
            return
        self.cache.put_json(self.name, b'{"digest": "%s", "files": [%s]}' % (_digest(keys).encode(),
                                                                            b", ".join(parts)))


def kept_for(cache: Cache | None, run_key: str, paths: Sequence[Path], corpus_rules: list[ActiveRule],
             config: Config, reference: object | None) -> Kept | None:
    """Where the corpus findings of a run of `paths` with the root config `config` (whose
    `run_key` is given) are kept; None when they cannot be (no cache, a plugin's corpus rule, a
    reference corpus)."""
    if (cache is None or not cache.usable or reference is not None or not corpus_rules
            or not all(is_perflints(active.rule) for active in corpus_rules)):
        return None
    return Kept(cache, _name(run_key, paths, config))


def _name(run_key: str, paths: Sequence[Path], config: Config) -> str:
    """Where the run's value is kept: the root config's run key (perflint.cache `run_key`: its
    rules with their options, severities, language, ruleset, perflint's source), its limits, and
    each file's path with the codes the root config's `per-file-ignores` turns off for it."""
    digest = hashlib.sha256(b"perflint-corpus-findings\0" + run_key.encode())
    digest.update(repr(astuple(config.limits)).encode())
    for path in paths:
        digest.update(b"\0" + str(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(",".join(config.ignored_codes(path)).encode())
    return f"corpus-findings-{digest.hexdigest()}"


def _digest(keys: Sequence[str | None]) -> str:
    """What the corpus rules collected, in the run's order: each file's entry key."""
    return hashlib.sha256("\0".join(key or "" for key in keys).encode()).hexdigest()


def _rows_by_file(value: Any, digest: str, count: int) -> dict[int, list[Row]] | None:
    """The stored findings by index of the run's `count` files when `value` is the run's (its
    digest is `digest`), else None (never stored, another run's, or not as stored)."""
    if not isinstance(value, dict) or value.get("digest") != digest:
        return None
    if not isinstance(value.get("files"), list):
        return None
    try:
        found = {index: [_row_in(row) for row in rows] for index, rows in value["files"]}
    except (TypeError, ValueError):
        return None
    return found if all(type(index) is int and 0 <= index < count for index in found) else None


def _exact(row: Row) -> bool:
    """Whether JSON gives the row back equal: a row's values are strings, integers, booleans or
    None, and its field sets known (not so for a finding packed as a model, perflint.packed
    `view`), except `extra`, which a plugin's finding may fill with anything (a tuple, a set)."""
    if row[FIELDS] is None or (row[SPAN] is not None and row[SPAN][SPAN_FIELDS] is None):
        return False
    extra = row[EXTRA]
    if not extra:
        return True
    try:
        return orjson.loads(orjson.dumps(extra)) == extra
    except orjson.JSONEncodeError:
        return False


def _row_out(row: Row) -> list:
    """A row as JSON: tuples as arrays, a field set that is no usual one as {"set": [...]}."""
    span = row[SPAN]
    return [*row[:SPAN], None if span is None else _span_out(span),
            [[_span_out(figure), label, _fields_out(fields)] for figure, label, fields in row[RELATED]],
            _fields_out(row[FIELDS])]


def _span_out(span: tuple) -> list:
    return [*span[:SPAN_FIELDS], _fields_out(span[SPAN_FIELDS])]


def _fields_out(fields: int | frozenset[str]) -> int | dict[str, list[str]]:
    return fields if type(fields) is int else {"set": sorted(fields)}


def _row_in(item: list) -> Row:
    """The row `_row_out` made `item` of (TypeError or ValueError when it is not one); the usual
    row (a span, no related figures, the usual field sets) with no call but `_span_in`'s."""
    if len(item) != FIELDS + 1:
        raise ValueError("not a stored row")
    span, related, fields = item[SPAN], item[RELATED], item[FIELDS]
    if span is not None:
        span = _span_in(span)
    if related:
        related = tuple((_span_in(figure), label, _fields_in(shape)) for figure, label, shape in related)
    return (*item[:SPAN], span, tuple(related), fields if type(fields) is int else _fields_in(fields))


def _span_in(item: list) -> tuple:
    if len(item) != SPAN_FIELDS + 1:
        raise ValueError("not a stored span")
    fields = item[SPAN_FIELDS]
    return tuple(item) if type(fields) is int else (*item[:SPAN_FIELDS], _fields_in(fields))


def _fields_in(value: int | dict) -> int | frozenset[str]:
    if type(value) is int:
        return value
    if not isinstance(value, dict) or set(value) != {"set"}:
        raise ValueError("not a stored field set")
    return frozenset(value["set"])

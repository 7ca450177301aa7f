"""The opt-in cache: an unchanged file is not loaded, extracted and linted again.

`perflint check --cache` keeps one entry per linted file under `.perflint_cache/` (or
`--cache-dir`). An entry is found by a key that covers everything its findings depend on:

- the file's content (SHA-256 of its bytes) and its path as given (a rule may read `ctx.path`,
  and `per-file-ignores` match on it);
- perflint's version and a fingerprint of its own source files (an editable install keeps its
  version while its code changes), every plugin's name and version, and the source of each
  active rule's module (a district's local `-p rules.py` has no version);
- the file's effective configuration (the closest config file's, perflint.resolver: files
  under different configs get different keys, files under equal settings share entries): the
  active rules with their validated options, severities and plugins, the codes
  `per-file-ignores` removes for this file, the ruleset's name, the language, a forced report
  kind or profile, and each declarative rule's definition.

`fail_on` and the baseline are not in the key: they act on the findings after the run.

Corpus rules (findings that need every report of the run, e.g. PL607 shared paragraphs) are
*recomputed* on every run: a change in one file can change another file's corpus findings, so
they cannot be cached per file. When corpus rules are active, an entry also stores what they
collected of the file, so a cached file is neither extracted nor validated again just to feed
them: for perflint's own corpus rules (PL607, PL608) the paragraphs they compare
(perflint.textmatch.records_json, one copy when both collected the same object, restored as one
object again); for a plugin's corpus rule, whose collected value perflint cannot store, the
file's normalized Report (as JSON), from which the rules collect again. The key then also covers
the corpus rules (their options come from the run's root config, not the file's). The report-rule
findings come from the entry and the corpus rules run over all reports as usual. The output is
byte-identical with and without the cache.

Entries are zlib-compressed JSON (two streams: the findings and fields, then what the corpus
rules collected, read only when needed), never pickle: a cache folder that came with a cloned
repository cannot run code. Writes are atomic (temp file and rename), so parallel workers and
interrupted runs leave no partial entry. The folder is safe to delete at any time; it holds a
CACHEDIR.TAG and a `.gitignore` of `*`.

Threat model (what the cache defends against, and what it does not)
-------------------------------------------------------------------

Auditors run perflint in folders others made: a cloned repository, an unpacked archive of
submissions. Such a folder may hold a `.perflint_cache` of its own, crafted so that perflint
writes outside it (symbolic links) or reports what the crafter wants (forged entries that turn
"defects found", exit 1, into exit 0).

- **No write goes through a link.** The cache folder and the folders on its way below the
  current directory are opened one by one without following links (`O_NOFOLLOW`); a link at
  the folder's top level (`.gitignore`, `CACHEDIR.TAG`, a key folder) makes the whole cache
  untrusted; key folders, entries and temp files are opened relative to the folder's handle,
  again without following links, and entries are replaced by rename, which replaces a link
  rather than writing through it.
- **Only a folder perflint created and owns is used.** perflint creates it (mode 0700, in a
  temporary name renamed into place, so a half-made cache is never seen) with a marker file,
  `MARKER`, made with O_EXCL and mode 0600, that holds a random per-cache secret and the
  folder's inode number. A folder is used only when it and its marker belong to the current
  user, neither is writable by group or others (nor is the marker readable by them), and the
  inode recorded is the folder's own. A folder that arrived by `git clone`, `cp -r`, an archive
  or a move across file systems has a new inode: even carrying a marker and its secret, it is
  not used. An empty folder the user made is adopted (a marker is written into it).
- **Every entry is verified.** An entry is `MAGIC` (with the format version), an HMAC-SHA256
  of its entry key and content under the cache's secret, then the compressed JSON; the JSON
  must have exactly the expected fields and types (`_decoded`). A wrong version, MAC, size, layout or
  anything unexpected is a miss (the file is linted again), never an error, and the MAC is
  checked before the entry is decompressed, so a forged entry cannot be a zip bomb either.
  Since a verified entry was written by this cache, from validated findings, its findings are
  restored from their values without validating them again (`_finding`).
- **An untrusted cache is not used, and said once**: one line on stderr naming the folder and
  the reason; the run goes on uncached, its exit code unaffected.

What a forged entry still needs: the secret, which only the cache's owner can read (mode 0600
in a 0700 folder), and write access to the folder. Whoever has both runs as the user already
and could change perflint itself, so this is not defended against; nor is root. The key's
coverage (what makes an entry stale) is separate and described above. Platforms without
`O_NOFOLLOW` and folder handles (Windows) get no cache, with the same warning.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from perflint import __version__, packed
from perflint.atomic import temp_name
from perflint.findings import Finding, Related
from perflint.lang import os_reason, reader_lang
from perflint.model import Report, Span
from perflint.model.span import restore as restore_model
from perflint.reading import InputError, read_bytes
from perflint.textmatch import records_json
from perflint.textmatch.corpus import ReportParagraphs

if TYPE_CHECKING:
    from perflint.activation import ActiveRule
    from perflint.config import Config
    from perflint.host import PluginHost
    from perflint.results import FileResult

DEFAULT_DIR = Path(".perflint_cache")
#: Bump when the entry layout changes (it is in every entry and in the key).
FORMAT = 4
#: Bump when the marker changes (a folder with another marker format is not used).
MARKER_FORMAT = 2
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by perflint.\n"
        "# For information about cache directory tags see https://bford.info/cachedir/\n")


@functools.cache
def _source_fingerprint() -> str:
    """A digest of perflint's own source files (names, sizes and contents); computed once per
    process, since a run with several configs asks once per config."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".json", ".txt")):
                path = Path(root) / name
                digest.update(str(path.relative_to(package)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _rule_file(rule: type) -> str | None:
    """The source file a rule class was defined in. Plugins loaded from a `.py` path are not in
    sys.modules, so the file is read off the class's own functions first."""
    for klass in rule.__mro__:
        for attribute in vars(klass).values():
            function = getattr(attribute, "__func__", attribute)
            code = getattr(function, "__code__", None)
            if code is not None:
                return code.co_filename
        if klass.__module__ == rule.__module__:
            break
    module = sys.modules.get(rule.__module__)
    return getattr(module, "__file__", None)


def _module_source(rule: type) -> str:
    source = _rule_file(rule)
    try:
        return hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else ""
    except OSError:
        return ""


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


def _described(rules: Sequence[ActiveRule]) -> list[dict[str, Any]]:
    """What the key records of each active rule: class, plugin, options, definition, module."""
    package = Path(__file__).resolve().parent
    return [
        {
            "code": a.rule.code,
            "class": f"{a.rule.__module__}.{a.rule.__qualname__}",
            "plugin": a.registered.plugin,
            "options": _jsonable(a.options),
            "spec": _jsonable(getattr(a.rule, "spec", None)),
            # perflint's own modules are covered by the source fingerprint
            "module": "" if _inside(a.rule, package) else _module_source(a.rule),
        }
        for a in rules
    ]


def _digest(description: Any) -> str:
    text = json.dumps(description, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_key(host: PluginHost, rules: list[ActiveRule], config: Config) -> str:
    """The part of an entry's key shared by all files of a run under one config (`config` is
    their effective config, `rules` its active rules); computed once per config."""
    description = {
        "format": FORMAT,
        "perflint": __version__,
        "source": _source_fingerprint(),
        "plugins": [[p.name, p.version, p.source] for p in host.plugins],
        "rules": _described(rules),
        "severities": dict(sorted(config.severities.items())),
        "ruleset": config.ruleset,
        "lang": config.lang,
        "kind": getattr(config, "kind", None),
        "profile": getattr(config, "profile", None),
        "plugin_options": config.plugin_options,
        "loaders": sorted((ext, loader.name) for ext, loader in host.loaders.items()),
    }
    return _digest(description)


def _inside(rule: type, package: Path) -> bool:
    source = _rule_file(rule)
    try:
        return source is not None and Path(source).resolve().is_relative_to(package)
    except OSError:
        return False


def _storable(rule: type, value: object) -> bool:
    """Whether the entry can keep what `rule` collected instead of the report: perflint's own
    rules' paragraphs (a plugin's rule may collect anything, and from anything in the report)."""
    return type(value) is ReportParagraphs and is_perflints(rule)


@functools.cache
def is_perflints(rule: type) -> bool:
    """Whether `rule` is one of perflint's own (asked per rule and file: answered once)."""
    return _inside(rule, Path(__file__).resolve().parent)


@dataclass
class Cached:
    """What an entry restores: the report-rule findings, the unit name, kind and year and, when
    corpus rules are active, what they collected or else the normalized report."""

    findings: list[Finding]
    unit_name: str | None
    report: Report | None
    kind: str | None = None
    year: int | None = None
    collected: dict[str, object] = field(default_factory=dict)
    #: the findings packed in output order with their tally, when every one is shaped as usual
    #: (`findings` is then empty): a warm run builds no Finding for a file it only outputs
    settled: tuple[bytes, packed.Tally] | None = None


@dataclass
class Draft:
    """A linted file's entry as it stands before the corpus rules collect (they let the report go,
    and what they collect, or their PL001 when `collect` fails, is added afterwards)."""

    result: FileResult
    findings: list[Finding]
    report: Report | None


class Cache:
    """One run's view of the cache folder. Opening it checks that it can be trusted (see the
    threat model above); an untrusted folder makes every `get` a miss and every `put` nothing."""

    def __init__(self, directory: Path, key: str, keep_reports: bool, lang: str | None = None) -> None:
        self.directory = directory
        self.key = key
        self.keep_reports = keep_reports
        self.hits = 0
        self.misses = 0
        self.lang = lang
        self._root = _trusted_root(directory, lang)
        #: the corpus rules and language last asked for, and their part of the key
        self._corpus: tuple[Sequence[ActiveRule], str | None, str] | None = None
        #: the last key computed, with what it was computed from (path, ignored codes, corpus part)
        self._last: tuple[tuple[Path, str, str], str] | None = None
        #: keys `has` found an entry for, by what they were computed from: the run asks each
        #: file's key twice (is it cached? then get it), and the second time it is not read again
        self._found: dict[tuple[Path, str, str], str] = {}
        #: whether `get` restores what the corpus rules collected (not when the run's corpus
        #: findings are kept already: perflint.corpus_kept)
        self.records = True

    @property
    def usable(self) -> bool:
        """Whether the folder is trusted and in use (False: the run is uncached)."""
        return self._root is not None and not self._root.dropped

    def entry_key(self, path: Path, ignored: list[str], corpus_rules: Sequence[ActiveRule] = (),
                  lang: str | None = None) -> str | None:
        """The entry's key for this file, or None when the file cannot be read (the loader then
        reports why, uncached) or the cache is not in use. `corpus_rules` (and `lang`, that of
        their PL001 findings) are those of the run's root config, which may differ from the
        file's: an entry keeps what they collected."""
        if not self.usable:
            return None
        if self._corpus is None or self._corpus[0] is not corpus_rules or self._corpus[1] != lang:
            self._corpus = (corpus_rules, lang, _digest([_described(corpus_rules), lang]))
        source = (path, ",".join(sorted(ignored)), self._corpus[2])
        known = self._found.pop(source, None)
        if known is not None:
            self._last = (source, known)  # found again by `has`, it is kept again
            return known
        try:
            content = read_bytes(path)
        except (InputError, OSError):
            return None
        digest = hashlib.sha256()
        digest.update(self.key.encode())
        digest.update(b"\0" + str(path).encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + source[1].encode())
        digest.update(b"\0" + str(self.keep_reports).encode() + b"\0" + source[2].encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(content).digest())
        key = digest.hexdigest()
        self._last = (source, key)
        return key

    def has(self, key: str | None) -> bool:
        """Whether an entry is stored under `key` (not read, nor verified: `get` may still miss).
        A run asks it of every file first, so that a warm run forks no worker for nothing. A key
        found is kept for the file's next `entry_key`, which then does not read and hash the
        file again (a file not found is read again when it is linted, so that the entry it gets
        is that of the content linted)."""
        root = self._root
        found = key is not None and root is not None and not root.dropped and root.exists(key)
        if found and self._last is not None and self._last[1] == key:
            self._found[self._last[0]] = key
        return found

    def get(self, key: str | None) -> Cached | None:
        """The entry stored under `key`, if there is one and it verifies; else None (a miss)."""
        root = self._root
        if key is None or root is None or root.dropped:
            return None
        try:
            blob = root.read(key)
            data = _decoded(blob, key, root.secret, self.records) if blob is not None else None
            if data is None:
                return None
            rows = _rows(data["findings"])
            findings = [] if rows is not None else [_finding(item) for item in data["findings"]]
            report = Report.model_validate(data["report"]) if data["report"] is not None else None
            collected = _collected(data["collected"], data["records"]) if self.records else {}
            if self.keep_reports and report is None and data["collected"] is None and not data["failed"]:
                return None
            return Cached(findings, data["unit_name"], report, data["kind"], data["year"], collected,
                          None if rows is None else (packed.pack_rows(rows), packed.tally_rows(rows)))
        except Exception:  # a missing, corrupt or outdated entry is a miss, never an error
            return None

    def draft(self, result: FileResult) -> Draft:
        """What `put` needs of a freshly linted `result` from before its corpus rules collect."""
        return Draft(result, list(result.findings), result.report)

    def put(self, key: str | None, draft: Draft, corpus_rules: Sequence[ActiveRule] = ()) -> None:
        """Store the drafted result under `key`, once `corpus_rules` have collected from it
        (nothing when the cache is not in use or cannot write). The entry keeps what they
        collected when all of it can be stored (`_storable`), else the report they collect from
        again on a warm hit."""
        root = self._root
        if key is None or root is None or root.dropped:
            return
        result = draft.result
        findings, report, collected, records = draft.findings, "null", "null", "[]"
        if self.keep_reports and draft.report is not None:
            stored = _stored(result.collected, corpus_rules)
            if stored is not None:
                findings = result.findings  # no rule failed to collect: the same findings
                collected, records = stored
            else:  # pydantic's own JSON serializer (in Rust) writes the model
                report = draft.report.model_dump_json()
        text = (f'{{"findings": [{", ".join(f.model_dump_json() for f in findings)}], '
                f'"unit_name": {json.dumps(result.unit_name, ensure_ascii=False)}, '
                f'"kind": {json.dumps(result.kind)}, "year": {json.dumps(result.year)}, '
                f'"report": {report}, "failed": {json.dumps(draft.report is None)}, '
                f'"collected": {collected}}}')
        blob = zlib.compress(text.encode("utf-8"), 1) + zlib.compress(records.encode("utf-8"), 1)
        root.write(key, _sealed(blob, key, root.secret))


    def get_value(self, name: str) -> Any:
        """The JSON value `put_value` stored under `name` (a run's result that is no file's entry:
        the corpus clustering), or None: never stored, corrupt or not this cache's."""
        root, key = self._root, _value_key(name)
        if root is None or root.dropped:
            return None
        try:
            blob = root.read(key)
            text = _opened(blob, key, root.secret) if blob is not None else None
            return None if text is None else orjson.loads(text)
        except Exception:  # a missing, corrupt or outdated value is a miss, never an error
            return None

    def has_value(self, name: str) -> bool:
        """Whether a value is stored under `name` (not read, nor verified: `get_value` may miss)."""
        root = self._root
        return root is not None and not root.dropped and root.exists(_value_key(name))

    def put_value(self, name: str, value: Any) -> None:
        """Store a JSON value under `name`, sealed as entries are (nothing when not in use)."""
        self.put_json(name, orjson.dumps(value))

    def put_json(self, name: str, text: bytes) -> None:
        """`put_value` for a value written as JSON text already (UTF-8)."""
        root, key = self._root, _value_key(name)
        if root is None or root.dropped:
            return
        root.write(key, _sealed(zlib.compress(text, 1), key, root.secret))


def _value_key(name: str) -> str:
    """Where a named value is stored: a key no file's entry can have (entry keys hash the run's key
    and the file's content; this one, the format and the name)."""
    return hashlib.sha256(b"perflint-value\0" + bytes([FORMAT]) + name.encode("utf-8")).hexdigest()


def _stored(collected: dict[str, object], corpus_rules: Sequence[ActiveRule]) -> tuple[str, str] | None:
    """What the entry keeps of `collected` (the JSON of each rule's record number, and of the
    records, one per distinct object), or None when some corpus rule's value cannot be stored."""
    numbers: dict[int, int] = {}
    values: list[object] = []
    codes: dict[str, int] = {}
    for active in corpus_rules:
        code = active.rule.code
        value = collected.get(code)
        if not _storable(active.rule, value):
            return None
        if id(value) not in numbers:
            numbers[id(value)] = len(values)
            values.append(value)
        codes[code] = numbers[id(value)]
    try:
        records = orjson.dumps([records_json.to_json(v) for v in values])
    except orjson.JSONEncodeError:  # a text orjson will not write (a lone surrogate): keep the report
        return None
    return orjson.dumps(codes).decode(), records.decode()


#: The keys of a Finding's, a Span's and a Related's JSON, in the order pydantic writes them.
_FINDING_KEYS = tuple(Finding.model_fields)
_SPAN_KEYS = tuple(Span.model_fields)
_RELATED_KEYS = tuple(Related.model_fields)


def _finding(item: dict[str, Any]) -> Finding:
    """The Finding an entry's JSON object was dumped from, restored from its values without
    validating them again: the entry is sealed by this cache (its MAC verified) and its key covers
    perflint's source, so it was written by this code from a validated Finding, and the values
    read back are those a validation would give (strings, integers, booleans, null). An object
    with other keys (a plugin's Finding subclass with fields of its own) is validated, as before."""
    span, related = item.get("span"), item.get("related")
    if (tuple(item) != _FINDING_KEYS or (span is not None and tuple(span) != _SPAN_KEYS)
            or any(tuple(figure) != _RELATED_KEYS or tuple(figure["span"]) != _SPAN_KEYS
                   for figure in related)):
        return Finding.model_validate(item)
    if span is not None:
        item["span"] = _span(span)
    item["related"] = tuple(restore_model(Related, {"span": _span(figure["span"]), "label": figure["label"]},
                                          set(_RELATED_KEYS), None, None) for figure in related)
    return restore_model(Finding, item, set(_FINDING_KEYS), None, None)


#: The field sets of a restored finding, span and related figure (every field), as rows write them.
_ROW_FIELDS, _ROW_SPAN_FIELDS, _ROW_RELATED_FIELDS = packed.usual_fields(
    set(_FINDING_KEYS), set(_SPAN_KEYS), set(_RELATED_KEYS))


def _rows(items: list[dict[str, Any]]) -> list[packed.Row] | None:
    """The rows (perflint.packed) of the findings `_finding` restores from an entry's JSON
    objects, sorted as a settled file's are (`FileResult.settle`); None when one of them is not
    shaped as usual (`_finding` then validates it)."""
    rows = []
    for item in items:
        span, related = item.get("span"), item.get("related")
        if (tuple(item) != _FINDING_KEYS or (span is not None and tuple(span) != _SPAN_KEYS)
                or any(tuple(figure) != _RELATED_KEYS or tuple(figure["span"]) != _SPAN_KEYS
                       for figure in related)):
            return None
        figures = tuple(((*figure["span"].values(), _ROW_SPAN_FIELDS), figure["label"], _ROW_RELATED_FIELDS)
                        for figure in related)
        rows.append((item["code"], item["severity"], item["message"], item["expected"], item["stated"],
                     item["rule"], item["plugin"], item["ruleset"], item["fixable"], item["extra"],
                     None if span is None else (*span.values(), _ROW_SPAN_FIELDS), figures, _ROW_FIELDS))
    rows.sort(key=packed.row_key)
    return rows


def _span(values: dict[str, Any]) -> Span:
    return restore_model(Span, values, set(_SPAN_KEYS), None, None)


def _collected(codes: dict[str, int] | None, records: list) -> dict[str, object]:
    """What an entry's corpus rules collected, by code; rules that collected the same object
    get one object again. ValueError (a miss) when the numbers or records are not as stored."""
    if codes is None:
        return {}
    values = [records_json.from_json(record) for record in records]
    if any(type(number) is not int or not 0 <= number < len(values) for number in codes.values()):
        raise ValueError("not a stored record number")
    return {code: values[number] for code, number in codes.items()}


# ------------------------------------------------------------------------------ entry format

#: The first bytes of every entry: a name and the entry format's version.
MAGIC = b"perflint-cache\0" + bytes([FORMAT])
_MAC_BYTES = hashlib.sha256().digest_size
#: An entry larger than this (stored, or inflated) is a miss: no linted file needs as much.
MAX_ENTRY_BYTES = 512 * 1024 * 1024
#: The entry's JSON fields and the types each may have.
_FIELDS: dict[str, tuple[type, ...]] = {
    "findings": (list,), "unit_name": (str, type(None)), "kind": (str, type(None)),
    "year": (int, type(None)), "report": (dict, type(None)), "failed": (bool,),
    "collected": (dict, type(None)),
}


def _mac(blob: bytes, key: str, secret: bytes) -> bytes:
    """The entry's checksum: keyed by the cache's secret, over the format, its key and content
    (so an entry moved to another key, or from another cache, does not verify)."""
    return hmac.new(secret, MAGIC + key.encode("ascii") + b"\0" + blob, hashlib.sha256).digest()


def _sealed(blob: bytes, key: str, secret: bytes) -> bytes:
    return MAGIC + _mac(blob, key, secret) + blob


def _opened(data: bytes, key: str, secret: bytes) -> bytes | None:
    """The inflated content of a sealed blob (a named value: one stream) when its version,
    checksum and size are as perflint writes them; else None. The checksum is checked before
    anything is inflated."""
    blob = _unsealed(data, key, secret)
    parts = _inflated(blob) if blob is not None else None
    return parts[0] if parts is not None and not parts[1] else None


def _unsealed(data: bytes, key: str, secret: bytes) -> bytes | None:
    """The blob a sealed entry or value holds, when its version and checksum verify."""
    head = len(MAGIC) + _MAC_BYTES
    if len(data) < head or not data.startswith(MAGIC):
        return None
    blob = data[head:]
    if not hmac.compare_digest(data[len(MAGIC):head], _mac(blob, key, secret)):
        return None
    return blob


def _inflated(blob: bytes) -> tuple[bytes, bytes] | None:
    """The first compressed stream of `blob` inflated (at most `MAX_ENTRY_BYTES`), and the bytes
    after it; None when it is not one whole stream within that size."""
    inflater = zlib.decompressobj()
    text = inflater.decompress(blob, MAX_ENTRY_BYTES)
    if inflater.unconsumed_tail or not inflater.eof:
        return None
    return text, inflater.unused_data


def _decoded(data: bytes, key: str, secret: bytes, records: bool = True) -> dict[str, Any] | None:
    """The entry's JSON when its version, checksum, size and layout are as perflint writes
    them; else None. The checksum is checked before anything is inflated or parsed.

    An entry is two compressed streams: the JSON object of `_FIELDS`, then the JSON array of the
    records (what the corpus rules collected, three quarters of the bytes of a `.txt` report's
    entry), inflated and read only when `records` are wanted (else they are `[]`): a warm run
    whose corpus findings are kept (perflint.corpus_kept) does not need them."""
    blob = _unsealed(data, key, secret)
    parts = _inflated(blob) if blob is not None else None
    if parts is None:
        return None
    value = orjson.loads(parts[0])
    if not isinstance(value, dict) or set(value) != set(_FIELDS):
        return None
    if any(not isinstance(value[name], kinds) or (name == "year" and isinstance(value[name], bool))
           for name, kinds in _FIELDS.items()):
        return None
    value["records"] = []
    if records:
        rest = _inflated(parts[1])
        if rest is None or rest[1]:
            return None
        value["records"] = orjson.loads(rest[0])
        if not isinstance(value["records"], list):
            return None
    return value


# ---------------------------------------------------------------------------- the cache folder

#: The marker that says "perflint made this folder, here": a JSON object with the format, the
#: per-cache secret (hex) and the folder's inode number.
MARKER = "perflint-cache.json"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_GITIGNORE = "# created by perflint --cache\n*\n"


class Untrusted(Exception):
    """Why a cache folder is not used (zh, with `english`)."""

    def __init__(self, message: str, english: str) -> None:
        super().__init__(message)
        self.message = message
        self.english = english


class _Root:
    """A trusted cache folder: its open handle (every access is relative to it) and secret."""

    def __init__(self, directory: Path, fd: int, secret: bytes, lang: str | None) -> None:
        self.directory = directory
        self.fd = fd
        self.secret = secret
        self.lang = lang
        #: set when a link turns up inside the folder during the run: the cache is dropped
        self.dropped = False

    def _sub(self, key: str, create: bool) -> int | None:
        """The key folder's handle (created when `create`), or None when it does not exist."""
        name = key[:2]
        if create:
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o700, dir_fd=self.fd)
        try:
            return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=self.fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                self.drop(Untrusted(f"{name} 是符号链接或不是文件夹", f"{name} is a link or not a folder"))
            return None

    def exists(self, key: str) -> bool:
        """Whether `key`'s entry is a regular file (a link or anything else is not an entry)."""
        sub = self._sub(key, create=False)
        if sub is None:
            return False
        try:
            info = os.stat(f"{key[2:]}.json.z", dir_fd=sub, follow_symlinks=False)
        except OSError:
            return False
        finally:
            os.close(sub)
        return stat.S_ISREG(info.st_mode)

    def read(self, key: str) -> bytes | None:
        """The stored bytes of `key`'s entry, or None (missing, a link, too large, unreadable)."""
        sub = self._sub(key, create=False)
        if sub is None:
            return None
        try:
            fd = os.open(f"{key[2:]}.json.z", os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=sub)
        except OSError:
            return None
        finally:
            os.close(sub)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None
            return handle.read(MAX_ENTRY_BYTES + 1)

    def write(self, key: str, data: bytes) -> None:
        """Store `data` as `key`'s entry: a temp file beside it, renamed over it (a rename
        replaces a link, never writes through it). A full or read-only disk makes the cache
        useless, not the run."""
        try:
            sub = self._sub(key, create=True)
        except OSError:
            return
        if sub is None:
            return
        temp = temp_name(key[2:])
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=sub)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(temp, f"{key[2:]}.json.z", src_dir_fd=sub, dst_dir_fd=sub)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp, dir_fd=sub)
                raise
        except OSError:
            return
        finally:
            os.close(sub)

    def drop(self, reason: Untrusted) -> None:
        """Stop using the cache for the rest of the run, saying why once."""
        if not self.dropped:
            self.dropped = True
            _warn(self.directory, reason, self.lang)


#: The folders this process opened (or refused), by absolute path: a run with several configs
#: opens its cache once and warns once; forked workers inherit the open handle.
_ROOTS: dict[str, _Root | None] = {}


def _trusted_root(directory: Path, lang: str | None) -> _Root | None:
    """The run's trusted handle on `directory`, or None (said once on stderr) when the folder
    cannot be trusted. A handle opened earlier in this process is reused while the path still
    names that folder (a later run in the same process may have deleted it)."""
    absolute = os.path.abspath(directory)
    if absolute in _ROOTS and not _same_folder(absolute, _ROOTS[absolute]):
        del _ROOTS[absolute]
    if absolute not in _ROOTS:
        try:
            _ROOTS[absolute] = _open_root(Path(absolute), lang)
        except Untrusted as reason:
            _warn(directory, reason, lang)
            _ROOTS[absolute] = None
        except OSError as exc:  # a folder perflint may not create or read: uncached, said
            reason = os_reason(exc)
            _warn(directory, Untrusted(f"无法使用：{reason.text('zh')}",
                                       f"cannot be used: {reason.text('en')}"), lang)
            _ROOTS[absolute] = None
    return _ROOTS[absolute]


def _same_folder(path: str, root: _Root | None) -> bool:
    """Whether `path` still names the folder `root` holds open (a refused folder: always)."""
    if root is None:
        return True
    try:
        here, held = os.stat(path, follow_symlinks=False), os.fstat(root.fd)
    except OSError:
        return False
    if (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino):
        return True
    with contextlib.suppress(OSError):
        os.close(root.fd)
    return False


def _warn(directory: Path, reason: Untrusted, lang: str | None) -> None:
    chosen = reader_lang(lang)
    if chosen == "en":
        line = (f"perflint: warning: the cache folder {directory} is not used ({reason.english}); this run "
                f"is not cached. Delete the folder, or choose another with --cache-dir")
    else:
        line = (f"perflint: 警告：缓存文件夹 {directory} 不可信，未使用（{reason.message}）；"
                f"本次运行不使用缓存。删除该文件夹或用 --cache-dir 另选一个即可")
    print(line, file=sys.stderr)


def _open_root(directory: Path, lang: str | None) -> _Root:
    """Open (creating if needed) and check the cache folder; raise Untrusted saying why not."""
    if not _NOFOLLOW or os.open not in os.supports_dir_fd:
        raise Untrusted("此系统不支持安全打开缓存文件夹", "this system cannot open the folder safely")
    parent = _open_parent(directory.parent)
    try:
        fd = _open_or_create(parent, directory.name)
    finally:
        os.close(parent)
    try:
        secret = _check(fd)
    except BaseException:
        os.close(fd)
        raise
    return _Root(directory, fd, secret, lang)


def _open_parent(folder: Path) -> int:
    """A handle on the folder that holds the cache. Below the current directory (where a
    cloned repository puts its folders) each part is opened without following links, and made
    when missing; above it, or elsewhere, the folder is the user's choice and opened as it is."""
    here = os.getcwd()
    try:
        parts = folder.relative_to(here).parts
    except ValueError:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    fd = os.open(here, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    for part in parts:
        try:
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, dir_fd=fd)
            step = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise Untrusted(f"路径中的 {part} 是符号链接或不是文件夹",
                                f"{part} on its path is a symbolic link or not a folder") from None
            raise
        finally:
            os.close(fd)
        fd = step
    return fd


def _open_or_create(parent: int, name: str) -> int:
    """The cache folder's handle: created complete under a temporary name and renamed into
    place when missing; an existing one opened without following a link."""
    try:
        info = os.stat(name, dir_fd=parent, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    if info is None:
        fd = _create(parent, name)
        if fd is not None:
            return fd
        info = os.stat(name, dir_fd=parent, follow_symlinks=False)  # another run made it meanwhile
    if stat.S_ISLNK(info.st_mode):
        raise Untrusted("它是符号链接", "it is a symbolic link")
    if not stat.S_ISDIR(info.st_mode):
        raise Untrusted("它不是文件夹", "it is not a folder")
    try:
        return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise Untrusted("它是符号链接", "it is a symbolic link") from None
        raise


def _create(parent: int, name: str) -> int | None:
    """Make the cache folder, marker, tag and `.gitignore` under a temporary name, then rename
    it to `name`; None when another process created `name` first (ours is removed)."""
    temp = temp_name(name)
    os.mkdir(temp, 0o700, dir_fd=parent)
    fd = os.open(temp, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
    try:
        _initialize(fd)
        os.rename(temp, name, src_dir_fd=parent, dst_dir_fd=parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            for member in os.listdir(fd):
                os.unlink(member, dir_fd=fd)
            os.rmdir(temp, dir_fd=parent)
        os.close(fd)
        if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
            return None
        raise
    except BaseException:
        os.close(fd)
        raise
    return fd


def _initialize(fd: int) -> bytes:
    """Write the marker (O_EXCL, 0600: a fresh secret and the folder's inode), the CACHEDIR.TAG
    and the `.gitignore` into the empty folder `fd`; returns the secret."""
    secret = secrets.token_bytes(32)
    marker = {"format": MARKER_FORMAT, "secret": secret.hex(), "inode": os.fstat(fd).st_ino}
    _new_file(fd, MARKER, json.dumps(marker).encode("ascii"), 0o600)
    _new_file(fd, "CACHEDIR.TAG", _TAG.encode("ascii"), 0o644)
    _new_file(fd, ".gitignore", _GITIGNORE.encode("ascii"), 0o644)
    return secret


def _new_file(fd: int, name: str, data: bytes, mode: int) -> None:
    """Create `name` in folder `fd`; O_EXCL never follows a link nor reuses a file."""
    handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode, dir_fd=fd)
    with os.fdopen(handle, "wb") as out:
        out.write(data)


def _check(fd: int) -> bytes:
    """The secret of the folder `fd` when it can be trusted; else raise Untrusted saying why.
    An empty folder of the user's is adopted (a marker is written into it)."""
    info = os.fstat(fd)
    _check_owner(info, "文件夹", "the folder")
    names = os.listdir(fd)
    if not names:
        return _initialize(fd)
    for name in names:
        if stat.S_ISLNK(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
            raise Untrusted(f"其中的 {name} 是符号链接", f"{name} in it is a symbolic link")
    if MARKER not in names:
        raise Untrusted("不是 perflint 建立的缓存（没有标记文件）",
                        "perflint did not create it (it has no marker file)")
    try:
        handle = os.open(MARKER, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
    except OSError as exc:
        raise Untrusted("标记文件无法读取", "its marker cannot be read") from exc
    with os.fdopen(handle, "rb") as marker_file:
        marker_info = os.fstat(marker_file.fileno())
        if not stat.S_ISREG(marker_info.st_mode):
            raise Untrusted("标记文件不是普通文件", "its marker is not a regular file")
        _check_owner(marker_info, "标记文件", "its marker")
        if marker_info.st_mode & 0o077:
            raise Untrusted("标记文件可被他人读取", "its marker is readable by others")
        data = marker_file.read(4096)
    return _marker_secret(data, info.st_ino)


def _check_owner(info: os.stat_result, zh: str, en: str) -> None:
    getuid = getattr(os, "geteuid", None)
    if getuid is not None and info.st_uid != getuid():
        raise Untrusted(f"{zh}属于另一个用户（uid {info.st_uid}）",
                        f"{en} belongs to another user (uid {info.st_uid})")
    if info.st_mode & 0o022:
        raise Untrusted(f"{zh}可被组或其他用户写入", f"{en} is writable by group or others")


def _marker_secret(data: bytes, inode: int) -> bytes:
    """The secret a marker holds, when it is perflint's, of this format, made for this folder."""
    try:
        marker = json.loads(data)
        secret = bytes.fromhex(marker["secret"])
        made_for = marker["inode"]
        version = marker["format"]
    except (ValueError, KeyError, TypeError) as exc:
        raise Untrusted("标记文件已损坏", "its marker is damaged") from exc
    if version != MARKER_FORMAT:
        raise Untrusted("是旧版 perflint 的缓存", "it is an older perflint's cache")
    if made_for != inode or len(secret) < 16:
        raise Untrusted("它是从别处复制或克隆来的（标记与文件夹不符）",
                        "it was copied or cloned from elsewhere (its marker is not this folder's)")
    return secret


def restore(result: FileResult, cached: Cached) -> None:
    """Fill a FileResult from an entry."""
    if cached.settled is not None:
        result.settled(*cached.settled)
    else:
        result.findings = list(cached.findings)
    result.unit_name = cached.unit_name
    result.kind = cached.kind
    result.year = cached.year
    result.report = cached.report
    result.collected = dict(cached.collected)

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
they cannot be cached per file. When corpus rules are active, an entry also stores the file's
normalized Report (as JSON), so a cached file is not extracted again just to feed them; the
report-rule findings come from the entry and the corpus rules run over all reports as usual.
The output is byte-identical with and without the cache.

Entries are zlib-compressed JSON, never pickle: a cache folder that came with a cloned
repository cannot run code. An unreadable or corrupt entry is a miss. Writes are atomic (temp
file and rename), so parallel workers and interrupted runs leave no partial entry. The folder is
safe to delete at any time; it holds a CACHEDIR.TAG and a `.gitignore` of `*`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflint import __version__
from perflint.findings import Finding
from perflint.model import Report

if TYPE_CHECKING:
    from perflint.activation import ActiveRule
    from perflint.config import Config
    from perflint.host import PluginHost
    from perflint.results import FileResult

DEFAULT_DIR = Path(".perflint_cache")
#: Bump when the entry layout changes.
FORMAT = 1
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


def run_key(host: PluginHost, rules: list[ActiveRule], config: Config) -> str:
    """The part of an entry's key shared by all files of a run under one config (`config` is
    their effective config, `rules` its active rules); computed once per config."""
    package = Path(__file__).resolve().parent
    description = {
        "format": FORMAT,
        "perflint": __version__,
        "source": _source_fingerprint(),
        "plugins": [[p.name, p.version, p.source] for p in host.plugins],
        "rules": [
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
        ],
        "severities": dict(sorted(config.severities.items())),
        "ruleset": config.ruleset,
        "lang": config.lang,
        "kind": getattr(config, "kind", None),
        "profile": getattr(config, "profile", None),
        "plugin_options": config.plugin_options,
        "loaders": sorted((ext, loader.name) for ext, loader in host.loaders.items()),
    }
    text = json.dumps(description, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _inside(rule: type, package: Path) -> bool:
    source = _rule_file(rule)
    try:
        return source is not None and Path(source).resolve().is_relative_to(package)
    except OSError:
        return False


@dataclass
class Cached:
    """What an entry restores: the report-rule findings, the unit name, kind and year and, when
    corpus rules are active, the normalized report."""

    findings: list[Finding]
    unit_name: str | None
    report: Report | None
    kind: str | None = None
    year: int | None = None


class Cache:
    """One run's view of the cache folder."""

    def __init__(self, directory: Path, key: str, keep_reports: bool) -> None:
        self.directory = directory
        self.key = key
        self.keep_reports = keep_reports
        self.hits = 0
        self.misses = 0

    def entry_key(self, path: Path, ignored: list[str]) -> str | None:
        """The entry's key for this file, or None when the file cannot be read (the loader then
        reports why, uncached)."""
        try:
            content = path.read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256()
        digest.update(self.key.encode())
        digest.update(b"\0" + str(path).encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + ",".join(sorted(ignored)).encode())
        digest.update(b"\0" + str(self.keep_reports).encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(content).digest())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json.z"

    def get(self, key: str | None) -> Cached | None:
        if key is None:
            return None
        try:
            data = json.loads(zlib.decompress(self._path(key).read_bytes()))
            findings = [Finding.model_validate(item) for item in data["findings"]]
            report = Report.model_validate(data["report"]) if data.get("report") is not None else None
            if self.keep_reports and report is None and not data.get("failed"):
                return None
            return Cached(findings, data.get("unit_name"), report, data.get("kind"), data.get("year"))
        except Exception:  # a missing, corrupt or outdated entry is a miss, never an error
            return None

    def put(self, key: str | None, result: FileResult) -> None:
        if key is None:
            return
        # pydantic's own JSON serializer (in Rust) writes the models; the envelope is plain JSON
        report = (result.report.model_dump_json()
                  if self.keep_reports and result.report is not None else "null")
        text = (f'{{"findings": [{", ".join(f.model_dump_json() for f in result.findings)}], '
                f'"unit_name": {json.dumps(result.unit_name, ensure_ascii=False)}, '
                f'"kind": {json.dumps(result.kind)}, "year": {json.dumps(result.year)}, '
                f'"report": {report}, "failed": {json.dumps(result.report is None)}}}')
        blob = zlib.compress(text.encode("utf-8"), 1)
        target = self._path(key)
        try:
            self._prepare(target.parent)
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temp, target)
        except OSError:  # a read-only or full disk makes the cache useless, not the run
            return

    def _prepare(self, folder: Path) -> None:
        if folder.is_dir():
            return
        folder.mkdir(parents=True, exist_ok=True)
        tag = self.directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG, encoding="ascii")
            (self.directory / ".gitignore").write_text("# created by perflint --cache\n*\n", encoding="ascii")


def restore(result: FileResult, cached: Cached) -> None:
    """Fill a FileResult from an entry."""
    result.findings = list(cached.findings)
    result.unit_name = cached.unit_name
    result.kind = cached.kind
    result.year = cached.year
    result.report = cached.report

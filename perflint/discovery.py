"""Which files a run lints, and which it does not and why: nothing passes silently.

Files named on the command line are linted as given (a missing one or one of a format no loader
reads is a PL000 finding), even when an `exclude` pattern matches them, as in ruff, unless
`force-exclude` is on (for pre-commit, which names files itself). Folders are walked
recursively, sorted by path (the output never depends on the file system). What a walk leaves
out, and whether the run lists it (`Skipped`, in the text output's `未检查的文件` table on stderr
and the JSON output's `skipped` key):

not listed (as ruff, which lists nothing it leaves out)
    hidden files and folders (`.DS_Store`, `.git`, `.perflint.yaml`), Office lock and temporary
    files (`~$报告.docx`, `~WRL0001.tmp`: hidden on the Windows that wrote them), Windows'
    `Thumbs.db`/`desktop.ini`, and the default excludes (config.DEFAULT_EXCLUDE: `.git`,
    `.venv`, `node_modules`, `__pycache__` …): never reports, and a repository holds thousands;
listed (`REASONS`)
    what `exclude`/`extend-exclude` or a `.gitignore` leaves out (a folder once, not each file
    in it); perflint's own files, named or found (its configs `perflint.yaml`/`pyproject.toml`,
    baselines, review decisions, rulesets and form profiles, told by name or content); a
    folder's documentation (`README*`, `LICENSE*`, Markdown) and program code (a district's
    `.py` plugin); YAML/JSON data found in a folder that is not shaped like a normalized
    report (no report key at its top level: an audit, a CI file); a symlinked folder (not
    followed); a file whose folder's config is broken (the run also reports the problem, exit 2);
found and reported as PL000 (exit 2), and listed too
    a file of a format no loader reads (`.pages`, `.numbers`, `.ofd`, a scan `.jpg`), and,
    once linted, a file that cannot be read or is not a report (perflint.recognize).

`.gitignore` files apply as in git (a deeper file's patterns win, `!` re-includes), read with
`pathspec`: those in the walked folders and in the folders above up to the repository root
(the folder holding `.git`, whose `.git/info/exclude` applies too); outside a repository, only
those in the walked folders. They never apply to a file named on the command line.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflint.config import CONFIG_NAMES, ExcludePattern
from perflint.lang import localized, os_reason
from perflint.reading import read_head

if TYPE_CHECKING:
    from perflint.host import PluginHost

#: Why a file was not linted: reason → (zh, en) label. The first group never reaches a loader;
#: the last three are files that did (or, for an unsupported format, were tried) and got PL000.
REASONS = {
    "excluded": ("已排除", "excluded"),
    "gitignored": ("被 .gitignore 忽略", "ignored by .gitignore"),
    "config": ("perflint 配置文件", "perflint config file"),
    "baseline": ("perflint 基线文件", "perflint baseline"),
    "review": ("perflint 审核记录", "perflint review decisions"),
    "ruleset": ("perflint 规则集", "perflint ruleset"),
    "profile": ("perflint 版式配置（profile）", "perflint form profile"),
    "documentation": ("说明文档", "documentation"),
    "source": ("程序代码（如 perflint 插件）", "program code (a perflint plugin …)"),
    "not-report-data": ("不是规范化报告的 YAML/JSON 数据", "YAML/JSON data, not a normalized report"),
    "symlink": ("指向文件夹的符号链接，未进入", "symbolic link to a folder, not followed"),
    "page-resources": ("网页另存时附带的资源文件夹", "the resources folder of a saved web page"),
    "config-error": ("所在文件夹的配置文件有误", "the config file of its folder is broken"),
    "unsupported": ("不支持的文件格式", "unsupported file format"),
    "not-a-report": ("不是绩效自评报告", "not a performance self-evaluation report"),
    "unreadable": ("无法读取", "cannot be read"),
}

#: Reasons of the files the run tried to read and reported as PL000.
PL000_REASONS = frozenset({"unsupported", "not-a-report", "unreadable"})

#: File names (without extension, upper case) of a folder's documentation.
DOC_NAMES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "NOTICE", "COPYING",
                       "AUTHORS", "CONTRIBUTING"})
#: Documentation formats: not a report format, when no loader reads them.
DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst"})
#: Program code: a district's `.py` plugin beside its config and reports.
SOURCE_SUFFIXES = frozenset({".py"})
#: Files the operating system leaves in folders (lower case).
SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})

#: How much of a YAML/JSON file is read to tell a perflint file or other data from a report.
_SNIFF_BYTES = 64 * 1024
#: A YAML file's top-level keys are looked for in its first bytes only (a report's come first).
_SNIFF_YAML_BYTES = 16 * 1024
#: JSON larger than this is not parsed to be told apart (it is linted).
_MAX_SNIFF_JSON = 8 * 1024 * 1024
_NORMALIZED = frozenset({".yaml", ".yml", ".json"})
#: A top-level key of a YAML block mapping: at column 0, not a comment, list item or marker.
_TOP_KEY = re.compile(r"""^("[^"\n]+"|'[^'\n]+'|[^\s#\-\[\]{}&*!|>'"%@`?:,][^:\n]*?)[ \t]*:(?=[ \t]|$)""",
                      re.MULTILINE)


@dataclass(frozen=True)
class Skipped:
    """A file or folder the run did not lint: `reason` (a key of `REASONS`) and `detail` (what
    matched: a pattern and where it was written, a `.gitignore` line, a PL000 message)."""

    path: Path
    reason: str
    detail: str = ""
    is_dir: bool = False

    @property
    def shown(self) -> str:
        """The path as given, a folder with a trailing `/`."""
        text = str(self.path)
        return text + "/" if self.is_dir and not text.endswith(("/", os.sep)) else text

    def label(self, lang: str = "zh") -> str:
        zh, en = REASONS.get(self.reason, (self.reason, self.reason))
        return en if lang == "en" else zh

    def describe(self, lang: str = "zh") -> str:
        """Why, in a line: a PL000 entry's message, else the reason and what matched."""
        detail = localized(self.detail, lang)
        if self.reason in PL000_REASONS and detail:
            return f"{detail} (PL000)" if lang == "en" else f"{detail}（PL000）"
        if not detail:
            return self.label(lang)
        return f"{self.label(lang)}: {detail}" if lang == "en" else f"{self.label(lang)}：{detail}"

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"path": self.shown, "reason": self.reason, "detail": localized(self.detail, lang)}


@dataclass
class Discovery:
    """What a walk found: the files to lint, in order, and what it left out."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: files found in folders that no loader reads (linted anyway: a PL000 each)
    unsupported: set[Path] = field(default_factory=set)


def find(paths: Iterable[Path], host: PluginHost, patterns_for: Callable[[Path], Sequence[ExcludePattern]],
         *, respect_gitignore: bool = True, force_exclude: bool = False) -> Discovery:
    """The files to lint among `paths` and what was left out (module docstring).
    `patterns_for(folder)`: the exclude patterns in force in that folder (its config's)."""
    walker = _Walker(host, patterns_for, respect_gitignore)
    found = Discovery()
    for path in paths:
        if force_exclude:
            pattern = _excluded_with_parents(path, patterns_for)
            if pattern is not None:
                found.skipped.append(Skipped(path, "excluded", pattern.describe(), path.is_dir()))
                continue
        if not path.is_dir():
            own = own_file(path)
            if own is not None:
                found.skipped.append(Skipped(path, own))
            else:
                found.files.append(path)
            continue
        walker.walk(path, found)
    return found


def _excluded_with_parents(path: Path, patterns_for: Callable[[Path], Sequence[ExcludePattern]]
                           ) -> ExcludePattern | None:
    """The pattern that excludes a named path or one of the folders it is in (below the folder
    each pattern is relative to: ruff's `force-exclude`)."""
    patterns = patterns_for(path.parent)
    absolute = Path(os.path.abspath(path))
    is_dir = path.is_dir()
    for candidate in (absolute, *absolute.parents):
        for pattern in patterns:
            inside = os.path.relpath(candidate, pattern.base)
            if candidate != absolute and (inside == "." or inside.startswith("..")):
                continue
            if pattern.matches(candidate, is_dir or candidate != absolute):
                return pattern
    return None


class _Walker:
    def __init__(self, host: PluginHost, patterns_for: Callable[[Path], Sequence[ExcludePattern]],
                 respect_gitignore: bool) -> None:
        self.host = host
        self.patterns_for = patterns_for
        self.gitignore = respect_gitignore

    def walk(self, root: Path, found: Discovery) -> None:
        files: list[Path] = []
        skipped: list[Skipped] = []
        stack = [(root, _ancestor_ignores(root) if self.gitignore else ())]
        while stack:
            folder, ignores = stack.pop()
            if self.gitignore:
                ignores = (*ignores, *_IgnoreFile.load(folder / ".gitignore"))
            patterns = self.patterns_for(folder)
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                skipped.append(Skipped(folder, "unreadable", os_reason(exc), True))
                continue
            subfolders = []
            for entry in entries:
                name = entry.name
                if _hidden(name):
                    continue
                path = folder / name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                pattern = next((p for p in patterns if p.matches(path, is_dir)), None)
                if pattern is not None:
                    if not pattern.is_default:
                        skipped.append(Skipped(path, "excluded", pattern.describe(), is_dir))
                    continue
                ignored = _gitignored(path, is_dir, ignores)
                if ignored is not None:
                    skipped.append(Skipped(path, "gitignored", ignored, is_dir))
                    continue
                if is_dir:
                    if entry.is_symlink():
                        skipped.append(Skipped(path, "symlink", os.readlink(path), True))
                    elif _page_resources(name, entries):
                        skipped.append(Skipped(path, "page-resources", "", True))
                    else:
                        subfolders.append(path)
                    continue
                reason = self.classify(path)
                if reason is not None:
                    skipped.append(Skipped(path, reason))
                    continue
                files.append(path)
                if self.host.loader_for(path) is None:
                    found.unsupported.add(path)
            stack.extend((sub, ignores) for sub in reversed(subfolders))
        found.files.extend(sorted(files))
        found.skipped.extend(sorted(skipped, key=lambda s: s.path))

    def classify(self, path: Path) -> str | None:
        """Why a file found in a folder is not linted, or None: it is (perhaps as PL000)."""
        own = own_file(path, found_in_folder=True)
        if own is not None:
            return own
        stem = path.name.split(".", 1)[0].upper()
        suffix = path.suffix.lower()
        if stem in DOC_NAMES or (suffix in DOC_SUFFIXES and self.host.loader_for(path) is None):
            return "documentation"
        if suffix in SOURCE_SUFFIXES and self.host.loader_for(path) is None:
            return "source"
        return None


#: How browsers name the folder a page saved "complete" keeps its images, scripts and frames in.
_RESOURCE_FOLDER = re.compile(r"^(?P<stem>.+?)(?:_files|\.files|_文件)$")


def _page_resources(name: str, entries: Sequence[os.DirEntry]) -> bool:
    """Whether folder `name` holds the resources of a saved web page beside it (`报告_files` next
    to `报告.html`): its .htm pieces are frames and scripts of that page, not reports."""
    match = _RESOURCE_FOLDER.match(name)
    if match is None:
        return False
    pages = {f"{match['stem']}.{suffix}".lower() for suffix in ("htm", "html", "mht", "mhtml")}
    return any(entry.name.lower() in pages for entry in entries)


def _hidden(name: str) -> bool:
    """Hidden files and folders, Office lock and temporary files, the system's own files."""
    return (name.startswith((".", "~$")) or (name.startswith("~") and name.lower().endswith(".tmp"))
            or name.lower() in SYSTEM_FILES)


# ------------------------------------------------------------------------ perflint's own files

def own_file(path: Path, *, found_in_folder: bool = False) -> str | None:
    """Whether a file is perflint's own (never a report): "config", "baseline", "review",
    "ruleset", "profile"; for a YAML/JSON file found in a folder, also "not-report-data" when its
    top-level keys are not a normalized report's. None: lint it."""
    if path.name in CONFIG_NAMES:
        return "config"
    if path.suffix.lower() not in _NORMALIZED:
        return None
    head = read_head(path, _SNIFF_BYTES)  # a FIFO or a device is not sniffed: reading it blocks
    if head is None:  # or never ends; the loader reports it (PL000)
        return None
    if b'"perflint-baseline"' in head[:4096] or re.search(rb"(?m)^perflint-baseline:", head[:4096]):
        return "baseline"
    if re.search(rb"(?m)^perflint-review:", head[:4096]):
        return "review"
    keys = _top_keys(path, head)
    if not keys:
        return None
    known = _known_keys()
    if keys & known["report"]:
        return None
    if "name" in keys and keys <= known["ruleset"]:
        return "ruleset"
    if "id" in keys and keys <= known["profile"]:
        return "profile"
    if keys <= known["config"] and keys - {"kind", "profile"}:
        return "config"
    if found_in_folder and not keys & {"kind", "profile"}:
        return "not-report-data"
    return None


def _top_keys(path: Path, head: bytes) -> set[str]:
    """The top-level keys of a YAML or JSON mapping (hyphens as underscores), as far as the head
    of the file shows them; empty when it is not a mapping or cannot be read."""
    if path.suffix.lower() == ".json":
        if len(head) >= _SNIFF_BYTES:
            head = read_head(path, _MAX_SNIFF_JSON + 1) or b""
            if len(head) > _MAX_SNIFF_JSON:
                return set()
        try:  # numbers are not converted (a 5,000-digit one is over Python's int-str limit)
            data = json.loads(head, parse_int=_ignored, parse_float=_ignored, parse_constant=_ignored)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than json can read
            return set()
        return {str(k).replace("-", "_") for k in data} if isinstance(data, dict) else set()
    text = head[:_SNIFF_YAML_BYTES].decode("utf-8", errors="replace")
    return {key.strip("'\"").strip().replace("-", "_") for key in _TOP_KEY.findall(text)}


def _ignored(_: str) -> None:
    """A JSON number or constant, not looked at when sniffing a file's top-level keys."""
    return None


@functools.cache
def _known_keys() -> dict[str, frozenset[str]]:
    """Top-level keys of a normalized report, a ruleset, a form profile and a config file."""
    from perflint.config import ConfigFile
    from perflint.model import Report
    from perflint.profiles.model import ProfileFile
    from perflint.ruleset import RulesetFile

    return {
        "report": frozenset(Report.model_fields) - {"span", "kind", "profile"},
        "ruleset": frozenset(RulesetFile.model_fields),
        "profile": frozenset(ProfileFile.model_fields),
        "config": frozenset(ConfigFile.model_fields),
    }


# ------------------------------------------------------------------------------------ gitignore

#: How much of a `.gitignore` is read (a real one is a few KB).
_MAX_IGNORE_BYTES = 1 << 20


@dataclass(frozen=True)
class _IgnoreFile:
    """One `.gitignore` (or `.git/info/exclude`): its folder, its patterns, their line numbers."""

    base: str
    source: Path
    spec: Any
    lines: tuple[int, ...]
    texts: tuple[str, ...]

    @staticmethod
    def load(path: Path, base: Path | None = None) -> tuple[_IgnoreFile, ...]:
        data = read_head(path, _MAX_IGNORE_BYTES)  # None: missing, or a FIFO or device
        if data is None:
            return ()
        text = data.decode("utf-8", errors="replace")
        kept = [(number, line) for number, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.startswith("#")]
        if not kept:
            return ()
        from pathspec import GitIgnoreSpec

        spec = GitIgnoreSpec.from_lines([line for _, line in kept])
        folder = os.path.abspath(base if base is not None else path.parent)
        return (_IgnoreFile(folder, path, spec, tuple(n for n, _ in kept), tuple(t for _, t in kept)),)

    def where(self, index: int | None) -> str:
        if index is None or index >= len(self.lines):
            return self.source.as_posix()
        return f"{self.source.as_posix()}:{self.lines[index]}: {self.texts[index].strip()}"


def _gitignored(path: Path, is_dir: bool, ignores: Sequence[_IgnoreFile]) -> str | None:
    """Where the `.gitignore` line that ignores `path` is, or None. The deepest file with a
    matching pattern decides, as in git."""
    for ignore in reversed(ignores):
        relative = os.path.relpath(os.path.abspath(path), ignore.base)
        if relative.startswith(".."):
            continue
        result = ignore.spec.check_file(Path(relative).as_posix() + ("/" if is_dir else ""))
        if result.include is None:
            continue
        return ignore.where(result.index) if result.include else None
    return None


def _ancestor_ignores(root: Path) -> tuple[_IgnoreFile, ...]:
    """The ignore files above a walked folder, outermost first: `.git/info/exclude` and the
    `.gitignore` of every folder from the repository root down to the folder's parent. Outside
    a repository, none."""
    absolute = Path(os.path.abspath(root))
    chain = [absolute.parent, *absolute.parent.parents] if absolute.parent != absolute else []
    repository = _repository_root(absolute)
    if repository is None:
        return ()
    ignores: list[_IgnoreFile] = [*_IgnoreFile.load(repository / ".git" / "info" / "exclude", repository)]
    above = [folder for folder in chain if folder == repository or repository in folder.parents]
    for folder in reversed(above):
        ignores.extend(_IgnoreFile.load(folder / ".gitignore"))
    return tuple(ignores)


def _repository_root(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None

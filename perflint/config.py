"""The effective configuration of each linted file, and the config files it may come from.

Config files are `perflint.yaml`, `.perflint.yaml` or a `pyproject.toml` with a `[tool.perflint]`
table. As in ruff, settings are resolved **per file**: the config file closest to the linted
file (walking up from its folder) wins, whole; configs are not merged. A file with no config
file above it uses the run's root config. `--config FILE` forces one config for every file.
Command-line options (`--select`, `--ignore`, `--lang`, `--ruleset` …) override every config
file. Errors name the file and, for YAML, the line.

The **root config** of a run is `--config FILE`, else the closest config above the current
directory. Some keys act on the run as a whole, so only the root config's count: `plugins`
and `plugin-options` (plugins are loaded once, before any file is found), `fail-on`, `cache`,
`cache-dir`, `baseline` and `review` (they act on the output), and `scheduler` (the Dask
scheduler the run's files are linted on, perflint.distributed; `--scheduler` wins), and `corpus`
(the reference corpus the corpus rules compare with, perflint.corpusstore; `--corpus` wins). A nested
config may set the keys that shape one file's findings: `ruleset`, `select`, `extend-select`,
`ignore`, `rules`, `severity`, `per-file-ignores`, `kind`, `profile` and `lang` (the language of
its findings' messages; the output's own words follow the root config). Its run-level keys are ignored,
except that a `plugins` entry the run did not load is a configuration error (exit 2), never
silently dropped. Corpus rules (PL607, PL608: one check over every file of the run) run with
the root config's settings, including its `per-file-ignores` and `severity`: simple, and the
same for every file they compare. Command-line selectors are checked against the root
config's rules, so `--ignore` cannot name a declarative rule only a nested ruleset defines.
A `perflint.yaml` met while walking a folder is a config, not a report, and is not linted.

A config perflint *found* (not named with `--config`) is data it may read, not code it may run:
its `plugins` are imported only when the user trusts it (`--trust-config`, or `perflint trust`,
recorded with the file's digest in the user's allow list); untrusted, they are withheld, the
run says so and exits 2, and its other keys still apply (perflint.trust, perflint.resolver).

Paths in a config file (a ruleset file, `per-file-ignores` globs, `baseline`, `review`, `cache-dir`,
`corpus`, `.py` plugins) are relative to that file's folder; a `per-file-ignores` glob matches the linted
file's path relative to that folder, the path as given, or the file name. perflint.resolver
finds and resolves each file's config (once per config file, once per folder).

Which files a folder run finds (perflint.discovery) is shaped like ruff's: `exclude` (it
replaces the defaults, `DEFAULT_EXCLUDE`) and `extend-exclude` (added to them) are globs; one
without `/` matches a file or folder name anywhere below, one with `/` the path relative to the
config file's folder (`--exclude` and `--extend-exclude`: relative to the current directory,
and `--exclude` replaces the config's `exclude`). A folder's own closest config decides what is
excluded in it, as it decides its files' settings. `respect-gitignore` (default true) and
`force-exclude` (default false: a file named on the command line is linted even when excluded,
as in ruff; true, e.g. for pre-commit: it is not) act on the whole run: the root config's count.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from perflint.errors import ConfigError as ConfigError  # re-exported: perflint.config.ConfigError
from perflint.findings import Severity
from perflint.lang import Message, pydantic_message
from perflint.limits import DEFAULTS, Limits, LimitSettingError, applied

CONFIG_NAMES = ("perflint.yaml", ".perflint.yaml", "pyproject.toml")

#: Folders never walked unless `exclude` replaces this list (ruff's defaults, for the folders a
#: reports repository may hold): version control, virtual environments, caches, and the
#: `__MACOSX` folder of an archive made on a Mac. Hidden names are never walked anyway.
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                   ".perflint_cache", ".ruff_cache", ".mypy_cache", ".pytest_cache", ".tox",
                   "__MACOSX")


@dataclass(frozen=True)
class ExcludePattern:
    """One `exclude` glob, with the folder it is relative to and where it was written
    (`--exclude`, `perflint.yaml`, `default`)."""

    pattern: str
    #: the absolute folder a pattern with `/` is relative to
    base: str
    origin: str = "default"

    @property
    def is_default(self) -> bool:
        return self.origin == "default"

    def matches(self, path: Path, is_dir: bool) -> bool:
        """Whether the file or folder at `path` is excluded: a pattern without `/` matches its
        name, one with `/` its path from `base` (`..` allowed; `**/` also matches no folder at
        all; `*` also matches `/`, as in fnmatch), a trailing `/` only folders."""
        glob = self.pattern.removeprefix("./")
        if glob.endswith("/"):
            if not is_dir:
                return False
            glob = glob.rstrip("/")
        if not glob:
            return False
        if "/" not in glob:
            return fnmatch.fnmatch(path.name, glob)
        absolute = Path(os.path.abspath(path)).as_posix()
        full = glob if os.path.isabs(glob) else f"{Path(self.base).as_posix().rstrip('/')}/{glob}"
        full = posixpath.normpath(full)  # `../reports/*.txt` from the current directory
        return fnmatch.fnmatch(absolute, full) or ("/**/" in full and fnmatch.fnmatch(
            absolute, full.replace("/**/", "/", 1)))

    def describe(self) -> str:
        """The pattern and where it was written, as the list of files not linted shows it."""
        return self.pattern if self.is_default else f"{self.pattern} ({self.origin})"


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = "error"
    lang: str = "zh"
    #: whether `lang` was chosen (`--lang`, a config file's `lang`) rather than defaulted: where it
    #: was not, what perflint prints about itself follows the locale (perflint.lang.reader_lang)
    lang_chosen: bool = False
    #: per-rule options, keyed by code: {"PL202": {"floor": "90%"}}
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per-rule severity overrides, keyed by code
    severities: dict[str, Severity] = field(default_factory=dict)
    #: glob pattern → codes/prefixes ignored for the files it matches (`ignored_codes`)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)
    plugin_options: dict[str, Any] = field(default_factory=dict)
    ruleset: str | None = None
    #: report kind or form profile forced for every file (`--kind`, `--profile`); None: detected
    kind: str | None = None
    profile: str | None = None
    baseline: Path | None = None
    #: the review decisions file (perflint.review); None: `perflint-review.yaml` here, if any
    review: Path | None = None
    #: reuse findings of unchanged files (`--cache`); the folder is safe to delete
    cache: bool = False
    cache_dir: Path | None = None
    #: the Dask scheduler's address the files are linted on (`--scheduler`); None: this machine
    scheduler: str | None = None
    #: the reference corpus folder PL607/PL608 also compare with (`--corpus`, perflint.corpusstore)
    corpus: Path | None = None
    source: Path | None = None
    #: the absolute folder of `source`: `per-file-ignores` globs are relative to it
    folder: str | None = None
    #: codes of the declarative rules of this config's ruleset (set by `ruleset.apply`); the
    #: host also holds other configs' declarative rules, which this config must not run.
    #: None: every rule of the host (a Config built in code, without a ruleset applied)
    declared_rules: frozenset[str] | None = None
    #: the plugins whose rulesets make up this config's ruleset chain, and every plugin that ships
    #: rulesets (set by `ruleset.apply`): a rule of a plugin that ships rulesets runs only under
    #: one of them (a Jiangxi rule under a Jiangxi ruleset). None: no ruleset applied, every rule
    ruleset_plugins: frozenset[str] | None = None
    plugins_with_rulesets: frozenset[str] = frozenset()
    #: files and folders a folder run does not lint (`exclude_patterns`); None: the defaults
    exclude: list[ExcludePattern] | None = None
    extend_exclude: list[ExcludePattern] = field(default_factory=list)
    #: exclude even files named on the command line (`--force-exclude`)
    force_exclude: bool = False
    #: leave out what `.gitignore` files ignore
    respect_gitignore: bool = True
    #: how much work one input may cost (perflint.limits; run-level: the root config's count)
    limits: Limits = field(default_factory=Limits)

    def exclude_patterns(self) -> list[ExcludePattern]:
        """`exclude` (else `DEFAULT_EXCLUDE`), then `extend-exclude`."""
        base = self.exclude if self.exclude is not None else [
            ExcludePattern(name, os.getcwd()) for name in DEFAULT_EXCLUDE]
        return [*base, *self.extend_exclude]

    def ignored_codes(self, path: Path) -> list[str]:
        """Codes `per-file-ignores` turns off for this file: a glob matches the path relative to
        the config file's folder, the path as given, or the file name. The relative path is what
        makes `reports/*.txt` hold however the file was named on the command line (`./reports/a.txt`,
        an absolute path, `../proj/reports/a.txt` from another folder, a path through a symlink)."""
        if not self.per_file_ignores:
            return []
        names = {path.as_posix(), path.name, *self._relative_names(path)}
        return [code for pattern, codes in self.per_file_ignores.items()
                if any(_glob_matches(name, pattern) for name in names) for code in codes]

    def _relative_names(self, path: Path) -> set[str]:
        """The file's path relative to the config file's folder, both as written and with
        symlinks resolved (a config found through a symlinked folder, or the file named through
        one), when the file lies below that folder."""
        if self.folder is None:
            return set()
        names = set()
        for file in {os.path.abspath(path), os.path.realpath(path)}:
            for folder in {self.folder, os.path.realpath(self.folder)}:
                relative = os.path.relpath(file, folder)
                if not relative.startswith(".." + os.sep) and relative != "..":
                    names.add(Path(relative).as_posix())
        return names


@dataclass(frozen=True)
class Overrides:
    """The command line's settings, which override every config file."""

    select: list[str] | None = None
    #: `--extend-select`: added to the selectors in force (the config's, or `--select`'s)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    lang: str | None = None
    plugins: tuple[str, ...] = ()
    ruleset: str | None = None
    kind: str | None = None
    profile: str | None = None
    #: `--exclude` (replaces the config's `exclude`) and `--extend-exclude`, relative to the
    #: current directory
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool | None = None
    respect_gitignore: bool | None = None


class ConfigFile(BaseModel):
    """The keys a config file may hold (hyphens or underscores). Its validator is built when a
    config file is first read (`defer_build`): most runs of a pre-commit hook find none."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True,
                              alias_generator=lambda name: name.replace("_", "-"))

    ruleset: str | None = None
    kind: str | None = None
    profile: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$")
    select: list[str] | None = None
    extend_select: list[str] = []
    ignore: list[str] = []
    fail_on: Literal["error", "warning", "info"] | None = None
    lang: Literal["zh", "en"] | None = None
    plugins: list[str] = []
    rules: dict[str, dict[str, Any]] = {}
    severity: dict[str, Literal["error", "warning", "info"]] = {}
    per_file_ignores: dict[str, list[str]] = {}
    baseline: str | None = None
    review: str | None = None
    cache: bool = False
    cache_dir: str | None = None
    scheduler: str | None = None
    corpus: str | None = None
    plugin_options: dict[str, Any] = {}
    exclude: list[str] | None = None
    extend_exclude: list[str] = []
    force_exclude: bool | None = None
    respect_gitignore: bool | None = None
    limits: dict[str, int | float] = {}

    @field_validator("limits", mode="before")
    @classmethod
    def _no_true_limits(cls, limits: Any) -> Any:
        """`true` is no number, though pydantic would read it as 1."""
        if isinstance(limits, dict):
            flag = next((key for key, value in limits.items() if isinstance(value, bool)), None)
            if flag is not None:
                try:
                    Limits.from_settings({flag: limits[flag]})
                except LimitSettingError as exc:
                    raise ValueError(Message(exc.zh, exc.en)) from None
        return limits

    @field_validator("limits")
    @classmethod
    def _known_limits(cls, limits: dict[str, int | float]) -> dict[str, int | float]:
        try:
            Limits.from_settings(limits)
        except LimitSettingError as exc:
            raise ValueError(Message(exc.zh, exc.en)) from None
        return limits

    @field_validator("scheduler")
    @classmethod
    def _an_address(cls, scheduler: str | None) -> str | None:
        """An address is one word (`tcp://10.0.0.5:8786`); whether a scheduler answers there is
        known only when the run connects (perflint.distributed.cluster)."""
        if scheduler is not None and (not scheduler or any(ch.isspace() for ch in scheduler)):
            raise ValueError(Message(f"调度器地址“{scheduler}”不合规：应为一个不含空白的地址，"
                                     "例如 tcp://10.0.0.5:8786",
                                     f"scheduler address {scheduler!r} is not an address: one word "
                                     "without spaces, e.g. tcp://10.0.0.5:8786"))
        return scheduler

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str | None) -> str | None:
        from perflint.profiles.kinds import KINDS, UNKNOWN

        if kind is not None and (kind not in KINDS or kind == UNKNOWN):
            known = [k for k in KINDS if k != UNKNOWN]
            raise ValueError(Message(f"未知的报告类型“{kind}”；可用：{'、'.join(known)}",
                                     f"unknown report kind {kind!r}; known: {', '.join(known)}"))
        return kind


def _glob_matches(name: str, pattern: str) -> bool:
    """A `per-file-ignores` glob written as an `exclude` glob is: `./` at its start is the
    config's folder, and `**/` also matches no folder at all (`**/*.txt` matches `a.txt`)."""
    glob = pattern.removeprefix("./")
    if fnmatch.fnmatch(name, glob):
        return True
    if glob.startswith("**/") and fnmatch.fnmatch(name, glob[3:]):
        return True
    return "/**/" in glob and fnmatch.fnmatch(name, glob.replace("/**/", "/", 1))


def find_config(start: Path, memo: dict[Path, Path | None] | None = None) -> Path | None:
    """The closest config file at or above the folder `start`. With `memo` (absolute folder →
    answer, shared between calls) each folder is looked at once per run: every folder walked
    through gets the same answer as the one where the walk stopped."""
    if memo is None:
        memo = {}
    start = Path(os.path.normpath(os.path.abspath(start)))
    walked = []
    found = None
    for folder in [start, *start.parents]:
        if folder in memo:
            found = memo[folder]
            break
        walked.append(folder)
        found = _config_in(folder)
        if found is not None:
            break
    for folder in walked:
        memo[folder] = found
    return found


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = folder / name
        if not candidate.is_file():
            continue
        if name != "pyproject.toml" or "perflint" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # here: a run in a folder without pyproject.toml never reads TOML

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: TOML 格式错误：{exc}", english=f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:  # `--config missing/pyproject.toml`, a folder, no permission
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: OSError | None = None) -> ConfigError:
    """A config file the user named that cannot be opened (missing when `exc` is None), as a
    message naming it."""
    if path.is_dir():
        return ConfigError(f"{path}：是文件夹，不是配置文件",
                           english=f"{path}: is a folder, not a config file")
    if exc is None or isinstance(exc, FileNotFoundError):
        return ConfigError(f"{path}：找不到配置文件", english=f"{path}: config file not found")
    return ConfigError(f"{path}：无法读取配置文件（{exc.strerror}）",
                       english=f"{path}: cannot read the config file ({exc.strerror})")


def _read_yaml(path: Path) -> Any:
    """A config, ruleset or profile file, read under the default limits (perflint.limits): a
    run's `limits:` are for the linted files, not for the files that configure the run."""
    from perflint.composed_forms import composed
    from perflint.reading import InputError, read_text

    try:
        with applied(DEFAULTS):
            return composed(path, read_text(path), _compose)
    except InputError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise ConfigError(f"{path}{where}：{exc.text('zh')}",
                          english=f"{path}{where}: {exc.text('en')}") from None


def _compose(text: str) -> Any:
    """The YAML reader's located data: the reader is imported only for a file without a
    pre-composed form (perflint.composed_forms)."""
    from perflint.loaders.yaml_loader import compose

    return compose(text)


def validate_model(model: type[BaseModel], data: Any, path: Path, *, context: Any = None) -> Any:
    """Validate located YAML data, naming the file and line of the first error:
    `perflint.yaml:3：字段 selct 不合规：未知字段（拼写错误？）` (perflint.lang.pydantic_message:
    pydantic's English words stay for the rare error types it has no Chinese for). `context` is
    pydantic's validation context (perflint.profiles.model.OWN_FILE)."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
    from perflint.loaders.yaml_loader import locate  # the YAML reader, for an error only

    span = locate(data, tuple(error["loc"]))
    where = f":{span.line}" if span else ""
    key = ".".join(str(part) for part in error["loc"])
    reason = pydantic_message(error)
    zh = f"{path}{where}：字段 {key} 不合规：{reason}" if key else f"{path}{where}：{reason}"
    raise ConfigError(zh, english=f"{path}{where}: {key}: {reason.text('en')}") from None


def read_config_file(path: Path) -> ConfigFile:
    if path.name == "pyproject.toml":
        data = _read_toml(path).get("tool", {}).get("perflint", {})
    elif not path.is_file():
        raise _unreadable(path)
    else:
        data = _read_yaml(path) or {}
    return validate_model(ConfigFile, data, path)


def where(path: Path, *keys: str | int) -> str:
    """`path:line` of the value at `keys` in a YAML config file (a key may be spelled with
    hyphens or underscores), or `path` alone when the line is unknown (TOML, a missing key)."""
    if path.name == "pyproject.toml":
        return str(path)
    from perflint.loaders.yaml_loader import locate

    try:
        data = _read_yaml(path)
    except ConfigError:
        return str(path)
    spelled: list[str | int] = []
    node = data
    for key in keys:
        if isinstance(key, str) and isinstance(node, dict):
            key = next((k for k in (key, key.replace("_", "-"), key.replace("-", "_")) if k in node), key)
        spelled.append(key)
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    span = locate(data, tuple(spelled))
    return f"{path}:{span.line}" if span else str(path)


def build_config(path: Path | None, overrides: Overrides) -> Config:
    """A config file (if any) under the defaults, then the command line over it."""
    config = Config()
    if path is not None:
        apply_file(config, path)
    apply_overrides(config, overrides)
    return config


def apply_overrides(config: Config, overrides: Overrides) -> Config:
    if overrides.select:
        config.select = list(overrides.select)
    config.select = [*config.select, *overrides.extend_select]
    config.ignore = [*config.ignore, *overrides.ignore]
    config.fail_on = overrides.fail_on or config.fail_on
    config.lang = overrides.lang or config.lang
    config.lang_chosen = config.lang_chosen or overrides.lang is not None
    config.plugins = [*config.plugins, *overrides.plugins]
    config.kind = overrides.kind or config.kind
    config.profile = overrides.profile or config.profile
    cwd = os.getcwd()
    if overrides.exclude is not None:
        config.exclude = [ExcludePattern(p, cwd, "--exclude") for p in overrides.exclude]
    config.extend_exclude = [*config.extend_exclude, *(
        ExcludePattern(p, cwd, "--extend-exclude") for p in overrides.extend_exclude)]
    if overrides.force_exclude is not None:
        config.force_exclude = overrides.force_exclude
    if overrides.respect_gitignore is not None:
        config.respect_gitignore = overrides.respect_gitignore
    return config


def apply_file(config: Config, path: Path, data: ConfigFile | None = None) -> Config:
    """Layer a config file under the defaults (the command line is applied afterwards)."""
    data = data or read_config_file(path)
    base = path.parent
    if data.select is not None:
        config.select = list(data.select)
    config.select = [*config.select, *data.extend_select]
    config.ignore = [*config.ignore, *data.ignore]
    config.fail_on = data.fail_on or config.fail_on
    config.lang = data.lang or config.lang
    config.lang_chosen = config.lang_chosen or data.lang is not None
    config.plugins = [*config.plugins, *(plugin_path(name, base) for name in data.plugins)]
    config.rule_options = {**config.rule_options, **{k.upper(): v for k, v in data.rules.items()}}
    config.severities = {**config.severities, **{k.upper(): v for k, v in data.severity.items()}}
    config.per_file_ignores = {**config.per_file_ignores, **data.per_file_ignores}
    config.ruleset = data.ruleset or config.ruleset
    config.kind = data.kind or config.kind
    config.profile = data.profile or config.profile
    config.plugin_options = {**config.plugin_options, **data.plugin_options}
    if data.baseline:
        config.baseline = base / data.baseline
    if data.review:
        config.review = base / data.review
    config.cache = data.cache or config.cache
    if data.cache_dir:
        config.cache_dir = base / data.cache_dir
    config.scheduler = data.scheduler or config.scheduler
    if data.corpus:
        config.corpus = base / data.corpus
    config.source = path
    config.folder = os.path.normpath(os.path.abspath(base))
    shown = _shown_name(path)
    if data.exclude is not None:
        config.exclude = [ExcludePattern(p, config.folder, f"{shown}: exclude") for p in data.exclude]
    config.extend_exclude = [*config.extend_exclude, *(
        ExcludePattern(p, config.folder, f"{shown}: extend-exclude") for p in data.extend_exclude)]
    if data.force_exclude is not None:
        config.force_exclude = data.force_exclude
    if data.respect_gitignore is not None:
        config.respect_gitignore = data.respect_gitignore
    if data.limits:
        config.limits = Limits.from_settings(data.limits)
    return config


def _shown_name(path: Path) -> str:
    """A config file as the list of files not linted names it: relative to the current
    directory when inside it."""
    try:
        relative = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive (Windows)
        return path.as_posix()
    return Path(relative if not relative.startswith("..") else os.path.abspath(path)).as_posix()


def plugin_path(name: str, base: Path) -> str:
    """A `.py` plugin named in a config file is relative to the file's folder (written relative
    to the current directory, as `-p` paths are); a module name is left alone."""
    if not name.endswith(".py") or Path(name).is_absolute():
        return name
    try:
        return os.path.relpath(os.path.abspath(base / name))
    except ValueError:  # another drive (Windows)
        return os.path.abspath(base / name)

"""Which settings lint which file: the config file closest to the file wins (ruff's rule).

A `Resolver` belongs to one run. It holds the run's root config (`--config FILE`, else the
closest config above the current directory, with the command line applied) and the plugin host
built from it, and answers `settings_for(path)`: the effective `Config` of that file and its
active rules (validated options). Work is shared, so a run whose files all share one config
costs what a single-config run did:

- `find_config` walks up once per folder (answers memoized for every folder walked through);
- each config file is read, has its ruleset resolved, its declarative rules compiled and its
  rules activated once, however many files it governs;
- rulesets are loaded once per run (`ruleset.available`), and a ruleset two configs share is
  one set of rule classes.

With `--config` (`fixed`, also what `runner.run` uses for a `Config` made in code) every file
gets the root settings. A nested config that cannot be used (bad YAML, an unknown key, ruleset
or selector, invalid rule options, a plugin the run did not load) is a problem naming the file
and line; the files it governs are not linted, the others are. See perflint.config for which
keys a nested config may set and which come from the root config.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from perflint.config import (
    Config,
    ConfigError,
    Overrides,
    apply_file,
    apply_overrides,
    build_config,
    find_config,
    plugin_path,
    read_config_file,
    where,
)
from perflint.host import PluginHost, RegisteredRule, create_host
from perflint.lang import Message, bilingual, localized, pydantic_message

if TYPE_CHECKING:
    from perflint.activation import ActiveRule
    from perflint.trust import Withheld

#: What a nested config inherits from the root config instead of setting itself.
RUN_LEVEL = ("fail_on", "plugins", "plugin_options", "baseline", "review", "cache", "cache_dir",
             "scheduler", "corpus", "force_exclude", "respect_gitignore", "limits")


@dataclass
class Settings:
    """A file's effective configuration and the rules it selects (report and corpus rules)."""

    config: Config
    rules: list[ActiveRule]


class Resolver:
    def __init__(self, host: PluginHost, root: Config, *, root_path: Path | None = None,
                 overrides: Overrides | None = None, fixed: bool = True) -> None:
        """`overrides` is the command line (already applied to `root`); `fixed`: every file gets
        the root settings, whatever config file is closer to it."""
        self.host = host
        self.root = root
        self.overrides = overrides or Overrides()
        self.fixed = fixed
        self.root_path = _real(root_path) if root_path is not None else None
        #: problems met resolving nested configs, each once
        self.problems: list[str] = []
        self._known: dict[str, Any] | None = None
        self._rulesets: dict[tuple[str, str | None], Any] = {}
        self._root_settings: Settings | None = None
        self._root_problems: list[str] = []
        self._found: dict[Path, Path | None] = {}
        self._by_folder: dict[Path, Settings | None] = {}
        self._by_config: dict[Path, Settings | None] = {}
        #: names (as written, relative and absolute paths) of the plugins withheld from an
        #: untrusted root config (perflint.trust): a nested config naming one is not an error
        self.withheld: set[str] = set()

    @classmethod
    def create(cls, config_path: Path | None, overrides: Overrides, *, fixed: bool,
               found: dict[Path, Path | None] | None = None, trusted: bool = True) -> Resolver:
        """The root config (file, then command line), its plugins and its ruleset. `fixed`
        (`--config FILE`): every file gets the root settings. `found`: the `find_config` memo
        the root config was found with (the files' walks end in the same folders). `trusted`:
        the user chose the config (`--config`, `--trust-config`); else its plugins are imported
        only when the user's allow list trusts it (perflint.trust), and are withheld otherwise."""
        root = build_config(config_path, overrides)
        blocked = None if trusted or config_path is None else _withheld(config_path)
        if blocked is not None:
            root.plugins = list(overrides.plugins)
        stray_cache = None if trusted or config_path is None else _stray_cache_dir(root, config_path)
        host = create_host(root.plugins)
        if stray_cache is not None:
            host.problems.append(stray_cache)
        resolver = cls(host, root, root_path=config_path, overrides=overrides, fixed=fixed)
        resolver._found = found if found is not None else {}
        if blocked is not None:
            host.problems.append(blocked.message())
            resolver.withheld = _withheld_names(blocked, config_path)
        try:
            resolver.apply_ruleset(root, config_path)
        except ConfigError as exc:  # a ruleset the config file names: say which file and line
            message = str(exc)
            named = config_path is not None and root.ruleset and not overrides.ruleset
            if not named:
                raise
            place = where(config_path, "ruleset")
            error = exc if message.startswith(str(config_path)) else ConfigError(
                f"{place}：{message}", english=f"{place}: {exc.text('en')}")
            if blocked is None:
                raise error from None
            # perhaps a ruleset of a withheld plugin: the built-in rules still lint every file
            host.problems.append(bilingual(error))
            root.ruleset = None
            resolver.apply_ruleset(root, config_path)
        if blocked is not None:
            resolver._forget_unknown_selectors(root)
        return resolver

    def _forget_unknown_selectors(self, config: Config) -> set[str]:
        """Drop the config file's selectors that match no rule of this run, when the run withheld
        an untrusted config's plugins: they are most likely those plugins' codes, and the run
        (already exit 2, the withheld plugins said) lints with the built-in rules rather than
        stopping on them. A `select` left empty selects every rule. The command line's
        selectors are kept: a typo there is still a usage error."""
        from perflint.selection import unknown_selectors

        rules = [r for code, r in self.host.rules.items() if _usable(r, code, config)]
        typed = {*(self.overrides.select or ()), *self.overrides.extend_select, *self.overrides.ignore}
        unknown = set(unknown_selectors([*config.select, *config.ignore], rules)) - typed
        if unknown:
            config.select = [s for s in config.select if s.strip() not in unknown] or ["ALL"]
            config.ignore = [s for s in config.ignore if s.strip() not in unknown]
        return unknown

    def apply_ruleset(self, config: Config, config_path: Path | None) -> None:
        """Resolve and apply the config's ruleset (the command line's `--ruleset` wins; a path in
        a config file is relative to its folder), sharing loaded rulesets across configs."""
        from perflint import ruleset

        cli_ruleset = self.overrides.ruleset
        name = cli_ruleset or config.ruleset or ruleset.DEFAULT_RULESET
        base = config_path.parent if config_path and not cli_ruleset and config.ruleset else None
        key = (name, str(_real(base / name)) if base is not None and name.endswith((".yaml", ".yml"))
               else None)
        resolved = self._rulesets.get(key)
        if resolved is None:
            if self._known is None:
                self._known = ruleset.available(self.host)
            resolved = self._rulesets[key] = ruleset.resolve(name, self.host, base, self._known)
        ruleset.apply(resolved, config, self.host)

    def root_settings(self) -> tuple[Settings, list[str]]:
        """The root config's settings, and the problems met activating its rules (invalid
        options: reported, the rule skipped, as perflint has always done for the root config)."""
        if self._root_settings is None:
            from perflint.activation import activate_rules

            rules, self._root_problems = activate_rules(self.host, self.root)
            self._root_settings = Settings(self.root, rules)
        return self._root_settings, self._root_problems

    def settings_for(self, path: Path) -> Settings | None:
        """The settings of the file at `path`, or None when its config is broken (the problem is
        in `problems`)."""
        return self.settings_for_folder(path.parent)

    def settings_for_folder(self, folder: Path) -> Settings | None:
        """The settings of the files in `folder` (its closest config's), or None when that
        config is broken. perflint.discovery asks it which `exclude` patterns apply there."""
        try:
            return self._by_folder[folder]
        except KeyError:
            pass
        settings = self._by_folder[folder] = self._for_folder(folder)
        return settings

    def _for_folder(self, folder: Path) -> Settings | None:
        if self.fixed:
            return self.root_settings()[0]
        try:
            config_path = find_config(folder, self._found)
        except ConfigError as exc:  # an unreadable pyproject.toml on the way up
            self._problem(bilingual(exc))
            return None
        if config_path is None:
            return self.root_settings()[0]
        real = _real(config_path)  # one config reached through a symlinked folder is still one
        if real == self.root_path:
            return self.root_settings()[0]
        if real not in self._by_config:
            try:
                self._by_config[real] = self._resolve(_shown(config_path))
            except ConfigError as exc:
                self._problem(bilingual(exc))
                self._by_config[real] = None
        return self._by_config[real]

    def _problem(self, message: Message) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def _resolve(self, path: Path) -> Settings:
        """A nested config file: its own keys, the command line over them, the root config's
        run-level keys, its ruleset; every selector and option checked, naming file and line."""
        from perflint.activation import activate_rules
        from perflint.selection import unknown_selectors

        data = read_config_file(path)
        config = apply_file(Config(), path, data)
        loaded = _loaded_plugins(self.host)
        forgiven: set[str] = set()
        for index, name in enumerate(data.plugins):
            names = {name, config.plugins[index], _plugin_file(config.plugins[index])}
            if names & self.withheld:  # withheld from the untrusted root config: said once there
                forgiven.add(name)
                continue
            if not names & loaded:
                root = (f"the root config {self.root.source}" if self.root.source
                        else "the root config (none above the current directory)")
                root_zh = (f"根配置 {self.root.source}" if self.root.source
                           else "根配置（当前目录及以上没有配置文件）")
                raise ConfigError(
                    f"{where(path, 'plugins', index)}：本次运行没有加载插件“{name}”：插件每次运行只加载一次，"
                    f"来自{root_zh} 和 -p；请在那里写明它，或加 -p {config.plugins[index]}，"
                    f"或用 --config {path} 运行",
                    english=f"{where(path, 'plugins', index)}: plugin {name!r} is not loaded by this run: "
                            f"plugins are loaded once per run, from {root} and -p; name it there, pass "
                            f"-p {config.plugins[index]}, or run with --config {path}")
        apply_overrides(config, self.overrides)
        for key in RUN_LEVEL:
            setattr(config, key, getattr(self.root, key))
        try:
            self.apply_ruleset(config, path)
        except ConfigError as exc:
            message, english = str(exc), exc.text("en")
            if not message.startswith(str(path)) and not self.overrides.ruleset:
                place = where(path, "ruleset")
                message, english = f"{place}：{message}", f"{place}: {english}"
            raise ConfigError(message, english=english) from None
        if forgiven:  # it names withheld plugins: their codes in its selectors are no typos
            forgiven = self._forget_unknown_selectors(config)
        rules = [r for code, r in self.host.rules.items() if _usable(r, code, config)]
        for key in ("select", "extend_select", "ignore"):
            selectors = getattr(data, key) or []
            unknown = [s for s in unknown_selectors(selectors, rules) if s not in forgiven]
            if unknown:
                index = selectors.index(unknown[0])
                place = where(path, key, index)
                raise ConfigError(f"{place}：{'、'.join(unknown)} 不匹配任何规则（见 `perflint rules`）",
                                  english=f"{place}: no rule matches {', '.join(unknown)} "
                                          f"(see `perflint rules`)")
        for code in data.rules:
            registered = self.host.rules.get(code.upper())
            if registered is None or not _usable(registered, code.upper(), config):
                continue
            try:
                registered.rule.Options.model_validate(config.rule_options[code.upper()])
            except ValidationError as exc:
                error = exc.errors(include_url=False)[0]
                key = ".".join(str(p) for p in error["loc"])
                place = where(path, "rules", code, *error["loc"])
                reason = pydantic_message(error)
                raise ConfigError(f"{place}：{code.upper()} 的选项 {key} 不合规：{reason}",
                                  english=f"{place}: {code.upper()} option {key}: {reason.text('en')}"
                                  ) from None
        active, problems = activate_rules(self.host, config)
        if problems:
            raise ConfigError(f"{path}：{problems[0]}", english=f"{path}: {localized(problems[0], 'en')}")
        return Settings(config, active)


def _withheld(config_path: Path) -> Withheld | None:
    """The plugins of the found root config that the user has not trusted (perflint.trust)."""
    from perflint.trust import withheld

    return withheld(config_path, read_config_file(config_path).plugins)


def _stray_cache_dir(config: Config, config_path: Path) -> Message | None:
    """A found config's `cache-dir` outside the config's own folder, unless the user trusts the
    config: the cache is not written there (the default folder is used) and the run says so. A
    cloned repository's config must not choose where in the user's files perflint writes."""
    if config.cache_dir is None:
        return None
    folder = Path(os.path.realpath(config_path.parent))
    target = Path(os.path.realpath(config.cache_dir))
    if target == folder or folder in target.parents:
        return None
    from perflint.trust import status

    if status(config_path).trusted:
        return None
    config.cache_dir = None
    return Message(f"{config_path}：cache-dir 指向配置文件所在文件夹之外（{target}）；该配置文件是找到的、"
                   f"未经信任，缓存改写到默认位置。信任它：perflint trust {config_path}，或加 --trust-config",
                   f"{config_path}: cache-dir points outside the config's folder ({target}); the config was "
                   f"found and is not trusted, so the cache goes to the default place. To trust it: "
                   f"perflint trust {config_path}, or --trust-config")


def _withheld_names(blocked: Withheld, config_path: Path) -> set[str]:
    """Every name a nested config may give a withheld plugin by: as written, and a `.py` file by
    its path relative to the current directory and its absolute path."""
    names = set()
    for name in blocked.plugins:
        path = plugin_path(name, config_path.parent)
        names |= {name, path, _plugin_file(path)}
    return names


def _usable(registered: RegisteredRule, code: str, config: Config) -> bool:
    """Whether a rule of the host may run under `config` (another ruleset's declarative rules
    may not). Asked of the registered class, not `rule`: a built-in rule's index entry is never
    declarative, and telling so must not import its module."""
    from perflint.ruleset import DeclarativeRule

    source = registered.source
    declarative = isinstance(source, type) and issubclass(source, DeclarativeRule)
    return not declarative or code in (config.declared_rules or ())


def _loaded_plugins(host: PluginHost) -> set[str]:
    """Names under which the run's plugins are known: as named (`-p`, `plugins:`, entry point
    names), by module name, and a `.py` plugin by its absolute path."""
    names = {info.name for info in host.plugins}
    names |= {_plugin_file(name) for name in names}
    for plugin in host.manager.get_plugins():
        module = getattr(plugin, "__name__", None)
        if module:
            names.add(module)
    return names


def _shown(path: Path) -> Path:
    """A config path as messages show it: relative to the current directory when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else Path(relative)


def _plugin_file(name: str) -> str:
    return str(_normal(Path(name))) if name.endswith(".py") else name


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _normal(path: Path) -> Path:
    return Path(os.path.normpath(os.path.abspath(path)))

"""The plugin host: finds plugins, asks them for rules/loaders/formats, isolates their failures.

Boring on purpose (sqlfluff's host.py, flake8's finder): explicit discovery, a deterministic
order, each plugin's hook called on its own so one broken plugin is reported by name and the
rest keep working, and rule-code clashes detected instead of silently shadowed.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from importlib.metadata import entry_points, version
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from perflint import builtin, hookspecs
from perflint.lang import Message
from perflint.loaders import Loader
from perflint.profiles import ProfileSet
from perflint.rules.base import Rule

BUILTIN_NAME = "perflint"


@dataclass(frozen=True)
class RegisteredRule:
    rule: type[Rule]
    plugin: str


@dataclass
class PluginInfo:
    name: str
    version: str | None
    source: str  # "builtin", "entry point", "command line"


@dataclass
class PluginHost:
    """Everything the plugins provide, and the problems met while asking them."""

    manager: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    #: each a perflint.lang.Message (Chinese, with its English), shown in the run's language
    problems: list[str] = field(default_factory=list)
    _rules: dict[str, RegisteredRule] | None = None
    _loaders: dict[str, Loader] | None = None
    _profiles: ProfileSet | None = None

    def call_each(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a hook plugin by plugin, in registration order, with `kwargs` (the hookspec's
        arguments), and return `(plugin name, result)` for each non-None result.

        Called one implementation at a time rather than through pluggy's hook caller so that one
        plugin's exception is recorded in `problems` naming that plugin (the CLI prints them and
        exits 2) while the other plugins still answer and the run goes on.
        """
        results = []
        hook = getattr(self.manager.hook, hook_name)
        for impl in reversed(hook.get_hookimpls()):  # registration order
            try:
                # pluggy lets an implementation take only some of the spec's arguments
                value = impl.function(**{name: kwargs[name] for name in impl.argnames})
            except Exception as exc:  # a plugin's bug must not take the run down
                self.problems.append(Message(f"插件“{impl.plugin_name}”在 {hook_name} 中出错：{exc!r}",
                                             f"plugin {impl.plugin_name!r} failed in {hook_name}: {exc!r}"))
                continue
            if value is not None:
                results.append((impl.plugin_name, value))
        return results

    @property
    def rules(self) -> dict[str, RegisteredRule]:
        if self._rules is None:
            self._rules = {}
            for plugin, rules in self.call_each("perflint_rules"):
                for rule in rules:
                    self._register(rule, plugin)
        return self._rules

    def add_rule(self, rule: type[Rule], plugin: str) -> None:
        """Register a rule from outside the hooks (a ruleset's declarative rules), after the
        plugins' own rules so that prefix ownership is decided by the plugins first."""
        _ = self.rules
        self._register(rule, plugin)

    def _register(self, rule: type[Rule], plugin: str) -> None:
        """Register one rule, refusing a code or a code prefix another plugin already owns."""
        rules = self._rules
        code = getattr(rule, "code", None)
        if not code:
            self.problems.append(Message(f"插件“{plugin}”注册了一条没有代码（code）的规则：{rule!r}",
                                         f"plugin {plugin!r} registered a rule without a code: {rule!r}"))
            return
        if code in rules:
            other = rules[code].plugin
            self.problems.append(Message(f"规则代码 {code} 同时被“{other}”和“{plugin}”使用；保留“{other}”的",
                                         f"rule code {code} is claimed by both {other!r} and {plugin!r}; "
                                         f"keeping {other!r}"))
            return
        prefix = code_prefix(code)
        owner = next((r.plugin for r in rules.values() if code_prefix(r.rule.code) == prefix), plugin)
        if owner != plugin:
            self.problems.append(Message(f"插件“{plugin}”使用了属于“{owner}”的代码前缀 {prefix}"
                                         f"（未加载规则 {code}）",
                                         f"plugin {plugin!r} uses code prefix {prefix} owned by {owner!r} "
                                         f"(rule {code} not loaded)"))
            return
        rules[code] = RegisteredRule(rule, plugin)
        self._rules = dict(sorted(rules.items()))

    @property
    def loaders(self) -> dict[str, Loader]:
        if self._loaders is None:
            self._loaders = {}
            for _, loaders in self.call_each("perflint_loaders"):
                for loader in loaders:
                    for extension in loader.extensions:
                        self._loaders.setdefault(extension.lower(), loader)
        return self._loaders

    def loader_for(self, path: Path) -> Loader | None:
        return self.loaders.get(path.suffix.lower())

    def formatters(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for _, formats in self.call_each("perflint_formatters"):
            for name, formatter in formats.items():
                merged.setdefault(name, formatter)
        return merged

    def rulesets(self) -> list[Path]:
        return [Path(p) for _, paths in self.call_each("perflint_rulesets") for p in paths]

    @property
    def profiles(self) -> ProfileSet:
        """Every form profile: perflint's national ones, then each plugin's (`perflint_profiles`),
        validated and with `extends` resolved. A broken profile file is a problem naming it."""
        if self._profiles is None:
            from perflint.profiles import registry

            sources = [("perflint", path) for path in registry.profile_files([registry.BUILTIN_DIR])]
            for plugin, paths in self.call_each("perflint_profiles"):
                sources.extend((plugin, path) for path in registry.profile_files([Path(p) for p in paths]))
            self._profiles, problems = registry.build(sources)
            self.problems.extend(problems)
        return self._profiles

    def find_rule(self, code_or_name: str) -> RegisteredRule | None:
        wanted = code_or_name.strip()
        for registered in self.rules.values():
            if wanted.upper() == registered.rule.code or wanted == registered.rule.name:
                return registered
        return None


def code_prefix(code: str) -> str:
    """The letters of a rule code: a plugin owns its prefix (PL for perflint, JX for Jiangxi …)."""
    return code.rstrip("0123456789")


def _distribution_version(module: ModuleType) -> str | None:
    top = module.__name__.split(".")[0]
    try:
        return version(top)
    except Exception:
        return getattr(module, "__version__", None)


def _import_plugin(name: str) -> ModuleType:
    """Import `-p` plugins by module name, or from a `.py` file path (a district's local rules)."""
    if not name.endswith(".py"):
        return importlib.import_module(name)
    path = Path(name)
    if not path.is_file():
        raise FileNotFoundError(f"no such plugin file: {name}")
    spec = importlib.util.spec_from_file_location(f"perflint_local_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _not_loaded(module_name: str, exc: Exception) -> Message:
    """A `-p` plugin that could not be imported: a missing file or module said plainly, else the
    error as Python gives it."""
    english = f"plugin module {module_name!r} could not be loaded: {exc!r}"
    if isinstance(exc, FileNotFoundError) and module_name.endswith(".py"):
        reason = "插件文件不存在"
    elif isinstance(exc, ModuleNotFoundError) and exc.name:
        reason = f"找不到 Python 模块 {exc.name}（未安装，或名称拼错？）"
    else:
        reason = repr(exc)
    return Message(f"无法加载插件模块“{module_name}”：{reason}", english)


def create_host(extra_plugins: list[str] = (), *, load_entry_points: bool = True) -> PluginHost:
    """Build the host: built-in plugin, then entry points, then `-p` modules."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    host = PluginHost(manager)
    manager.register(builtin, name=BUILTIN_NAME)
    from perflint import __version__

    host.plugins.append(PluginInfo(BUILTIN_NAME, __version__, "builtin"))
    if load_entry_points:
        for entry in sorted(entry_points(group=hookspecs.PROJECT), key=lambda e: e.name):
            try:
                plugin = entry.load()
                manager.register(plugin, name=entry.name)
            except Exception as exc:
                host.problems.append(Message(f"无法加载插件“{entry.name}”：{exc!r}",
                                             f"plugin {entry.name!r} could not be loaded: {exc!r}"))
                continue
            dist = entry.dist.version if entry.dist else None
            host.plugins.append(PluginInfo(entry.name, dist, "entry point"))
    for module_name in extra_plugins:
        try:
            module = _import_plugin(module_name)
            manager.register(module, name=module_name)
        except Exception as exc:
            host.problems.append(_not_loaded(module_name, exc))
            continue
        host.plugins.append(PluginInfo(module_name, _distribution_version(module), "command line"))
    return host

"""The plugin host: finds plugins, asks them for rules/loaders/formats, isolates their failures.

Boring on purpose (sqlfluff's host.py, flake8's finder): explicit discovery, a deterministic
order, each plugin's hook called on its own so one broken plugin is reported by name and the
rest keep working, and rule-code clashes detected instead of silently shadowed.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from importlib.metadata import EntryPoint, entry_points, version
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pluggy

from perflint import builtin, hookspecs
from perflint.isolation import Failure, contain, describe
from perflint.lang import Message
from perflint.loaders import Loader

if TYPE_CHECKING:
    from perflint.profiles import ProfileSet
    from perflint.rules.base import Rule

BUILTIN_NAME = "perflint"


@dataclass(frozen=True)
class RegisteredRule:
    """A rule of the host under the plugin that registered it. Its code and name are known without
    its class, which is all selection needs; a built-in rule (`source` an index entry) imports its
    module the first time `rule` is read, so a run imports only the rule modules it selects."""

    code: str
    name: str
    plugin: str
    source: type[Rule] | builtin.IndexedRule = field(repr=False)

    @classmethod
    def of(cls, rule: type[Rule] | builtin.IndexedRule, plugin: str) -> RegisteredRule:
        return cls(rule.code, rule.name, plugin, rule)

    @cached_property
    def rule(self) -> type[Rule]:
        source = self.source
        return source.load() if isinstance(source, builtin.IndexedRule) else source


@dataclass
class PluginInfo:
    name: str
    read_version: Callable[[], str | None] = field(repr=False)
    source: str  # "builtin", "entry point", "command line"

    @cached_property
    def version(self) -> str | None:
        """Read when it is shown (`perflint plugins`, the cache's key): parsing a distribution's
        metadata is not every run's cost."""
        return self.read_version()


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
        """Call a hook plugin by plugin, in registration order (perflint's built-in plugin first,
        then entry points, then `-p` modules), with `kwargs` (the hookspec's arguments), and
        return `(plugin name, result)` for each non-None result.

        Called one implementation at a time rather than through pluggy's hook caller, whose order
        is last-registered-first (and `tryfirst`/`trylast` a plugin may set): so that the order is
        the registration order, whatever a plugin asks, and so that one plugin's failure (any
        exception, `sys.exit` included: perflint.isolation) is recorded in `problems` naming that
        plugin (the CLI prints them and exits 2) while the other plugins still answer. A hook
        wrapper is not called: perflint's hooks are plain calls.
        """
        results = []
        hook = getattr(self.manager.hook, hook_name)
        order = {name: index for index, (name, _) in enumerate(self.manager.list_name_plugin())}
        impls = sorted(hook.get_hookimpls(), key=lambda impl: order.get(impl.plugin_name, len(order)))
        for impl in impls:
            if impl.hookwrapper or impl.wrapper:
                self.problems.append(Message(
                    f"插件“{impl.plugin_name}”把 {hook_name} 声明为包装器（wrapper），未调用",
                    f"plugin {impl.plugin_name!r} declares {hook_name} as a wrapper; not called"))
                continue
            # pluggy lets an implementation take only some of the spec's arguments
            value = contain(lambda impl=impl: impl.function(**{name: kwargs[name] for name in impl.argnames}))
            if isinstance(value, Failure):  # a plugin's bug must not take the run down
                reason = value.reason()
                self.problems.append(Message(f"插件“{impl.plugin_name}”在 {hook_name} 中出错：{reason}",
                                             f"plugin {impl.plugin_name!r} failed in {hook_name}: "
                                             f"{reason.text('en')}"))
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

    def _register(self, rule: type[Rule] | builtin.IndexedRule, plugin: str) -> None:
        """Register one rule, refusing a code or a code prefix another plugin already owns."""
        rules = self._rules
        code = getattr(rule, "code", None)
        if not code:
            self.problems.append(Message(f"插件“{plugin}”注册了一条没有代码（code）的规则：{rule!r}",
                                         f"plugin {plugin!r} registered a rule without a code: {rule!r}"))
            return
        indexed = plugin == BUILTIN_NAME and isinstance(rule, builtin.IndexedRule)  # checked by its test
        refusal = None if indexed else _refusal(rule, code, plugin)
        if refusal is not None:
            self.problems.append(refusal)
            return
        if code in rules:
            other = rules[code].plugin
            self.problems.append(Message(f"规则代码 {code} 同时被“{other}”和“{plugin}”使用；保留“{other}”的",
                                         f"rule code {code} is claimed by both {other!r} and {plugin!r}; "
                                         f"keeping {other!r}"))
            return
        prefix = code_prefix(code)
        owner = next((r.plugin for r in rules.values() if code_prefix(r.code) == prefix), plugin)
        if owner != plugin:
            self.problems.append(Message(f"插件“{plugin}”使用了属于“{owner}”的代码前缀 {prefix}"
                                         f"（未加载规则 {code}）",
                                         f"plugin {plugin!r} uses code prefix {prefix} owned by {owner!r} "
                                         f"(rule {code} not loaded)"))
            return
        rules[code] = RegisteredRule.of(rule, plugin)
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
            from perflint import composed_forms
            from perflint.profiles import registry

            sources = [("perflint", path) for path in registry.profile_files([registry.BUILTIN_DIR])]
            for plugin, paths in self.call_each("perflint_profiles"):
                sources.extend((plugin, path) for path in registry.profile_files([Path(p) for p in paths]))
            composed_forms.ship(path for _, path in sources)  # shipped: their forms may be read
            self._profiles, problems = registry.build(sources)
            self.problems.extend(problems)
        return self._profiles

    def find_rule(self, code_or_name: str) -> RegisteredRule | None:
        wanted = code_or_name.strip()
        for registered in self.rules.values():
            if wanted.upper() == registered.code or wanted == registered.name:
                return registered
        return None


#: The code prefix of perflint's own rules (and of PL000/PL001): no plugin may register it.
CORE_PREFIX = "PL"


def _refusal(rule: object, code: object, plugin: str) -> Message | None:
    """Why a plugin's rule cannot be registered, or None. Built-in codes belong to core: a plugin
    registering `PL…` would otherwise own the prefix and unload perflint's rules. A rule must be
    a ReportRule or CorpusRule class with a string code and name and an `Options` model: else
    the runner could not validate its options or would silently never run it."""
    from pydantic import BaseModel

    from perflint.rules.base import CorpusRule, ReportRule

    if not isinstance(code, str):
        return Message(f"插件“{plugin}”的规则 {rule!r} 的代码（code）不是字符串",
                       f"plugin {plugin!r} registered rule {rule!r} whose code is not a string")
    if plugin != BUILTIN_NAME and code_prefix(code).upper() == CORE_PREFIX:
        return Message(f"插件“{plugin}”注册的规则 {code} 使用了 perflint 内置规则的代码前缀 {CORE_PREFIX}"
                       f"（未加载；请换用本插件自己的前缀）",
                       f"plugin {plugin!r} registered rule {code} with the prefix {CORE_PREFIX} of "
                       f"perflint's built-in rules (not loaded; use the plugin's own prefix)")
    if not (isinstance(rule, type) and issubclass(rule, ReportRule | CorpusRule)):
        return Message(f"插件“{plugin}”的规则 {code} 不是 ReportRule 或 CorpusRule 的子类（未加载）",
                       f"plugin {plugin!r}: rule {code} is not a ReportRule or CorpusRule subclass "
                       "(not loaded)")
    options = getattr(rule, "Options", None)
    if not (isinstance(options, type) and issubclass(options, BaseModel)):
        return Message(f"插件“{plugin}”的规则 {code} 的 Options 不是 pydantic 模型（未加载；"
                       f"没有选项的规则不必写 Options）",
                       f"plugin {plugin!r}: rule {code} has an Options that is not a pydantic model "
                       "(not loaded; a rule without options needs no Options)")
    if not isinstance(getattr(rule, "name", None), str):
        return Message(f"插件“{plugin}”的规则 {code} 没有名称（name）（未加载）",
                       f"plugin {plugin!r}: rule {code} has no name (not loaded)")
    return None


def code_prefix(code: str) -> str:
    """The letters of a rule code: a plugin owns its prefix (PL for perflint, JX for Jiangxi …)."""
    return code.rstrip("0123456789")


def _entry_point_version(entry: EntryPoint) -> str | None:
    return entry.dist.version if entry.dist else None


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


def _registered(manager: pluggy.PluginManager, module_name: str) -> ModuleType:
    """Import a `-p` plugin and register it (pluggy refuses a hook that names no hookspec)."""
    module = _import_plugin(module_name)
    manager.register(module, name=module_name)
    return module


def _not_loaded(module_name: str, exc: BaseException) -> Message:
    """A `-p` plugin that could not be imported: a missing file or module said plainly, a
    `sys.exit` at import as such, else the error as Python gives it."""
    english = f"plugin module {module_name!r} could not be loaded: {exc!r}"
    if isinstance(exc, FileNotFoundError) and module_name.endswith(".py"):
        reason = "插件文件不存在"
    elif isinstance(exc, ModuleNotFoundError) and exc.name:
        reason = f"找不到 Python 模块 {exc.name}（未安装，或名称拼错？）"
    elif isinstance(exc, SystemExit | KeyboardInterrupt | MemoryError):
        reason = describe(exc)
        english = f"plugin module {module_name!r} could not be loaded: it {reason.text('en')}"
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

    host.plugins.append(PluginInfo(BUILTIN_NAME, lambda: __version__, "builtin"))
    if load_entry_points:
        for entry in sorted(entry_points(group=hookspecs.PROJECT), key=lambda e: e.name):
            loaded = contain(lambda entry=entry: manager.register(entry.load(), name=entry.name))
            if isinstance(loaded, Failure):
                reason = loaded.reason()
                host.problems.append(Message(
                    f"无法加载插件“{entry.name}”：{reason}",
                    f"plugin {entry.name!r} could not be loaded: {reason.text('en')}"))
                continue
            host.plugins.append(PluginInfo(entry.name, partial(_entry_point_version, entry), "entry point"))
    for module_name in extra_plugins:
        module = contain(lambda name=module_name: _registered(manager, name))
        if isinstance(module, Failure):  # its import raised, called sys.exit, or pluggy refused it
            host.problems.append(_not_loaded(module_name, module.error))
            continue
        host.plugins.append(PluginInfo(module_name, partial(_distribution_version, module), "command line"))
    return host

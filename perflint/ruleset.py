"""Rulesets: named, layered YAML files that tune rules and add declarative ones.

A ruleset names its parent (`national` ← `jiangxi` ← `nanchang` ← `nanchang-donghu`), the
parameters of built-in rules (options by code), severity overrides, codes to ignore, and its
own declarative rules. Rulesets come from perflint itself (`rulesets/`), from plugins
(`perflint_rulesets` hook) or from a path given in config or on the command line. Everything is
validated when loaded: an unknown key, a bad type, an option a rule does not have, or a selector
naming a field the model does not have is a configuration error naming the file and line.
"""

from __future__ import annotations

import importlib.resources
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from perflint import composed_forms
from perflint.config import Config, ConfigError, _read_yaml, validate_model
from perflint.findings import Finding
from perflint.host import PluginHost
from perflint.lang import localized, pydantic_message
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule

if TYPE_CHECKING:
    from perflint.declarative.selectors import Selector

DEFAULT_RULESET = "national"


class RulesetFile(BaseModel):
    """The keys a ruleset file may hold."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    extends: str | None = None
    description: str = ""
    sources: list[str] = []
    ignore: list[str] = []
    severity: dict[str, Literal["error", "warning", "info"]] = {}
    parameters: dict[str, dict[str, Any]] = {}
    #: declarative rules as written; `LoadedRuleset.specs` validates them when the ruleset is used
    rules: list[Any] = []


@dataclass
class LoadedRuleset:
    data: RulesetFile
    path: Path
    plugin: str
    raw: Any = None
    _specs: list[Any] | None = None
    #: compiled declarative rules by code: a ruleset several configs of a run use is one set of
    #: rule classes, registered once
    _built: dict[str, type[DeclarativeRule]] = field(default_factory=dict)

    def specs(self) -> list[Any]:
        """The declarative rules (perflint.declarative.kinds.RuleSpec), validated on first use: a
        run validates only the rulesets it applies, not every ruleset every plugin ships."""
        if self._specs is None:
            self._specs = _validated_rules(self.raw, self.path) if self.data.rules else []
        return self._specs


def _validated_rules(raw: Any, path: Path) -> list[Any]:
    """The declarative rules of a ruleset's located YAML. A mistake inside one rule is a
    ConfigError naming the file, the line and the rule's code (`bad.yaml:7：规则 BD102 的
    if.regex 不合规：…`), as `build_rule` names it for a selector; anything else is
    `validate_model`'s error (file and line)."""
    model = _declared_rules()
    try:
        return model.model_validate(raw).rules
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
    loc = tuple(error["loc"])
    rules = raw.get("rules") if isinstance(raw, dict) else None
    rule = rules[loc[1]] if len(loc) > 2 and isinstance(rules, list) and isinstance(loc[1], int) \
        and loc[1] < len(rules) else None
    code = rule.get("code") if isinstance(rule, dict) else None
    if not isinstance(code, str):
        return validate_model(model, raw, path).rules  # raises, naming the file and line
    inner = loc[3:] if loc[2] == rule.get("kind") else loc[2:]  # pydantic names the kind's tag
    from perflint.loaders.yaml_loader import locate

    span = locate(raw, (*loc[:2], *inner))
    where = f":{span.line}" if span else ""
    key = ".".join(str(part) for part in inner)
    reason = pydantic_message(error)
    raise ConfigError(f"{path}{where}：规则 {code} 的 {key} 不合规：{reason}",
                      english=f"{path}{where}: rule {code}: {key}: {reason.text('en')}")


@dataclass
class Resolved:
    """A ruleset with its ancestors merged (parents first, children override)."""

    name: str
    chain: list[LoadedRuleset]
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    rules: dict[str, tuple[Any, LoadedRuleset]] = field(default_factory=dict)
    #: every plugin that ships a ruleset (its rules are scoped to its rulesets: see `apply`)
    plugins_with_rulesets: frozenset[str] = frozenset()


def _ruleset_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.glob("*.yaml"))
        elif path.suffix in (".yaml", ".yml"):
            yield path


def load_file(path: Path, plugin: str) -> LoadedRuleset:
    raw = _read_yaml(path)
    return LoadedRuleset(validate_model(RulesetFile, raw, path), path, plugin, raw)


@cache
def _declared_rules() -> type[BaseModel]:
    """The model of a ruleset's `rules:` list, built on first use: the rule kinds are twenty
    pydantic models (≈ 0.07 s to build) that a ruleset without declarative rules never needs,
    and a pre-commit run feels every tenth of a second."""
    from perflint.declarative.kinds import RuleSpec

    class DeclaredRules(BaseModel):
        model_config = ConfigDict(extra="ignore")

        rules: list[RuleSpec] = []

    return DeclaredRules


def available(host: PluginHost) -> dict[str, LoadedRuleset]:
    """Every ruleset perflint and the installed plugins ship, by name."""
    found: dict[str, LoadedRuleset] = {}
    builtin = Path(str(importlib.resources.files("perflint.rulesets")))
    sources = [("perflint", path) for path in _ruleset_files([builtin])]
    for plugin, paths in host.call_each("perflint_rulesets"):
        sources.extend((plugin, path) for path in _ruleset_files([Path(p) for p in paths]))
    composed_forms.ship(path for _, path in sources)
    for plugin, path in sources:
        loaded = load_file(path, plugin)
        name = loaded.data.name
        if name in found:
            other = found[name].path
            raise ConfigError(f"{path}：规则集 {name} 在 {other} 中也有定义",
                              english=f"{path}: ruleset {name!r} is also defined in {other}")
        found[name] = loaded
    return found


def resolve(name_or_path: str, host: PluginHost, base: Path | None = None,
            known: dict[str, LoadedRuleset] | None = None) -> Resolved:
    """Load a ruleset by name (or by path to a YAML file) with its ancestors, merged. `known`
    is `available(host)` when the caller already has it (a run resolving several configs)."""
    known = dict(available(host) if known is None else known)
    candidate = Path(name_or_path)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if name_or_path.endswith((".yaml", ".yml")):
        if not candidate.is_file():
            raise ConfigError(f"{name_or_path}：找不到规则集文件",
                              english=f"{name_or_path}: ruleset file not found")
        start = load_file(candidate, "local")
        known.setdefault(start.data.name, start)
    elif name_or_path in known:
        start = known[name_or_path]
    else:
        raise ConfigError(f"未知的规则集 {name_or_path}（可用：{'、'.join(sorted(known))}）",
                          english=f"unknown ruleset {name_or_path!r}; available: "
                                  f"{', '.join(sorted(known))}")
    chain = [start]
    while chain[-1].data.extends:
        parent = chain[-1].data.extends
        if parent not in known:
            raise ConfigError(f"{chain[-1].path}：继承（extends）了未知的规则集 {parent}",
                              english=f"{chain[-1].path}: extends unknown ruleset {parent!r}")
        if any(item.data.name == parent for item in chain):
            raise ConfigError(f"{chain[-1].path}：规则集继承成环（经过 {parent}）",
                              english=f"{chain[-1].path}: ruleset inheritance cycle through {parent!r}")
        chain.append(known[parent])
    chain.reverse()
    resolved = Resolved(start.data.name, chain,
                        plugins_with_rulesets=frozenset(item.plugin for item in known.values()))
    for item in chain:
        for code, options in item.data.parameters.items():
            options = _relative_paths(options, host.rules.get(code.upper()), item.path.parent)
            resolved.parameters[code.upper()] = {**resolved.parameters.get(code.upper(), {}), **options}
        resolved.severity.update({k.upper(): v for k, v in item.data.severity.items()})
        resolved.ignore.extend(item.data.ignore)
        for spec in item.specs():
            resolved.rules[spec.code] = (spec, item)
    return resolved


def _relative_paths(options: dict[str, Any], registered: Any, folder: Path) -> dict[str, Any]:
    """The options with the relative paths of path options (a field of the rule's Options whose
    `json_schema_extra` has `ruleset_paths`, e.g. PL609's `extra_corpus`) made absolute against
    the ruleset file's folder, so a ruleset names its data files the way it sits beside them."""
    fields = registered.rule.Options.model_fields if registered is not None else {}
    out = dict(options)
    for key, value in options.items():
        extra = fields[key].json_schema_extra if key in fields else None
        if not (isinstance(extra, dict) and extra.get("ruleset_paths")):
            continue
        if isinstance(value, str):
            out[key] = _under(folder, value)
        elif isinstance(value, list):
            out[key] = [_under(folder, v) if isinstance(v, str) else v for v in value]
    return out


def _under(folder: Path, path: str) -> str:
    return path if not path or Path(path).is_absolute() else os.path.abspath(folder / path)


class DeclarativeRule(ReportRule):
    """A rule defined in a ruleset's YAML; its documentation is generated from the definition."""

    spec: ClassVar[Any]
    each: ClassVar[Selector | None]
    origin: ClassVar[Path]

    @classmethod
    def documentation(cls) -> str:
        spec = cls.spec
        lines = [f"{spec.code} {spec.name}: {spec.description or 'declarative rule'}", "",
                 f"Kind: {spec.kind} (declarative rule defined in {cls.origin})"]
        if spec.each:
            lines.append(f"Checked for each: {spec.each}")
        details = spec.model_dump(exclude={"code", "name", "severity", "message", "title", "description",
                                           "example", "each", "kind"}, by_alias=True, exclude_none=True)
        lines += [f"  {key}: {value}" for key, value in details.items()]
        if spec.example:
            lines += ["", "Example", f"  {spec.example}"]
        return "\n".join(lines)

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        elements = self.each.select(report) if self.each else [report]
        for element in elements:
            label = _label(element)
            for span, args, related in self.spec.evaluate(element, report):
                yield ctx.finding(span, expected=args.get("expected") or None,
                                  stated=args.get("stated") or None, related=related, label=label)


def _place(loaded: LoadedRuleset, loc: tuple[int | str, ...]) -> str:
    """`file:line` of the value at `loc` in a ruleset, for its errors only: the YAML reader's
    `locate` is imported when a ruleset is wrong, not on every run."""
    from perflint.loaders.yaml_loader import locate

    span = locate(loaded.raw, loc)
    return f"{loaded.path}:{span.line}" if span else str(loaded.path)


def _label(element: Any) -> str:
    for key in ("name", "label", "heading", "concept"):
        value = getattr(element, key, None)
        if value is not None:
            return getattr(value, "text", str(value))
    return ""


def build_rule(spec: Any, loaded: LoadedRuleset) -> type[DeclarativeRule]:
    """Compile a declarative definition into a rule class, checking every selector (the selector
    language is imported here: the national ruleset declares no rule)."""
    from perflint.declarative.selectors import Selector, SelectorError

    index = next(i for i, s in enumerate(loaded.specs()) if s.code == spec.code)
    try:
        each = Selector.parse(spec.each) if spec.each else None
        spec.compile(each.target if each else Report)
    except (SelectorError, ValueError) as exc:
        where = _place(loaded, ("rules", index))
        # the selector's own words (English) in a Chinese frame
        raise ConfigError(f"{where}：规则 {spec.code} 定义有误：{exc}",
                          english=f"{where}: rule {spec.code}: "
                                  f"{localized(exc.args[0] if exc.args else exc, 'en')}") from None
    messages = spec.message if isinstance(spec.message, dict) else {"zh": spec.message}
    title = spec.title if isinstance(spec.title, dict) else {"zh": spec.title} if spec.title else {}
    return type(f"Declarative_{spec.code}", (DeclarativeRule,), {
        "code": spec.code, "name": spec.name, "severity": spec.severity, "groups": ("declarative",),
        "messages": messages, "title": title, "spec": spec, "each": each, "origin": loaded.path,
        "__doc__": spec.description or f"Declarative {spec.kind} rule.",
    })


def apply(resolved: Resolved, config: Config, host: PluginHost) -> None:
    """Register the ruleset's rules with the host and layer its settings under the config."""
    for spec, loaded in resolved.rules.values():
        rule = loaded._built.get(spec.code)
        if rule is None:
            rule = loaded._built[spec.code] = build_rule(spec, loaded)
        registered = host.rules.get(spec.code)
        if registered is None or registered.rule is not rule:
            host.add_rule(rule, loaded.plugin)
    for item in resolved.chain:
        for code in item.data.parameters:
            registered = host.rules.get(code.upper())
            if registered is None:
                where = _place(item, ("parameters", code))
                raise ConfigError(f"{where}：规则集 {item.data.name} 的 parameters 中 {code} "
                                  "不是已知规则",
                                  english=f"{where}: parameters for unknown rule {code}")
            try:
                registered.rule.Options.model_validate(resolved.parameters[code.upper()])
            except ValidationError as exc:
                where = _place(item, ("parameters", code))
                error = exc.errors(include_url=False)[0]
                key = ".".join(str(p) for p in error["loc"])
                reason = pydantic_message(error)
                raise ConfigError(f"{where}：{code} 的选项 {key} 不合规：{reason}",
                                  english=f"{where}: {code} option {key}: {reason.text('en')}") from None
    config.rule_options = {**resolved.parameters, **config.rule_options}
    config.severities = {**resolved.severity, **config.severities}
    config.ignore = [*resolved.ignore, *config.ignore]
    config.ruleset = resolved.name
    config.declared_rules = frozenset(resolved.rules)
    config.ruleset_plugins = frozenset(item.plugin for item in resolved.chain)
    config.plugins_with_rulesets = resolved.plugins_with_rulesets

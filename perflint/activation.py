"""The rules a configuration activates (`ActiveRule`: a registered rule with validated options).

Shared by the runner, the per-file configuration resolver (perflint.resolver) and the cache key
(perflint.cache); re-exported by perflint.runner.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from perflint.config import Config
from perflint.host import PluginHost, RegisteredRule
from perflint.lang import Message, pydantic_message
from perflint.selection import is_selected


@dataclass
class ActiveRule:
    registered: RegisteredRule
    options: object

    @property
    def rule(self):
        return self.registered.rule


def activate_rules(host: PluginHost, config: Config) -> tuple[list[ActiveRule], list[str]]:
    """The selected rules with validated options, and any configuration problems met. The host
    may hold the declarative rules of several configs' rulesets; only this config's run."""
    active, problems = [], []
    declared = config.declared_rules
    if declared is not None:
        from perflint.ruleset import DeclarativeRule
    for code, registered in host.rules.items():
        if not is_selected(registered, config.select, config.ignore):
            continue
        if declared is not None and code not in declared and issubclass(registered.rule, DeclarativeRule):
            continue
        if not _in_scope(registered.plugin, config):
            continue
        try:
            options = registered.rule.Options.model_validate(config.rule_options.get(code, {}))
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            key = ".".join(str(part) for part in error["loc"])
            reason = pydantic_message(error)
            problems.append(Message(f"{code} 的选项{' ' + key + ' ' if key else ''}不合规：{reason}",
                                    f"invalid options for {code}: {reason.text('en')}"))
            continue
        active.append(ActiveRule(registered, options))
    return active, problems


def _in_scope(plugin: str, config: Config) -> bool:
    """A plugin that ships rulesets writes its rules for them: they run only when the config's
    ruleset is one of that plugin's or extends one (Jiangxi's NC001 under `nanchang-donghu`, not
    under `national`). perflint's own rules and those of plugins without rulesets run under any."""
    if config.ruleset_plugins is None or plugin == "perflint":
        return True
    return plugin not in config.plugins_with_rulesets or plugin in config.ruleset_plugins

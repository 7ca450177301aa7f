"""Rule instances made once per run, not once per rule and report.

A run checks every report with the same rules; a new instance and `CheckContext` of each (≈ 45)
for every report were built again though only the path and profiles change. The contract only ever
promised a rule an instance to call `check`/`collect` on, never a fresh one; perflint's own rules
keep nothing on `self`. So an instance is reused for the next report as long as it keeps nothing
on itself (its `__dict__` stays empty after the call); one that set an attribute (a plugin's rule
remembering something of the report) gets a fresh instance for the next report, as before, and
so does one whose call failed. A report rule's `CheckContext` goes with its instance: reused,
with the next report's path and profiles, while the rule leaves nothing on it either. (`collect`
gets a new context each time: what it returns outlives the call and might hold it.) The rules a
report of given kinds runs are worked out once per run as well.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from threading import get_ident
from typing import TYPE_CHECKING

from perflint.rules.base import CheckContext, ReportRule, Rule

if TYPE_CHECKING:
    from perflint.activation import ActiveRule
    from perflint.config import Config
    from perflint.profiles import Profile


class Reused:
    """One active rule with its instance for the next report (None until first use, or after a
    call that left state on it or failed), the context it checked the last report with, and its
    tag (perflint.runner.rule_tag)."""

    __slots__ = ("_config", "_context", "_instance", "active", "tag")

    def __init__(self, active: ActiveRule, tag: int) -> None:
        self.active, self.tag = active, tag
        self._instance: Rule | None = None
        self._context: CheckContext | None = None
        self._config: object = None

    def take(self) -> Rule:
        """The instance to call now: the kept one, else a new one (inside the caller's isolation,
        so a rule whose `__init__` raises fails there)."""
        instance, self._instance = self._instance, None
        return self.active.rule() if instance is None else instance

    def give_back(self, instance: Rule) -> None:
        """Keep `instance` for the next report if the call left nothing on it."""
        if not vars(instance):
            self._instance = instance

    def context(self, config: Config, path: Path | None, profile: Profile | None,
                part_profiles: dict[str, Profile]) -> CheckContext:
        """The context to check a report with, its `rule` the instance to call (`take`): the last
        report's context with this report's path and profiles when the instance is the kept one
        and the config the same, else a new one. Give it back with `release`."""
        rule, self._instance = self._instance, None  # `take`, inlined: once per rule and report
        if rule is None:
            rule = self.active.rule()
        ctx = self._context
        if ctx is None or ctx.rule is not rule or self._config is not config:
            self._config = config
            return CheckContext(rule=rule, options=self.active.options, lang=config.lang, path=path,
                                plugin=self.active.registered.plugin, ruleset=config.ruleset,
                                profile=profile, part_profiles=part_profiles)
        ctx.path, ctx.profile, ctx.part_profiles = path, profile, part_profiles
        return ctx

    def release(self, ctx: CheckContext) -> None:
        """Keep the instance and its context for the next report if the call left nothing on
        either (no attribute on the instance, none added to the context, no finding in its list)."""
        if not vars(ctx.rule) and not ctx.findings and len(vars(ctx)) == _CONTEXT_FIELDS:
            self._instance, self._context = ctx.rule, ctx


#: The attributes a `CheckContext` has (a context with more was given some by a rule).
_CONTEXT_FIELDS = len(fields(CheckContext))


class Prepared:
    """A rules list's `Reused` entries, in order, and the report rules for each set of kinds."""

    def __init__(self, rules: list[ActiveRule], tag: Callable[[str], int]) -> None:
        self.rules = rules
        self.entries = [Reused(active, tag(active.rule.code)) for active in rules]
        self._by_kinds: dict[frozenset[str], list[Reused]] = {}

    def report_rules(self, kinds: frozenset[str]) -> list[Reused]:
        """The report rules that run on a report of `kinds` (`Rule.applies`), in order."""
        found = self._by_kinds.get(kinds)
        if found is None:
            found = self._by_kinds[kinds] = [entry for entry in self.entries
                                             if issubclass(entry.active.rule, ReportRule)
                                             and entry.active.rule.applies(kinds)]
        return found


#: How many rules lists are kept: a run has one per config in use, plus the corpus rules.
KEPT = 64
_PREPARED: OrderedDict[tuple[int, int], Prepared] = OrderedDict()


def prepared(rules: list[ActiveRule], tag: Callable[[str], int]) -> Prepared:
    """The `Prepared` of this very list (the one a run's plan holds for every file) in this
    thread, made on first use: threads linting at once (library use) never share an instance or a
    context. An entry holds its list, so the id it is keyed by cannot be reused while it lives."""
    key = (id(rules), get_ident())
    entry = _PREPARED.get(key)
    if entry is None or entry.rules is not rules:
        entry = _PREPARED[key] = Prepared(rules, tag)
        while len(_PREPARED) > KEPT:
            _PREPARED.popitem(last=False)
    return entry

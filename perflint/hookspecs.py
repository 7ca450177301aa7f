"""The perflint plugin API.

A plugin is a module (or object) with functions decorated by ``perflint.hookimpl`` whose names
match the specifications below. perflint finds plugins three ways, in this order:

1. the built-in plugin ``perflint.builtin`` (registered exactly like any other plugin);
2. installed packages that declare an entry point in the ``perflint`` group::

       [project.entry-points.perflint]
       jiangxi = "perflint_jiangxi.plugin"

3. modules named on the command line with ``-p/--plugin MODULE`` (or ``plugins:`` in config).

A plugin that fails to import or whose hook raises is reported (exit code 2) and the run goes on
without it; a rule that raises while checking is reported as PL001 naming its plugin, and the
other rules still run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from perflint.loaders import Loader
    from perflint.rules import Rule

PROJECT = "perflint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def perflint_rules() -> list[type[Rule]]:
    """Return rule classes this plugin provides.

    A rule is a subclass of ``perflint.rules.ReportRule`` (checks one report: ``check(report,
    ctx)`` yields findings) or ``perflint.rules.CorpusRule`` (checks every report of a run at once:
    ``collect(report, ctx)`` keeps what the rule needs of each report, then
    ``check_corpus(collected, ctx)`` yields ``(path, finding)``; use it for cross-document checks).
    Codes must be unique across all plugins; a clash is a configuration error.
    """


@hookspec
def perflint_loaders() -> list[Loader]:
    """Return loaders: ``Loader(name, extensions, load)`` where ``load(path) -> Report``.

    A loader raises ``perflint.loaders.InputError`` for a file it cannot read, with line and
    column where it knows them. The first loader registered for an extension wins; built-ins are
    registered first, so a plugin adds formats rather than replacing them.
    """


@hookspec
def perflint_rulesets() -> list[Path]:
    """Return paths of ruleset YAML files (or folders of them) this plugin ships."""


@hookspec
def perflint_profiles() -> list[Path]:
    """Return paths of form profile YAML files (or folders of them) this plugin ships.

    A profile describes one report kind in one region (``id: jiangxi/department-report``): how
    to recognize it (``detect``), its outline with section roles, its table column aliases and
    where its points are (see ``perflint.profiles.model``). A profile usually ``extends`` a
    national one and names only what its region does differently; ``perflint profiles`` lists
    every profile of a run.
    """


@hookspec
def perflint_formatters() -> dict[str, Any]:
    """Return output formats: name → ``callable(run_result, *, lang, color, rules) -> str | bytes``.

    ``perflint check --format NAME`` calls it as ``formatter(result, lang=..., color=...,
    rules=...)``: ``result`` is the ``perflint.runner.RunResult`` of the run, ``lang`` the
    message language (``"zh"`` or ``"en"``), ``color`` whether to emit ANSI colours (true only
    for ``--format text`` written to a terminal), and ``rules`` the host's rules by code (``code →
    RegisteredRule``, for catalogues such as SARIF's). Accept ``**_`` as the built-in formats
    (perflint.output) do, so that keyword arguments added later do not break the plugin.
    Return ``str`` for text (written to stdout or ``-o FILE``) or ``bytes`` for a binary format
    (then ``-o FILE`` is required). The first formatter registered under a name wins; built-ins
    are registered first.
    """


@hookspec
def perflint_configure(config: Any) -> None:
    """Called once with the effective configuration before any file is linted.

    A plugin may read its own options from ``config.plugin_options`` here.
    """

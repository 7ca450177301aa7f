"""Command line: `perflint check`, `rules`, `rule CODE`, `schema`, `plugins`.

Exit codes (a contract CI relies on): 0 no finding at or above --fail-on; 1 there is one;
2 usage, configuration, plugin or input errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from perflint import __version__
from perflint.config import Config
from perflint.host import PluginHost, create_host
from perflint.selection import unknown_selectors

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perflint", description=(
        "Lint Chinese budget performance self-evaluation reports (绩效自评报告)."))
    parser.add_argument("--version", action="version", version=f"perflint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_plugins(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("-p", "--plugin", action="append", default=[], metavar="MODULE",
                         help="load a plugin module (repeatable)")

    check = commands.add_parser("check", help="lint files and folders")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--select", type=_csv, default=None, help="codes, prefixes or names to run")
    check.add_argument("--ignore", type=_csv, default=[], help="codes, prefixes or names to skip")
    check.add_argument("--format", default="text", help="output format (text, json, …)")
    check.add_argument("-o", "--output", type=Path, help="write the output to a file")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default="error")
    check.add_argument("--lang", choices=["zh", "en"], default="zh")
    with_plugins(check)

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    with_plugins(rules)

    rule = commands.add_parser("rule", help="explain one rule")
    rule.add_argument("code", help="rule code or name, e.g. PL101")
    with_plugins(rule)

    plugins = commands.add_parser("plugins", help="list installed plugins with versions")
    with_plugins(plugins)

    commands.add_parser("schema", help="print the JSON Schema of the normalized report format")
    return parser


def _report_problems(host: PluginHost) -> None:
    for problem in host.problems:
        print(f"perflint: {problem}", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    from perflint.runner import run

    host = create_host(args.plugin)
    config = Config(select=args.select or ["ALL"], ignore=args.ignore, fail_on=args.fail_on,
                    lang=args.lang, plugins=args.plugin)
    formatters = host.formatters()
    if args.format not in formatters:
        print(f"perflint: unknown format {args.format!r}; known: {', '.join(sorted(formatters))}",
              file=sys.stderr)
        return EXIT_USAGE
    rule_classes = [r.rule for r in host.rules.values()]
    unknown = unknown_selectors([*config.select, *config.ignore], rule_classes)
    if unknown:
        print(f"perflint: no rule matches {', '.join(unknown)} (see `perflint rules`)", file=sys.stderr)
        return EXIT_USAGE
    for hook_impl in host.manager.hook.perflint_configure.get_hookimpls():
        hook_impl.function(config)
    result = run(args.paths, host, config)
    color = args.output is None and args.format == "text" and sys.stdout.isatty()
    output = formatters[args.format](result, lang=config.lang, color=color)
    if isinstance(output, bytes) and args.output is None:
        print(f"perflint: format {args.format!r} is binary; name a file with -o", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(output, bytes):
        args.output.write_bytes(output)
    elif args.output:
        args.output.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    for problem in result.problems:
        print(f"perflint: {problem}", file=sys.stderr)
    return result.exit_code(config.fail_on)


def _rules(args: argparse.Namespace) -> int:
    host = create_host(args.plugin)
    _report_problems(host)
    rows = [
        {"code": r.rule.code, "name": r.rule.name, "severity": r.rule.severity,
         "groups": list(r.rule.groups), "plugin": r.plugin, "summary": r.rule.summary()}
        for r in host.rules.values()
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{row['code']:<7} {row['name']:<32} {row['severity']:<8} {row['plugin']:<12} "
                  f"{row['summary']}")
    return EXIT_USAGE if host.problems else EXIT_OK


def _rule(args: argparse.Namespace) -> int:
    host = create_host(args.plugin)
    _report_problems(host)
    registered = host.find_rule(args.code)
    if registered is None:
        print(f"perflint: no rule {args.code!r} (see `perflint rules`)", file=sys.stderr)
        return EXIT_USAGE
    rule = registered.rule
    print(f"{rule.code} {rule.name}  [{rule.severity}]  plugin: {registered.plugin}")
    if rule.groups:
        print(f"groups: {', '.join(rule.groups)}")
    print()
    print(rule.documentation())
    options = rule.default_options()
    if options:
        print("\nOptions (defaults):")
        for key, value in options.items():
            print(f"  {key}: {value}")
    return EXIT_OK


def _plugins(args: argparse.Namespace) -> int:
    host = create_host(args.plugin)
    counts: dict[str, int] = {}
    for registered in host.rules.values():
        counts[registered.plugin] = counts.get(registered.plugin, 0) + 1
    for info in host.plugins:
        print(f"{info.name:<24} {info.version or '-':<10} {info.source:<13} "
              f"{counts.get(info.name, 0)} rules")
    _report_problems(host)
    return EXIT_USAGE if host.problems else EXIT_OK


def _schema(_: argparse.Namespace) -> int:
    from perflint.model import Report

    print(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    handlers = {"check": _check, "rules": _rules, "rule": _rule, "plugins": _plugins, "schema": _schema}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK

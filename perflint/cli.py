"""Command line: `perflint check`, `fix`, `extract`, `rules`, `rule CODE`, `rulesets`, `profiles`, `plugins`,
`new-plugin`, `schema`.

Exit codes (a contract CI relies on): 0 no finding at or above --fail-on; 1 there is one;
2 usage, configuration, plugin or input errors.

`check` lists on stderr every file it did not lint and why (`未检查的文件`: excluded, ignored
by .gitignore, perflint's own files, unsupported formats, unreadable files, texts that are not
reports …; perflint.discovery), except in the JSON output, which has them under `skipped`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

from perflint import __version__
from perflint.config import Config, ConfigError, Overrides, find_config
from perflint.host import PluginHost, create_host
from perflint.selection import unknown_selectors

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _add_setup_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("-p", "--plugin", action="append", default=[], metavar="MODULE",
                     help="load a plugin module or .py file (repeatable)")
    sub.add_argument("--config", type=Path, help="config file (default: closest perflint.yaml, "
                     ".perflint.yaml or pyproject.toml [tool.perflint])")
    sub.add_argument("--ruleset", help="ruleset name (national, nanchang-donghu …) or YAML path")


def _add_kind_options(sub: argparse.ArgumentParser) -> None:
    from perflint.profiles.kinds import KINDS

    sub.add_argument("--kind", choices=[k for k in KINDS if k != "unknown"], default=None,
                     help="read every file as this report kind instead of detecting it")
    sub.add_argument("--profile", default=None, metavar="ID",
                     help="read every file with this form profile (see `perflint profiles`)")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perflint", description=(
        "Lint Chinese budget performance self-evaluation reports (绩效自评报告)."))
    parser.add_argument("--version", action="version", version=f"perflint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="lint files and folders")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--select", type=_csv, default=None, help="codes, prefixes or names to run")
    check.add_argument("--ignore", type=_csv, default=[], help="codes, prefixes or names to skip")
    check.add_argument("--format", default=None, help="output format (text, json, sarif, …)")
    check.add_argument("-o", "--output", type=Path, help="write the output to a file")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default=None)
    check.add_argument("--lang", choices=["zh", "en"], default=None)
    check.add_argument("--baseline", type=Path, help="hide findings recorded in this baseline file")
    check.add_argument("--write-baseline", type=Path, metavar="FILE",
                       help="record the run's findings as a baseline and exit 0")
    check.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                       help="processes to lint with, this one included (default: CPU count); "
                       "output is identical for any N")
    check.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    check.add_argument("--cache", action="store_true", default=None,
                       help="reuse the findings of unchanged files (stored in --cache-dir)")
    check.add_argument("--no-cache", dest="cache", action="store_false",
                       help="do not use the cache, even when the config enables it")
    check.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                       help="cache folder, safe to delete (default: .perflint_cache)")
    check.add_argument("--exclude", type=_csv, action="extend", default=None, metavar="PATTERNS",
                       help="globs of files and folders not to lint, replacing the config's "
                       "`exclude` and the defaults (.git, .venv, node_modules …); a glob without / "
                       "matches a name anywhere, one with / a path from the current directory")
    check.add_argument("--extend-exclude", type=_csv, action="extend", default=[], metavar="PATTERNS",
                       help="like --exclude, added to the excludes in force")
    check.add_argument("--force-exclude", action="store_true", default=None,
                       help="exclude files named on the command line too (they are linted by "
                       "default, even when excluded; for pre-commit)")
    check.add_argument("--no-force-exclude", dest="force_exclude", action="store_false",
                       help="lint files named on the command line even when the config sets "
                       "force-exclude")
    check.add_argument("--respect-gitignore", action="store_true", default=None,
                       help="leave out what .gitignore files ignore (the default)")
    check.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                       help="lint files .gitignore files ignore too")
    _add_setup_options(check)
    _add_kind_options(check)

    fix = commands.add_parser("fix", help="rewrite derived figures (rates, shares) in normalized "
                              "YAML/JSON; raw .txt/.docx/.xlsx are never modified")
    fix.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    fix.add_argument("--diff", action="store_true",
                     help="print a unified diff and write nothing (exit 1 if there are fixes)")
    fix.add_argument("--select", type=_csv, default=None)
    fix.add_argument("--ignore", type=_csv, default=[])
    fix.add_argument("--lang", choices=["zh", "en"], default=None)
    _add_setup_options(fix)

    extract = commands.add_parser("extract", help="show what perflint reads from a report, as "
                                  "normalized YAML a person can check and correct")
    extract.add_argument("path", type=Path, metavar="FILE")
    extract.add_argument("-o", "--output", type=Path, help="write the YAML to a file (atomically)")
    extract.add_argument("--explain", action="store_true",
                         help="list every extracted value with the line:column and text it came from")
    _add_setup_options(extract)
    _add_kind_options(extract)

    rules = commands.add_parser("rules", help="list the rules")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    _add_setup_options(rules)

    rule = commands.add_parser("rule", help="explain one rule")
    rule.add_argument("code", help="rule code or name, e.g. PL101")
    _add_setup_options(rule)

    rulesets = commands.add_parser("rulesets", help="list the available rulesets")
    _add_setup_options(rulesets)

    profiles = commands.add_parser("profiles", help="list the form profiles (report kinds and "
                                   "regional layouts) perflint and the plugins ship")
    _add_setup_options(profiles)

    plugins = commands.add_parser("plugins", help="list installed plugins with versions")
    _add_setup_options(plugins)

    scaffold = commands.add_parser("new-plugin", help="create a plugin package for a district")
    scaffold.add_argument("name", help="short name, e.g. donghu (the package is perflint-donghu)")
    scaffold.add_argument("--prefix", help="rule code prefix (default: from the name)")
    scaffold.add_argument("--dir", type=Path, default=Path("."), help="where to create it")

    commands.add_parser("schema", help="print the JSON Schema of the normalized report format")
    return parser


def _setup(args: argparse.Namespace) -> tuple[Config, PluginHost]:
    """The root config: config file, then command line, then plugins, then the ruleset with its
    declarative rules."""
    resolver = _resolver(args)
    return resolver.root, resolver.host


def _resolver(args: argparse.Namespace):
    """The run's perflint.resolver.Resolver: the root config (`--config FILE`, else the closest
    config above the current directory) and, unless `--config` fixes one config for all, each
    linted file's own closest config, the command line overriding both."""
    from perflint.resolver import Resolver

    overrides = Overrides(select=getattr(args, "select", None) or None,
                          ignore=tuple(getattr(args, "ignore", None) or ()),
                          fail_on=getattr(args, "fail_on", None), lang=getattr(args, "lang", None),
                          plugins=tuple(args.plugin), ruleset=args.ruleset,
                          kind=getattr(args, "kind", None), profile=getattr(args, "profile", None),
                          exclude=_patterns(getattr(args, "exclude", None)),
                          extend_exclude=tuple(getattr(args, "extend_exclude", None) or ()),
                          force_exclude=getattr(args, "force_exclude", None),
                          respect_gitignore=getattr(args, "respect_gitignore", None))
    found: dict = {}  # find_config's memo, shared with the files' walks
    config_path = args.config or find_config(Path.cwd(), found)
    return Resolver.create(config_path, overrides, fixed=args.config is not None, found=found)


def _patterns(values: list[str] | None) -> tuple[str, ...] | None:
    return tuple(values) if values is not None else None


def _report_problems(problems: list[str]) -> None:
    for problem in problems:
        print(f"perflint: {problem}", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    from perflint.runner import rare_gc

    with rare_gc():  # loading, linting and rendering allocate millions of small objects
        return _check_run(args)


def _check_run(args: argparse.Namespace) -> int:
    from perflint import baseline
    from perflint.runner import run

    resolver = _resolver(args)
    config, host = resolver.root, resolver.host
    formatters = host.formatters()
    output_format = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if output_format not in formatters:
        print(f"perflint: unknown format {output_format!r}; known: {', '.join(sorted(formatters))}",
              file=sys.stderr)
        return EXIT_USAGE
    if not _check_selectors(config, host):
        return EXIT_USAGE
    _configure_plugins(config, host)
    with _progress(enabled=not args.no_progress) as (on_discovered, advance):
        result = run(args.paths, host, config, jobs=max(1, args.jobs), progress=advance,
                     on_discovered=on_discovered, cache_dir=_cache_dir(args, config),
                     resolver=resolver)
    if args.write_baseline:
        count = baseline.write(args.write_baseline, result)
        print(f"perflint: recorded {count} findings in {args.write_baseline}", file=sys.stderr)
        _report_not_linted(result, config.lang)
        return EXIT_USAGE if result.problems else EXIT_OK
    baseline_path = args.baseline or config.baseline
    if baseline_path:
        hidden = baseline.subtract(result, baseline.load(baseline_path))
        print(f"perflint: {hidden} findings hidden by baseline {baseline_path}", file=sys.stderr)
    color = args.output is None and output_format == "text" and sys.stdout.isatty()
    output = formatters[output_format](result, lang=config.lang, color=color, rules=host.rules)
    if isinstance(output, bytes) and args.output is None:
        print(f"perflint: format {output_format!r} is binary; name a file with -o", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(output, bytes):
        args.output.write_bytes(output)
    elif args.output:
        args.output.write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    _report_problems(result.problems)
    if output_format != "json":  # the JSON document has them, under "skipped"
        _report_not_linted(result, config.lang)
    return result.exit_code(config.fail_on)


_NOT_LINTED = {"zh": "未检查的文件（{count} 个）：", "en": "files not linted ({count}):"}
_GROUP = {"zh": ("{folder} 下 {count} 个文件", "（{names} …）"),
          "en": ("{folder}: {count} files", " ({names} …)")}
#: More files than this of one folder, left out for one reason, are one row of the table.
GROUP_ABOVE = 3


def _report_not_linted(result, lang: str) -> None:
    """The table of files the run did not lint and why, at the end of stderr; nothing when it
    linted every file it found. It stays short: more than `GROUP_ABOVE` files of one folder
    left out for one reason are one row (the JSON output's `skipped` lists each); a PL000 file
    has its own row (and its finding above)."""
    from perflint.discovery import PL000_REASONS

    entries = result.not_linted()
    if not entries:
        return
    groups: dict[tuple, list] = {}
    for entry in entries:
        if entry.reason not in PL000_REASONS and not entry.is_dir:
            groups.setdefault((entry.path.parent, entry.reason), []).append(entry)
    rows, done = [], set()
    for entry in entries:
        group = groups.get((entry.path.parent, entry.reason), [])
        if len(group) <= GROUP_ABOVE or entry not in group:
            rows.append((entry.shown, entry.describe(lang)))
        elif id(group) not in done:
            done.add(id(group))
            folder, names = _GROUP.get(lang, _GROUP["zh"])
            shown = f"{entry.path.parent}{os.sep}"
            rows.append((folder.format(folder=shown, count=len(group)),
                         entry.label(lang) + names.format(names=(", " if lang == "en" else "、").join(
                             e.path.name for e in group[:2]))))
    width = min(60, max(_width(path) for path, _ in rows))
    lines = [_NOT_LINTED.get(lang, _NOT_LINTED["zh"]).format(count=len(entries))]
    lines += [f"  {path}{' ' * max(0, width - _width(path))}  {why}" for path, why in rows]
    print("\n".join(lines), file=sys.stderr)


def _width(text: str) -> int:
    """Terminal cells: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@contextmanager
def _progress(enabled: bool):
    """perflint.progress's bar, imported (with rich) only when it can show: stderr a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield (lambda _total: None), (lambda _n: None)
        return
    from perflint.progress import progress_bar

    with progress_bar(enabled=True) as callbacks:
        yield callbacks


def _cache_dir(args: argparse.Namespace, config: Config) -> Path | None:
    """The cache folder when the cache is on: `--cache`/`--no-cache` win over the config's
    `cache` key (when the config has one), and the cache is off by default."""
    from perflint.cache import DEFAULT_DIR

    enabled = args.cache if args.cache is not None else bool(getattr(config, "cache", False))
    if not enabled:
        return None
    configured = getattr(config, "cache_dir", None)
    return args.cache_dir or (Path(configured) if configured else DEFAULT_DIR)


def _check_selectors(config: Config, host: PluginHost) -> bool:
    unknown = unknown_selectors([*config.select, *config.ignore], [r.rule for r in host.rules.values()])
    if unknown:
        print(f"perflint: no rule matches {', '.join(unknown)} (see `perflint rules`)", file=sys.stderr)
    return not unknown


def _configure_plugins(config: Config, host: PluginHost) -> None:
    """Hand each plugin the effective configuration, one plugin at a time: a plugin whose
    perflint_configure raises lands in host.problems by name (printed, exit 2) instead of ending
    the run with a traceback, and the other plugins and rules still run."""
    host.call_each("perflint_configure", config=config)


def _fix(args: argparse.Namespace) -> int:
    from perflint.fix import fix_paths

    config, host = _setup(args)
    if not _check_selectors(config, host):
        return EXIT_USAGE
    _configure_plugins(config, host)
    status = fix_paths(args.paths, host, config, diff=args.diff)
    # fix_paths reports only its own problems; a plugin that failed to load or configure is a
    # usage error here as it is in `check`
    _report_problems(host.problems)
    return EXIT_USAGE if host.problems else status


def _extract(args: argparse.Namespace) -> int:
    from perflint.atomic import write_atomic
    from perflint.extract.serialize import explain, to_yaml
    from perflint.loaders import InputError
    from perflint.profiles import ProfileError
    from perflint.profiles.context import ExtractionSettings, extraction_settings

    host = create_host(args.plugin)
    loader = host.loader_for(args.path)
    if loader is None:
        print(f"perflint: {args.path}: unsupported file type; known: {', '.join(sorted(host.loaders))}",
              file=sys.stderr)
        return EXIT_USAGE
    settings = ExtractionSettings(host.profiles, args.kind, args.profile)
    try:
        with extraction_settings(settings):
            report = loader.load(args.path)
    except InputError as error:
        where = f":{error.line}:{error.column or 1}" if error.line else ""
        print(f"perflint: {args.path}{where}: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    except ProfileError as error:
        print(f"perflint: {args.path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    text = explain(report) if args.explain else to_yaml(report, source=str(args.path))
    if args.output:
        write_atomic(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    _, host = _setup(args)
    rows = [
        {"code": r.rule.code, "name": r.rule.name, "severity": r.rule.severity,
         "groups": list(r.rule.groups), "plugin": r.plugin, "summary": r.rule.summary()}
        for r in host.rules.values()
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{row['code']:<7} {row['name']:<34} {row['severity']:<8} {row['plugin']:<12} "
                  f"{row['summary']}")
    _report_problems(host.problems)
    return EXIT_USAGE if host.problems else EXIT_OK


def _rule(args: argparse.Namespace) -> int:
    config, host = _setup(args)
    registered = host.find_rule(args.code)
    if registered is None:
        print(f"perflint: no rule {args.code!r} (see `perflint rules`)", file=sys.stderr)
        return EXIT_USAGE
    rule = registered.rule
    severity = config.severities.get(rule.code, rule.severity)
    print(f"{rule.code} {rule.name}  [{severity}]  plugin: {registered.plugin}  ruleset: {config.ruleset}")
    if rule.groups:
        print(f"groups: {', '.join(rule.groups)}")
    print(f"applies to: {', '.join(sorted(rule.applies_to)) if rule.applies_to else 'every report kind'}")
    print()
    print(rule.documentation())
    options = {**rule.default_options(), **config.rule_options.get(rule.code, {})}
    if options:
        print(f"\nOptions (effective under ruleset {config.ruleset}):")
        for key, value in options.items():
            print(f"  {key}: {value}")
    return EXIT_OK


def _rulesets(args: argparse.Namespace) -> int:
    from perflint import ruleset

    host = create_host(args.plugin)
    for name, loaded in sorted(ruleset.available(host).items()):
        parent = f" ← {loaded.data.extends}" if loaded.data.extends else ""
        print(f"{name:<18} {loaded.plugin:<12} {len(loaded.data.rules):>3} rules{parent}  "
              f"{loaded.data.description.splitlines()[0] if loaded.data.description else ''}")
    return EXIT_OK


def _profiles(args: argparse.Namespace) -> int:
    """Every form profile, concrete ones by kind: id, kind, the profile it extends, its plugin."""
    from perflint.profiles.kinds import kind_label

    host = create_host(args.plugin)
    profiles = sorted(host.profiles.profiles.values(), key=lambda p: (p.kind or "", p.id))
    for profile in profiles:
        parent = f" ← {profile.chain[1]}" if len(profile.chain) > 1 else ""
        kind = f"{profile.kind} ({kind_label(profile.kind)})" if profile.kind else "(base)"
        print(f"{profile.id:<32} {kind:<40} {profile.plugin:<12}{parent}  {profile.description}")
    _report_problems(host.problems)
    return EXIT_USAGE if host.problems else EXIT_OK


def _plugins(args: argparse.Namespace) -> int:
    host = create_host(args.plugin)
    counts: dict[str, int] = {}
    for registered in host.rules.values():
        counts[registered.plugin] = counts.get(registered.plugin, 0) + 1
    for info in host.plugins:
        print(f"{info.name:<24} {info.version or '-':<10} {info.source:<13} "
              f"{counts.get(info.name, 0)} rules")
    _report_problems(host.problems)
    return EXIT_USAGE if host.problems else EXIT_OK


def _new_plugin(args: argparse.Namespace) -> int:
    from perflint.scaffold import create_plugin

    target = create_plugin(args.name, args.dir, prefix=args.prefix)
    print(f"created {target}; install it with: pip install -e {target}")
    return EXIT_OK


def _schema(_: argparse.Namespace) -> int:
    from perflint.model import Report

    print(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


HANDLERS = {"check": _check, "fix": _fix, "extract": _extract, "rules": _rules, "rule": _rule,
            "rulesets": _rulesets, "profiles": _profiles, "plugins": _plugins, "new-plugin": _new_plugin,
            "schema": _schema}


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except (ConfigError, ValueError, FileExistsError) as exc:
        print(f"perflint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK

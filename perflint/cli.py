"""Command line: `perflint check`, `fix`, `extract`, `rules`, `rule CODE`, `rulesets`, `profiles`, `plugins`,
`new-plugin`, `schema`, `review` (perflint.review_cli: auditors' decisions on findings).

Exit codes (a contract CI relies on): 0 no finding at or above --fail-on; 1 there is one;
2 usage, configuration, plugin or input errors.

`check` lists on stderr every file it did not lint and why (`未检查的文件`: excluded, ignored
by .gitignore, perflint's own files, unsupported formats, unreadable files, texts that are not
reports …; perflint.discovery), except in the JSON output, which has them under `skipped`.

`check -` lints a report read from stdin; `--stdin-filename NAME` says which file it is (its
suffix picks the loader; its folder's config, per-file ignores and excludes apply; outputs name
it). `--statistics` prints counts per code instead of the findings, `--exit-zero` exits 0 even
with findings (2 still means a usage or input error), as in ruff.

A user's mistake (a path that cannot be read or written, an unknown option value) is one line on
stderr naming the path or option, in Chinese unless `--lang en`, and exit 2: never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from perflint import __version__, review_cli
from perflint.cli_run import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    STDIN,
    UsageError,
    add_kind_options,
    add_selection_options,
    add_setup_options,
    check_selectors,
    check_target,
    configure_plugins,
    csv_list,
    linted,
    make_resolver,
    os_error,
    report_problems,
    say,
)
from perflint.corpusstore import command as corpus_command
from perflint.errors import ConfigError
from perflint.lang import localized
from perflint.output import LazyRenderer

if TYPE_CHECKING:
    from perflint.config import Config
    from perflint.host import PluginHost
    from perflint.runner import RunResult






class _Parser(argparse.ArgumentParser):
    """argparse, its errors introduced in Chinese (argparse's own detail follows); exit 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 参数错误：{message}\n")






#: `--lang` of the commands that print findings, and of those that print about perflint itself
#: (which also follow the locale: perflint.lang.reader_lang). English: perflint.cli_help.
_LANG_HELP = "输出语言：zh 中文（默认）或 en 英文"
_READER_LANG_HELP = f"{_LANG_HELP}；未指定时依次按配置中的 lang、环境变量 LANG"








def _build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line. `command`: the subcommand the command line names (`_named_command`);
    only its options are added: the others' matter only to their own `--help`, and adding them
    all was half the parser's cost, paid by every `perflint check` of a pre-commit hook. None:
    every subcommand's (the help tables' tests walk them all)."""
    parser = _Parser(prog="perflint", description=(
        "检查预算绩效自评报告和自评表：加总、比率、评分、前后一致、完整性和套话。"))
    parser.add_argument("--version", action="version", version=f"perflint {__version__}")
    # before the subcommand too (`perflint --lang en --help`); a subcommand's own --lang wins
    parser.add_argument("--lang", choices=["zh", "en"], default=None, dest="global_lang", metavar="LANG",
                        help=_LANG_HELP)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, add_options) in _SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        if command is None or command == name:
            add_options(sub)
    review_cli.add_parser(commands)
    _add_trust_parser(commands)
    corpus_command.add_parser(commands)
    return parser


def _named_command(argv: list[str]) -> str | None:
    """The subcommand `argv` runs: its first word that names one. The top-level options before
    it (`--lang LANG`, `--help`, `--version`) take no such word, so an earlier word that is no
    subcommand is argparse's usage error, whatever this says. None: no subcommand named."""
    return next((word for word in argv if word in HANDLERS), None)


def _check_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="要检查的文件和文件夹；- 表示从标准输入读取一份报告")
    check.add_argument("--stdin-filename", default=None, metavar="NAME",
                       help="从标准输入读取的报告对应的文件名：按其后缀选择读取方式，其所在文件夹的"
                       "配置和按文件忽略规则生效，输出中以此命名")
    add_selection_options(check)
    check.add_argument("--format", default=None, help="输出格式（text、json、sarif …）")
    check.add_argument("-o", "--output", type=Path, help="把输出写入文件")
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default=None,
                       help="有达到此严重程度的问题时退出码为 1（默认：error）")
    check.add_argument("--exit-zero", action="store_true",
                       help="即使有问题也以 0 退出（用法或输入错误仍为 2）")
    check.add_argument("--statistics", action="store_true",
                       help="只输出每个规则代码的问题数，不列出问题（文本；配合 --format json 为 JSON）")
    check.add_argument("--show-fixes", action="store_true",
                       help="在每个可修正的问题（[*]）下显示 `perflint fix` 会写入的改法")
    check.add_argument("--lang", choices=["zh", "en"], default=None, help=_LANG_HELP)
    check.add_argument("--baseline", type=Path, help="不显示此基线文件中记录的问题")
    check.add_argument("--write-baseline", type=Path, metavar="FILE",
                       help="把本次的问题记录为基线文件，并以 0 退出")
    review_cli.add_check_options(check)
    check.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                       help="并行检查的进程数，含本进程（默认：CPU 核数）；进程数不影响输出")
    check.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="在此 Dask 调度器的集群上检查文件，例如 tcp://10.0.0.5:8786（需安装 "
                       "perflint[dask]；工作进程须能读到这些文件）；给出时 --jobs 不起作用；"
                       "输出与本机检查相同")
    check.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                       help="参考语料库（perflint corpus build 建立）：PL607/PL608 也与其中的报告比对，"
                       "只报告本次检查的文件")
    check.add_argument("--no-progress", action="store_true", help="不在标准错误输出上显示进度条")
    check.add_argument("--cache", action="store_true", default=None,
                       help="复用未改动文件的检查结果（保存在 --cache-dir）")
    check.add_argument("--no-cache", dest="cache", action="store_false",
                       help="不使用缓存，即使配置启用了缓存")
    check.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                       help="缓存文件夹，可随时删除（默认：.perflint_cache）")
    check.add_argument("--exclude", type=csv_list, action="extend", default=None, metavar="PATTERNS",
                       help="不检查的文件和文件夹的通配模式，取代配置中的 exclude 和默认值（.git、"
                       ".venv、node_modules …）；不含 / 的模式匹配任意位置的名称，含 / 的匹配"
                       "从当前目录起的路径")
    check.add_argument("--extend-exclude", type=csv_list, action="extend", default=[], metavar="PATTERNS",
                       help="同 --exclude，但添加到已有的排除项中")
    check.add_argument("--force-exclude", action="store_true", default=None,
                       help="命令行上直接指定的文件也按排除规则排除（默认即使被排除也会检查；"
                       "用于 pre-commit）")
    check.add_argument("--no-force-exclude", dest="force_exclude", action="store_false",
                       help="即使配置设置了 force-exclude，也检查命令行上直接指定的文件")
    check.add_argument("--respect-gitignore", action="store_true", default=None,
                       help="不检查 .gitignore 忽略的文件（默认）")
    check.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                       help="也检查 .gitignore 忽略的文件")
    add_setup_options(check)
    add_kind_options(check)


def _fix_options(fix: argparse.ArgumentParser) -> None:
    fix.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="要修正的 YAML/JSON 文件和文件夹")
    fix.add_argument("--diff", action="store_true",
                     help="只打印差异（unified diff），不写入文件（有可修正处时退出码为 1）")
    add_selection_options(fix)
    fix.add_argument("--lang", choices=["zh", "en"], default=None, help=_LANG_HELP)
    add_setup_options(fix)


def _extract_options(extract: argparse.ArgumentParser) -> None:
    extract.add_argument("path", type=Path, metavar="FILE", help="一份报告文件")
    extract.add_argument("-o", "--output", type=Path, help="把 YAML 写入文件（原子写入）")
    extract.add_argument("--explain", action="store_true",
                         help="列出每个读出的值及其出处的行:列和原文")
    add_setup_options(extract)
    add_kind_options(extract)


def _rules_options(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("--format", choices=["text", "json"], default="text", help="输出格式：text 或 json")
    rules.add_argument("--lang", choices=["zh", "en"], default=None, help=_READER_LANG_HELP)
    add_setup_options(rules)


def _rule_options(rule: argparse.ArgumentParser) -> None:
    rule.add_argument("code", help="规则代码或名称，例如 PL101")
    rule.add_argument("--markdown", action="store_true",
                      help="输出 Markdown 格式的规则文档（docs/rules/<CODE>.md 即由此生成）")
    rule.add_argument("--lang", choices=["zh", "en"], default=None, help=_READER_LANG_HELP)
    add_setup_options(rule)


def _new_plugin_options(scaffold: argparse.ArgumentParser) -> None:
    scaffold.add_argument("name", help="简称，例如 donghu（包名为 perflint-donghu）")
    scaffold.add_argument("--prefix", help="规则代码前缀（默认：由简称生成）")
    scaffold.add_argument("--dir", type=Path, default=Path("."),
                          help="在哪个文件夹中创建（默认：当前文件夹）")


def _no_options(_: argparse.ArgumentParser) -> None:
    """`perflint schema` takes none."""


#: perflint's own subcommands in `perflint --help`'s order, each with its line there and what adds
#: its options (review, trust and corpus follow, added by their modules).
_SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("检查文件和文件夹", _check_options),
    "fix": ("改写规范化 YAML/JSON 中可推算的数字（执行率、占比等）；原始 .txt/.docx/.xlsx 文件从不改动",
            _fix_options),
    "extract": ("显示 perflint 从报告中读出的内容（规范化 YAML，可人工核对和改正）", _extract_options),
    "rules": ("列出规则（代码、中文标题、严重程度）", _rules_options),
    "rule": ("说明一条规则：检查什么、为什么重要、示例", _rule_options),
    "rulesets": ("列出可用的规则集", add_setup_options),
    "profiles": ("列出 perflint 和插件提供的表式配置（报告类型和地区版式）", add_setup_options),
    "plugins": ("列出已安装的插件及其版本", add_setup_options),
    "new-plugin": ("为一个地区创建插件包", _new_plugin_options),
    "schema": ("输出规范化报告格式的 JSON Schema", _no_options),
}


def _setup(args: argparse.Namespace) -> tuple[Config, PluginHost]:
    """The root config: config file, then command line, then plugins, then the ruleset with its
    declarative rules."""
    resolver = make_resolver(args)
    return resolver.root, resolver.host








def _check(args: argparse.Namespace) -> int:
    from perflint.runner import RunInterrupted, rare_gc

    with rare_gc():  # loading, linting and rendering allocate millions of small objects
        try:
            return _check_run(args)
        except RunInterrupted as stop:  # the user's Ctrl-C: what was linted, no partial output
            print(f"perflint: {stop.summary()}", file=sys.stderr)
            return 130


def _check_run(args: argparse.Namespace) -> int:
    from perflint import baseline

    stdin_name = _stdin_name(args)
    check_target(args.output, "-o")
    check_target(args.write_baseline, "--write-baseline")
    resolver = make_resolver(args)
    config, host = resolver.root, resolver.host
    formatters = host.formatters()
    output_format = _output_format(args, formatters)
    if not check_selectors(config, host, args):
        return EXIT_USAGE
    configure_plugins(config, host)
    baseline_path = None if args.write_baseline else (args.baseline or config.baseline)
    known = baseline.load(baseline_path) if baseline_path else None  # a bad baseline fails first
    decisions = review_cli.load_for_check(args, config)  # so does a bad review file
    corpus = args.corpus or config.corpus  # a refused corpus too; its module only when one is named
    reference = corpus_command.load_reference(corpus, resolver) if corpus is not None else None
    with linted(args, resolver, stdin_name, reference) as result:
        if args.write_baseline:
            return _write_baseline(args.write_baseline, result, config.lang)
        if known is not None:
            hidden = baseline.subtract(result, known)
            say(config.lang, f"基线 {baseline_path} 隐藏了 {hidden} 个问题",
                 f"{hidden} findings hidden by baseline {baseline_path}")
        reviewed = review_cli.apply_to_check(args, result, decisions, resolver, config.lang, output_format)
        _emit(args, result, output_format, formatters, config, host, reviewed.render_options())
    report_problems(result.problems, config.lang)
    if output_format != "json":  # the JSON document has them, under "skipped"
        _report_not_linted(result, config.lang)
    code = reviewed.undecided.exit_code(config.fail_on)  # decided findings never fail the run
    return EXIT_OK if args.exit_zero and code == EXIT_FINDINGS else code




def _output_format(args: argparse.Namespace, formatters: dict) -> str:
    """The format asked for (`github` by default on GitHub Actions, else `text`); with
    `--statistics` only text and JSON, the two the counts are written in."""
    if args.statistics:
        name = args.format or "text"
        if name not in ("text", "json"):
            raise UsageError(f"--statistics 只能输出 text 或 json 格式，不能输出 --format {name}",
                             f"--statistics writes text or json, not --format {name}")
        return name
    name = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if name not in formatters:
        known = ", ".join(sorted(formatters))
        raise UsageError(f"--format {name}：未知的输出格式；可用：{known}",
                         f"--format {name}: unknown format; known: {known}")
    return name




def _write(path: Path, data: str | bytes, option: str, *, atomic: bool = False) -> None:
    """Write an output file; what the system refuses (no permission, a full disk) is a
    UsageError naming the option and path."""
    from perflint.atomic import write_atomic

    try:
        if atomic:
            write_atomic(path, data.encode("utf-8") if isinstance(data, str) else data)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise os_error(f"{option} {path}", exc, ("写入", "write")) from None


def _write_baseline(path: Path, result: RunResult, lang: str) -> int:
    from perflint import baseline

    try:
        count = baseline.write(path, result)
    except OSError as exc:
        raise os_error(f"--write-baseline {path}", exc, ("写入", "write")) from None
    say(lang, f"已在 {path} 记录 {count} 个问题", f"recorded {count} findings in {path}")
    _report_not_linted(result, lang)
    return EXIT_USAGE if result.problems else EXIT_OK


def _emit(args: argparse.Namespace, result: RunResult, output_format: str, formatters: dict,
          config: Config, host: PluginHost, review_options: dict) -> None:
    """Render the run (with `--statistics`, its counts per code) to stdout or `-o FILE`;
    `review_options` tell the formats that show review decisions where they are."""
    from perflint.isolation import contain, formatter_failure

    if args.statistics:
        output: str | bytes = _statistics(result, output_format, config.lang)
    else:
        color = args.output is None and output_format == "text" and sys.stdout.isatty()
        formatter = formatters[output_format]  # perhaps a plugin's: run inside the isolation
        options = dict(lang=config.lang, color=color, rules=host.rules, fail_on=config.fail_on,
                       show_fixes=args.show_fixes, ruleset=config.ruleset, **review_options)
        if isinstance(formatter, LazyRenderer):  # perflint's own: written as it is rendered, if it can be
            chunks = formatter.chunks(result, **options)
            if chunks is not None:
                _stream(args.output, chunks, output_format, formatter)
                return
        output = contain(lambda: formatter(result, **options))
        failed = formatter_failure(output, output_format, formatter)
        if failed is not None:  # one line naming the format, exit 2
            raise UsageError(failed, failed.english)
    if args.output is not None:
        _write(args.output, output, "-o")
    elif isinstance(output, bytes):
        raise UsageError(f"--format {output_format} 是二进制格式，请用 -o 给出输出文件",
                         f"format {output_format!r} is binary; name a file with -o")
    else:
        sys.stdout.write(output)


def _stream(path: Path | None, chunks: Iterator[str], output_format: str, formatter: object) -> None:
    """Write a format's pieces to `path` (`-o`) or stdout as they are rendered, the whole output
    never in memory at once: the same bytes as rendering it first. Each piece is rendered inside
    the isolation, and a failure is one line naming the format, exit 2, as before; unlike before,
    what was written until then stays (only perflint's own formats are streamed)."""
    from perflint.isolation import contain, formatter_failure

    def write_all(write: Callable[[str], object]) -> None:
        while True:
            piece = contain(lambda: next(chunks, None))
            if piece is None:
                return
            failed = formatter_failure(piece, output_format, formatter)
            if failed is not None:
                raise UsageError(failed, failed.english)
            write(piece)

    if path is None:
        write_all(sys.stdout.write)
        return
    try:
        with path.open("w", encoding="utf-8") as handle:
            write_all(handle.write)
    except OSError as exc:
        raise os_error(f"-o {path}", exc, ("写入", "write")) from None


def _statistics(result: RunResult, output_format: str, lang: str) -> str:
    """ruff's `--statistics`: one row per code, as text or as a JSON list."""
    from perflint.output._common import statistics
    from perflint.output._safe import json_document

    rows = statistics(result)
    if output_format == "json":
        return json_document(json.dumps([dataclasses.asdict(row) for row in rows], ensure_ascii=False,
                                        indent=2)) + "\n"
    from perflint.output.text import render_statistics

    return render_statistics(rows, lang)


def _stdin_name(args: argparse.Namespace) -> Path | None:
    """None when the run lints files and folders; else the name of the report read from stdin
    (`--stdin-filename`, else `-`). `-` among other paths, or `--stdin-filename` with paths but
    no `-`, is a usage error: which input was meant is not clear."""
    paths = [str(path) for path in args.paths]
    if STDIN not in paths and (paths or not args.stdin_filename):
        if args.stdin_filename:
            raise UsageError("--stdin-filename 用于从标准输入读取的报告：路径写 - 或不写路径",
                             "--stdin-filename names the report read from stdin: give - or no path")
        if not paths:
            raise UsageError("请给出要检查的文件或文件夹（- 表示从标准输入读取）",
                             "name the files or folders to lint (- reads stdin)")
        return None
    if len(paths) > 1:
        raise UsageError("- （标准输入）不能与其他路径一起检查",
                         "- (stdin) cannot be linted with other paths")
    return Path(args.stdin_filename or STDIN)








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
    from perflint.output._safe import escape, name

    # names and reasons come from the folder linted: undecodable bytes, control and bidi
    # characters are shown as the output formats show them
    rows = [(name(path), escape(why, one_line=True)) for path, why in rows]
    width = min(60, max(_width(path) for path, _ in rows))
    lines = [_NOT_LINTED.get(lang, _NOT_LINTED["zh"]).format(count=len(entries))]
    lines += [f"  {path}{' ' * max(0, width - _width(path))}  {why}" for path, why in rows]
    print("\n".join(lines), file=sys.stderr)


def _width(text: str) -> int:
    """Terminal cells: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)












def _fix(args: argparse.Namespace) -> int:
    from perflint.fix import fix_paths

    config, host = _setup(args)
    if not check_selectors(config, host, args):
        return EXIT_USAGE
    configure_plugins(config, host)
    status = fix_paths(args.paths, host, config, diff=args.diff)
    # fix_paths reports only its own problems; a plugin that failed to load or configure is a
    # usage error here as it is in `check`
    report_problems(host.problems, config.lang)
    return EXIT_USAGE if host.problems else status


def _extract(args: argparse.Namespace) -> int:
    from perflint.extract.serialize import explain, to_yaml
    from perflint.profiles import ProfileError
    from perflint.profiles.context import ExtractionSettings, extraction_settings
    from perflint.reading import InputError

    _validate_config(args)
    check_target(args.output, "-o")
    if args.path.is_dir():
        raise UsageError(f"{args.path}：是文件夹；extract 读取一份报告文件",
                         f"{args.path}: is a folder; extract reads one report file")
    from perflint.host import create_host

    host = create_host(args.plugin)
    loader = host.loader_for(args.path)
    if loader is None:
        known = ", ".join(sorted(host.loaders))
        raise UsageError(f"{args.path}：不支持的文件格式（可读取：{known}）",
                         f"{args.path}: unsupported file type; known: {known}")
    settings = ExtractionSettings(host.profiles, args.kind, args.profile)
    try:
        with extraction_settings(settings):
            report = loader.load(args.path)
    except InputError as error:
        where = f":{error.line}:{error.column or 1}" if error.line else ""
        raise UsageError(f"{args.path}{where}：无法读取：{error.text('zh')}",
                         f"{args.path}{where}: {error.text('en')}") from None
    except ProfileError as error:
        raise UsageError(f"{args.path}：表式错误（--kind/--profile）：{error.text('zh')}",
                         f"{args.path}: {error.text('en')}") from None
    text = explain(report) if args.explain else to_yaml(report, source=str(args.path))
    if args.output:
        _write(args.output, text, "-o", atomic=True)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _validate_config(args: argparse.Namespace) -> None:
    """`--config FILE` given to a command that takes no setting from it must still name a
    usable config file: a mistyped path is said, not silently ignored."""
    if args.config is not None:
        from perflint.config import read_config_file

        read_config_file(args.config)


def _rules(args: argparse.Namespace) -> int:
    """The rule list: code, severity and Chinese title (English: name, severity, plugin and the
    English summary, as before); JSON has both the English summary and the reader's title."""
    from rich.cells import cell_len

    from perflint import ruledocs
    from perflint.lang import reader_lang

    config, host = _setup(args)
    lang = reader_lang(config.lang if config.lang_chosen else None)
    rows = [
        {"code": r.rule.code, "name": r.rule.name, "severity": r.rule.severity,
         "groups": list(r.rule.groups), "plugin": r.plugin, "summary": r.rule.summary(),
         "title": ruledocs.title(r.rule.code, lang, rule=r.rule)}
        for r in host.rules.values()
    ]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif lang == "en":
        for row in rows:
            print(f"{row['code']:<7} {row['name']:<34} {row['severity']:<8} {row['plugin']:<12} "
                  f"{row['summary']}")
    else:
        width = max((cell_len(row["title"]) for row in rows), default=0)
        for row in rows:
            pad = " " * (width - cell_len(row["title"]))
            plugin = "" if row["plugin"] == "perflint" else f"  （{row['plugin']}）"
            print(f"{row['code']:<7} {ruledocs.severity_label(row['severity'])}  {row['title']}{pad}  "
                  f"{row['name']}{plugin}")
    report_problems(host.problems, lang)
    return EXIT_USAGE if host.problems else EXIT_OK


def _rule(args: argparse.Namespace) -> int:
    from perflint import ruledocs
    from perflint.lang import reader_lang

    config, host = _setup(args)
    registered = host.find_rule(args.code)
    if registered is None:
        raise UsageError(f"没有规则 {args.code}（见 `perflint rules`）",
                         f"no rule {args.code!r} (see `perflint rules`)")
    rule = registered.rule
    if args.markdown:
        try:
            sys.stdout.write(ruledocs.markdown(rule.code, rule=rule))
        except KeyError:
            raise UsageError(f"{rule.code} 没有中文文档（插件的规则在其 title / docs 属性中写文档）",
                             f"{rule.code} has no Chinese documentation") from None
        return EXIT_OK
    lang = reader_lang(config.lang if config.lang_chosen else None)
    options = {**rule.default_options(), **config.rule_options.get(rule.code, {})}
    sys.stdout.write(ruledocs.explain(rule, registered.plugin, lang,
                                      severity=config.severities.get(rule.code, rule.severity),
                                      ruleset=config.ruleset, options=options))
    return EXIT_OK


def _rulesets(args: argparse.Namespace) -> int:
    from perflint import ruleset

    _validate_config(args)
    from perflint.host import create_host

    host = create_host(args.plugin)
    for name, loaded in sorted(ruleset.available(host).items()):
        parent = f" ← {loaded.data.extends}" if loaded.data.extends else ""
        print(f"{name:<18} {loaded.plugin:<12} {len(loaded.data.rules):>3} rules{parent}  "
              f"{loaded.data.description.splitlines()[0] if loaded.data.description else ''}")
    return EXIT_OK


def _profiles(args: argparse.Namespace) -> int:
    """Every form profile, concrete ones by kind: id, kind, the profile it extends, its plugin."""
    from perflint.profiles.kinds import kind_label

    _validate_config(args)
    from perflint.host import create_host

    host = create_host(args.plugin)
    profiles = sorted(host.profiles.profiles.values(), key=lambda p: (p.kind or "", p.id))
    for profile in profiles:
        parent = f" ← {profile.chain[1]}" if len(profile.chain) > 1 else ""
        kind = f"{profile.kind} ({kind_label(profile.kind)})" if profile.kind else "(base)"
        print(f"{profile.id:<32} {kind:<40} {profile.plugin:<12}{parent}  {profile.description}")
    report_problems(host.problems, _args_lang(args))
    return EXIT_USAGE if host.problems else EXIT_OK


def _plugins(args: argparse.Namespace) -> int:
    _validate_config(args)
    from perflint.host import create_host

    host = create_host(args.plugin)
    counts: dict[str, int] = {}
    for registered in host.rules.values():
        counts[registered.plugin] = counts.get(registered.plugin, 0) + 1
    for info in host.plugins:
        print(f"{info.name:<24} {info.version or '-':<10} {info.source:<13} "
              f"{counts.get(info.name, 0)} rules")
    report_problems(host.problems, _args_lang(args))
    return EXIT_USAGE if host.problems else EXIT_OK


def _new_plugin(args: argparse.Namespace) -> int:
    from perflint.scaffold import create_plugin

    if args.dir.exists() and not args.dir.is_dir():
        raise UsageError(f"--dir {args.dir}：不是文件夹", f"--dir {args.dir}: is not a folder")
    try:
        target = create_plugin(args.name, args.dir, prefix=args.prefix)
    except FileExistsError as exc:
        reason = exc.args[0] if exc.args else exc
        raise UsageError(f"未创建插件：{localized(reason)}（不会覆盖已有的文件夹）",
                         f"{localized(reason, 'en')}; not overwritten") from None
    except ValueError as exc:
        reason = exc.args[0] if exc.args else exc
        raise UsageError(f"未创建插件：{localized(reason)}", localized(reason, "en")) from None
    except OSError as exc:
        raise os_error(f"--dir {args.dir}", exc, ("创建插件", "create the plugin")) from None
    if _args_lang(args) == "en":
        print(f"created {target}; install it with: pip install -e {target}")
    else:
        print(f"已创建 {target}；安装：pip install -e {target}")
    return EXIT_OK


def _add_trust_parser(commands: argparse._SubParsersAction) -> None:
    """`perflint trust [CONFIG] [--revoke]` (perflint.trust: why a found config's plugins wait
    for it)."""
    trust = commands.add_parser("trust", help="信任一个配置文件：允许加载它指定的插件（记入本机"
                                "信任列表，文件改动后需重新信任）")
    trust.add_argument("config", nargs="?", type=Path, default=None, metavar="CONFIG",
                       help="配置文件（默认：在当前目录或其上级找到的配置文件）")
    trust.add_argument("--revoke", action="store_true", help="从信任列表中删除此配置文件")
    trust.add_argument("--lang", choices=["zh", "en"], default=None, help=_LANG_HELP)


def _trust(args: argparse.Namespace) -> int:
    """Record (or, with `--revoke`, remove) a config in the user's allow list: its plugins are
    then imported when perflint finds it, until its content changes."""
    from perflint import trust
    from perflint.config import find_config, read_config_file

    lang = _args_lang(args)
    config = args.config or find_config(Path.cwd())
    if config is None:
        raise UsageError("当前目录及其上级没有配置文件（perflint.yaml、.perflint.yaml 或含 [tool.perflint] "
                         "的 pyproject.toml）：请给出配置文件路径",
                         "no config file in the current folder or above it (perflint.yaml, "
                         ".perflint.yaml, or pyproject.toml with [tool.perflint]): name one")
    shown = Path(os.path.abspath(config))
    if args.revoke:
        if trust.revoke(config):
            _say_out(lang, f"已取消信任 {shown}", f"{shown} is no longer trusted")
        else:
            _say_out(lang, f"{shown} 不在信任列表 {trust.allow_list_path()} 中",
                     f"{shown} is not in the allow list {trust.allow_list_path()}")
        return EXIT_OK
    plugins = read_config_file(config).plugins  # a config that cannot be used is said now
    where = trust.trust(config)
    if plugins:
        _say_out(lang, f"已信任 {shown}：找到它时会加载插件 {'、'.join(plugins)}（记入 {where}；文件改动后需"
                       f"重新信任）",
                 f"trusted {shown}: its plugins {', '.join(plugins)} are loaded when it is found "
                 f"(recorded in {where}; a changed file needs trusting again)")
    else:
        _say_out(lang, f"已信任 {shown}（记入 {where}）；它没有指定插件", f"trusted {shown} (recorded in "
                 f"{where}); it names no plugins")
    return EXIT_OK


def _say_out(lang: str, zh: str, en: str) -> None:
    print(en if lang == "en" else zh)


def _schema(_: argparse.Namespace) -> int:
    from perflint.schema import input_schema

    print(json.dumps(input_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


HANDLERS = {"check": _check, "fix": _fix, "extract": _extract, "rules": _rules, "rule": _rule,
            "rulesets": _rulesets, "profiles": _profiles, "plugins": _plugins, "new-plugin": _new_plugin,
            "schema": _schema, "review": review_cli.run, "trust": _trust,
            "corpus": corpus_command.run}


#: The cyclic collector's thresholds for the whole of a command's process: a run's
#: (perflint.runner.GC_THRESHOLDS), set before the first heavy import. Importing pydantic, the
#: models and the rules allocates hundreds of thousands of objects, and with Python's default
#: (700, 10, 10) the collector rescanned them over and over: ≈ 10 ms of a one-file `check`.
COMMAND_GC_THRESHOLDS = (100_000, 50, 100)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; every mistake of the user's ends here as one line on stderr and exit 2.

    Without `argv` this is the `perflint` command, a process of its own: the collector runs
    rarely, and at the end every object left is frozen (`gc.freeze`), so that the interpreter's
    shutdown does not scan them all once more (≈ 50 ms, an eighth of a one-file `check`)
    before freeing them. Called with `argv` (tests, a script), it leaves the collector alone."""
    if argv is not None:
        return _main(list(argv))
    gc.set_threshold(*COMMAND_GC_THRESHOLDS)
    try:
        return _main(sys.argv[1:])
    finally:
        gc.freeze()


def _main(argv: list[str]) -> int:
    from perflint.cli_help import localize
    from perflint.lang import help_lang

    parser = _build_parser(_named_command(argv))
    localize(parser, help_lang(argv))  # the help is written before the options are parsed
    args = parser.parse_args(argv)
    if getattr(args, "lang", None) is None and args.global_lang is not None:
        args.lang = args.global_lang
    lang = _args_lang(args)
    try:
        return HANDLERS[args.command](args)
    except (UsageError, ConfigError) as exc:
        return _usage_error(exc.text(lang), "配置错误", lang)
    except ValueError as exc:
        return _usage_error(str(exc), "参数错误", lang)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a file the system would not let perflint read or write
        error = os_error(exc.filename, exc, ("读写", "read or write"))
        return _usage_error(error.text(lang), "", lang)


def _args_lang(args: argparse.Namespace) -> str:
    """The language of a command's errors: `--lang` (before or after the subcommand), else Chinese."""
    return getattr(args, "lang", None) or getattr(args, "global_lang", None) or "zh"


def _usage_error(message: str, label: str, lang: str) -> int:
    """Print a usage error; an English-only message (older ones, a library's) is introduced
    with a Chinese `label` in a Chinese run."""
    # a CJK range, compiled only when an error is printed (≈ 1 ms of every start-up otherwise)
    if lang != "en" and label and not re.search(r"[\u4e00-\u9fff]", message):
        message = f"{label}：{message}"
    print(f"perflint: {message}", file=sys.stderr)
    return EXIT_USAGE

"""`perflint corpus build DIR... -o OUT` and what `perflint check --corpus OUT` does before linting.

Building is a run of the corpus rules alone (`runner.run(..., collect_only=True)`): each file is
read and PL607/PL608 collect its comparable paragraphs, as a check would, but nothing is compared;
what they collected is written with the rules' paragraph options (perflint.corpusstore.store).
The rules' options are the root config's, as in a check (`--config`, `--ruleset`, `rules:`): a
check with other paragraph options refuses the corpus rather than compare unlike paragraphs.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.corpusstore.manifest import CorpusError

if TYPE_CHECKING:
    from perflint.corpusstore.store import ReferenceCorpus
    from perflint.resolver import Resolver

#: the corpus rules a reference corpus is built for and used by
CODES = ("PL607", "PL608")


def add_parser(commands: argparse._SubParsersAction) -> None:
    from perflint import cli_run

    corpus = commands.add_parser("corpus", help="参考语料库：把一批报告的段落保存下来，供以后的检查比对"
                                 "（perflint check --corpus）")
    actions = corpus.add_subparsers(dest="corpus_command", metavar="build", required=True)
    build = actions.add_parser("build", help="读取文件夹中的报告，把 PL607/PL608 比对用的段落写入参考语料库")
    build.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="报告文件和文件夹")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                       help="参考语料库文件夹：须不存在，或是 perflint 建立的参考语料库（将被替换）")
    build.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                       help="并行读取的进程数，含本进程（默认：CPU 核数）")
    build.add_argument("--no-progress", action="store_true", help="不在标准错误输出上显示进度条")
    build.add_argument("--lang", choices=["zh", "en"], default=None,
                       help="输出语言：zh 中文（默认）或 en 英文")
    cli_run.add_setup_options(build)
    cli_run.add_kind_options(build)


def run(args: argparse.Namespace) -> int:
    """Build the corpus; exit 0, or 1 when some files could not be included (each named on
    stderr), or 2 (nothing to store, a usage error)."""
    from perflint.cli_run import (
        EXIT_FINDINGS,
        EXIT_OK,
        UsageError,
        configured_resolver,
        report_problems,
        run_progress,
        say,
    )
    from perflint.corpusstore.store import check_output, write_corpus
    from perflint.runner import run as run_files

    try:
        check_output(args.output)
    except CorpusError as exc:
        raise UsageError(str(exc), exc.english) from None
    args.select = list(CODES)
    resolver = configured_resolver(args)
    config, host = resolver.root, resolver.host
    lang = config.lang
    sets = _sets(resolver)
    if not sets:
        raise UsageError("配置关闭了 PL607 和 PL608，没有可保存的段落",
                         "the config turns PL607 and PL608 off: there are no paragraphs to store")
    with run_progress(enabled=not args.no_progress) as (on_discovered, advance):
        result = run_files(args.paths, host, config, jobs=max(1, args.jobs), progress=advance,
                           on_discovered=on_discovered, resolver=resolver, collect_only=True)
    report_problems(result.problems, lang)
    codes = [rules[0] for rules, _ in sets]
    kept = [(file.path, [file.collected[code] for code in codes]) for file in result.files
            if all(code in file.collected for code in codes)]
    left_out = [file for file in result.files if not all(code in file.collected for code in codes)]
    for file in left_out:
        why = "；".join(f.message for f in file.findings if f.severity == "error") or "—"
        say(lang, f"{file.path}：未收入参考语料库：{why}", f"{file.path}: not in the reference corpus: {why}")
    if not kept:
        named = [str(path) for path in args.paths]
        raise UsageError(f"{'、'.join(named)} 中没有可收入参考语料库的报告，未写入",
                         f"no report to store in {', '.join(named)}; nothing written")
    try:
        paragraphs = write_corpus(args.output, kept, [(list(rules), options) for rules, options in sets])
    except CorpusError as exc:
        raise UsageError(str(exc), exc.english) from None
    if lang == "en":
        print(f"wrote reference corpus {args.output}: {len(kept)} reports, {paragraphs} paragraphs")
    else:
        print(f"已写入参考语料库 {args.output}：{len(kept)} 份报告，{paragraphs} 个段落")
    return EXIT_FINDINGS if left_out else EXIT_OK


def _sets(resolver: Resolver) -> list[tuple[tuple[str, ...], dict]]:
    """The paragraph option sets of the run's corpus rules, each with the rules that use it."""
    from perflint.corpusstore.manifest import paragraph_options

    settings, _ = resolver.root_settings()
    sets: dict[str, tuple[list[str], dict]] = {}
    for active in settings.rules:
        if active.rule.code in CODES:
            options = paragraph_options(active.options)
            sets.setdefault(repr(sorted(options.items())), ([], options))[0].append(active.rule.code)
    return [(tuple(rules), options) for rules, options in sets.values()]


def load_reference(folder: Path | None, resolver: Resolver) -> ReferenceCorpus | None:
    """`check --corpus FOLDER`'s corpus, read and checked against the run's PL607/PL608 options
    before any file is linted (a long run must not end in a refused corpus); None without one."""
    from perflint.cli_run import UsageError
    from perflint.corpusstore.store import read_corpus
    from perflint.limits import applied

    if folder is None:
        return None
    try:
        with applied(resolver.root.limits):  # the config's limits bound what is read
            corpus = read_corpus(folder)
        settings, _ = resolver.root_settings()
        for active in settings.rules:
            if active.rule.code in CODES:
                corpus.check_options(active.rule.code, active.options)
    except CorpusError as exc:
        raise UsageError(str(exc), exc.english) from None
    return corpus

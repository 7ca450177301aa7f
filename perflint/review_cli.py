"""The command line of review decisions: `perflint review`, and what `perflint check` does with them.

`perflint check` reads the review file (`--review FILE`, else config `review:`, else
`perflint-review.yaml` in the current directory when it exists), hides the findings an auditor
has decided (`--show-decided` shows them, marked), says how many it hid and lists on stderr the
decisions whose finding is gone. Decided findings never fail the run: the exit code is that of
the undecided ones.

`perflint review PATH... --list [--all]` prints each undecided finding with its fingerprint;
`--decide FINGERPRINT --decision 误报 --reason … --reviewer …` records one decision (today's
date; a unique prefix of the fingerprint will do); `--stale [--prune]` lists (removes) decisions
whose finding is gone, linting the files the decisions name when no PATH is given.

This module is the glue between perflint.cli (parsing, linting, usage errors) and
perflint.review (the file and the matching), kept apart so the CLI module stays a table of
subcommands.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from perflint.config import Config
    from perflint.findings import Finding
    from perflint.resolver import Resolver
    from perflint.review import Applied, Decision, RanRule, Review
    from perflint.runner import FileResult, RunResult

#: Formats that show a decided finding's decision themselves (`decisions=` keyword); in the
#: others `--show-decided` writes it in front of the message.
SHOWS_DECISIONS = frozenset({"json", "html", "xlsx"})

#: `--decision` also takes the English names (perflint.review.DECISIONS).
_DECISION_NAMES = {"确认": "确认", "已说明": "已说明", "误报": "误报", "confirmed": "确认",
                   "explained": "已说明", "false alarm": "误报", "false-alarm": "误报"}
#: The shortest fingerprint prefix `--decide` takes (shorter ones match by chance).
MIN_PREFIX = 6


def add_check_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("--review", type=Path, metavar="FILE",
                       help="审核记录文件（默认：配置项 review，或当前目录下的 perflint-review.yaml）；"
                       "已有审核决定的问题不再显示")
    check.add_argument("--show-decided", action="store_true",
                       help="仍显示已有审核决定的问题，并标出其决定")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """`perflint review`: its options are check's that decide which findings there are."""
    from perflint import cli_run

    parser = commands.add_parser("review", help="记录、列出审核决定（确认 / 已说明 / 误报）")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="要检查的文件和文件夹")
    parser.add_argument("--review", type=Path, metavar="FILE",
                        help="审核记录文件（默认：配置项 review，或当前目录下的 perflint-review.yaml）")
    parser.add_argument("--list", action="store_true", help="列出未审核的问题及其指纹")
    parser.add_argument("--all", action="store_true", help="与 --list 一起：已审核的问题也列出")
    parser.add_argument("--decide", metavar="FINGERPRINT", help="为指纹（或其唯一前缀）对应的问题记录决定")
    parser.add_argument("--decision", metavar="DECISION", help="确认、已说明 或 误报")
    parser.add_argument("--reason", default="", help="理由（“确认”可不填）")
    parser.add_argument("--reviewer", default="", help="审核人")
    parser.add_argument("--stale", action="store_true",
                        help="列出对应问题已不存在的决定（不给 PATH 时检查决定所指的文件）")
    parser.add_argument("--prune", action="store_true", help="与 --stale 一起：从审核记录中删除这些决定")
    parser.add_argument("--lang", choices=["zh", "en"], default=None,
                        help="输出语言：zh 中文（默认）或 en 英文")
    cli_run.add_selection_options(parser)
    cli_run.add_setup_options(parser)
    cli_run.add_kind_options(parser)
    parser.set_defaults(jobs=os.cpu_count() or 1, no_progress=False, cache=None, cache_dir=None)


# ---------------------------------------------------------------------------- perflint check


def review_path(args: argparse.Namespace, config: Config) -> Path:
    """The review file in force: `--review`, else config `review:`, else the default name here."""
    from perflint import review as reviews

    return args.review or config.review or Path(reviews.DEFAULT_NAME)


def load_for_check(args: argparse.Namespace, config: Config) -> Review:
    """The decisions `check` applies, read before any file is linted (a broken review file fails
    first). A file named by `--review` must exist; the configured or default one may not yet."""
    from perflint import review as reviews

    path = review_path(args, config)
    return reviews.load(path) if args.review else reviews.load_or_empty(path)


@dataclass
class CheckReview:
    """What `check` hands on after applying the decisions: the renderers' keywords, and the run
    as it counts for the exit code (its undecided findings)."""

    review: Review
    undecided: RunResult

    def render_options(self) -> dict[str, object]:
        return {"review_base": self.review.base, "decisions": self.review.by_fingerprint(),
                "review_name": self.review.path.name}


def apply_to_check(args: argparse.Namespace, result: RunResult, review: Review, resolver: Resolver,
                   lang: str, output_format: str) -> CheckReview:
    """Hide (or, with `--show-decided`, mark) the decided findings and report on stderr how many,
    and which decisions are stale."""
    from perflint import review as reviews
    from perflint.runner import FileResult, RunResult

    if not review.decisions:  # nothing decided, nothing stale: the run as it is (nothing unpacked)
        return CheckReview(review, result)
    applied = reviews.apply(result, review, rule_ran(resolver))
    undecided = RunResult([FileResult(file.path, findings) for file, findings
                           in zip(result.files, applied.undecided, strict=True)],
                          problems=result.problems)
    if not args.show_decided:
        reviews.hide_decided(result, applied)
    elif output_format not in SHOWS_DECISIONS:
        reviews.mark_decided(result, review.by_fingerprint(), review.base, lang)
    if review.decisions:
        verb = ("显示", "shown") if args.show_decided else ("隐藏", "hidden")
        say(lang, f"审核记录 {review.path} {verb[0]}了 {applied.decided_count} 个已审核的问题",
            f"{applied.decided_count} decided findings {verb[1]} by review file {review.path}")
    report_stale(applied.stale, review, lang)
    return CheckReview(review, undecided)


def rule_ran(resolver: Resolver) -> RanRule:
    """Whether a rule was selected for a file, from the file's own config (perflint.resolver)."""
    codes_of: dict[int, frozenset[str]] = {}

    def ran(path: Path, code: str) -> bool:
        settings = resolver.settings_for(path)
        if settings is None:
            return False
        if id(settings) not in codes_of:
            codes_of[id(settings)] = frozenset(active.rule.code for active in settings.rules)
        return code in codes_of[id(settings)]

    return ran


def report_stale(stale: list[Decision], review: Review, lang: str) -> None:
    from perflint import review as reviews

    if not stale:
        return
    say(lang, f"审核记录 {review.path} 中有 {len(stale)} 条决定对应的问题已不存在"
        "（`perflint review --stale --prune` 删除）：",
        f"{len(stale)} decisions in {review.path} are about findings that no longer exist "
        "(`perflint review --stale --prune` removes them):")
    for decision in stale:
        print(f"  {decision.fingerprint}  {decision.path}  {decision.code}  "
              f"{reviews.decision_label(decision, lang)}", file=sys.stderr)


def say(lang: str, zh: str, en: str) -> None:
    """A line about the run on stderr, in the run's language."""
    print(f"perflint: {en if lang == 'en' else zh}", file=sys.stderr)


# ---------------------------------------------------------------------------- perflint review


def run(args: argparse.Namespace) -> int:
    from perflint import cli_run
    from perflint import review as reviews

    mode = _mode(args)
    asked = _asked(args) if mode == "decide" else None
    resolver = cli_run.make_resolver(args)
    config = resolver.root
    if not cli_run.check_selectors(config, resolver.host, args):
        return cli_run.EXIT_USAGE
    cli_run.configure_plugins(config, resolver.host)
    path = review_path(args, config)
    if mode == "decide":
        cli_run.check_target(path, "--review")
    review = reviews.load(path) if args.review and mode != "decide" else reviews.load_or_empty(path)
    if mode != "stale" and not args.paths:
        raise cli_run.UsageError("请给出要审核的文件或文件夹", "name the files or folders to review")
    if mode == "stale" and not args.paths:
        args.paths = _decided_files(review)
    with cli_run.linted(args, resolver, None) as result:
        applied = reviews.apply(result, review, rule_ran(resolver))
        cli_run.report_problems(result.problems, config.lang)
        if mode == "list":
            _list(result, applied, review, config.lang, show_all=args.all)
        elif asked is not None:
            _decide(result, applied, review, asked, config.lang)
        else:
            _stale(applied, review, config.lang, prune=args.prune)
    return cli_run.EXIT_USAGE if result.problems else cli_run.EXIT_OK


def _mode(args: argparse.Namespace) -> str:
    """Which of --list, --decide, --stale was asked for (exactly one), with its own options only."""
    from perflint.cli_run import UsageError

    modes = [name for name, on in (("list", args.list), ("decide", args.decide is not None),
                                   ("stale", args.stale)) if on]
    if len(modes) != 1:
        raise UsageError("请选择 --list、--decide 指纹 或 --stale 中的一项",
                         "choose one of --list, --decide FINGERPRINT, --stale")
    mode = modes[0]
    owners = (("--all", args.all, "list"), ("--prune", args.prune, "stale"),
              ("--decision", args.decision, "decide"), ("--reason", args.reason, "decide"),
              ("--reviewer", args.reviewer, "decide"))
    for option, value, owner in owners:
        if value and mode != owner:
            raise UsageError(f"{option} 只能与 --{owner} 一起使用", f"{option} goes with --{owner} only")
    return mode


@dataclass(frozen=True)
class _Asked:
    """`--decide`: the fingerprint (or a prefix) and the decision, in the file's words."""

    prefix: str
    decision: str
    reason: str
    reviewer: str


def _asked(args: argparse.Namespace) -> _Asked:
    """What `--decide` asks for, checked before any file is linted."""
    from perflint import review as reviews
    from perflint.cli_run import UsageError

    fingerprint = args.decide.strip().lower()
    if len(fingerprint) < MIN_PREFIX or any(ch not in "0123456789abcdef" for ch in fingerprint):
        raise UsageError(f"--decide {args.decide}：指纹应为十六进制数（至少 {MIN_PREFIX} 位，见 --list）",
                         f"--decide {args.decide}: a fingerprint is hexadecimal (at least {MIN_PREFIX} "
                         "digits; see --list)")
    name = _DECISION_NAMES.get((args.decision or "").strip().lower())
    if name is None:
        raise UsageError(f"--decision {args.decision or ''}：应为 确认、已说明 或 误报",
                         f"--decision {args.decision or ''}: use 确认 (confirmed), 已说明 (explained) "
                         "or 误报 (false alarm)")
    if not args.reviewer.strip():
        raise UsageError("--reviewer：请写明审核人", "--reviewer: name the reviewer")
    if name not in reviews.REASON_OPTIONAL and not args.reason.strip():
        raise UsageError(f"--reason：“{name}”需要写明理由",
                         f"--reason: {reviews.DECISIONS[name]} needs a reason")
    return _Asked(fingerprint, name, args.reason.strip(), args.reviewer.strip())


def _decided_files(review: Review) -> list[Path]:
    """The existing files the decisions are about (a missing one makes its decisions stale)."""
    files = dict.fromkeys(review.base / d.path for d in review.decisions)
    return [path for path in files if path.is_file()]


def _entries(result: RunResult, applied: Applied, base: Path
             ) -> Iterator[tuple[FileResult, Finding, str, Decision | None]]:
    """Every decidable finding of the run with its fingerprint and decision (None: undecided)."""
    from perflint import review as reviews
    from perflint.findings import INPUT_ERROR, INTERNAL_ERROR

    for file, undecided, decided in zip(result.files, applied.undecided, applied.decided, strict=True):
        pairs = [(f, None) for f in undecided if f.code not in (INPUT_ERROR, INTERNAL_ERROR)] + decided
        pairs.sort(key=lambda pair: pair[0].sort_key())
        keys = reviews.fingerprints_for(file.path, [f for f, _ in pairs], base)
        for (finding, decision), key in zip(pairs, keys, strict=True):
            yield file, finding, key, decision


def _list(result: RunResult, applied: Applied, review: Review, lang: str, *, show_all: bool) -> None:
    from perflint import review as reviews
    from perflint.findings import INPUT_ERROR
    from perflint.output._common import display_path

    open_count = 0
    for file, finding, key, decision in _entries(result, applied, review.base):
        if decision is not None and not show_all:
            continue
        open_count += decision is None
        span = finding.span
        where = f":{span.line}:{span.column}" if span else ""
        mark = ""
        if decision is not None:
            label = reviews.decision_label(decision, lang)
            mark = f"[{label}] " if lang == "en" else f"［{label}］"
        print(f"{key}  {display_path(file.path)}{where}  {finding.code}  {mark}{finding.message}")
    for file in result.files:
        for finding in file.findings:
            if finding.code == INPUT_ERROR:
                say(lang, f"{file.path}：无法读取，不能审核：{finding.message}",
                    f"{file.path}: cannot be read, nothing to review: {finding.message}")
    say(lang, f"{open_count} 个未审核的问题，{applied.decided_count} 个已审核",
        f"{open_count} undecided findings, {applied.decided_count} decided")


def _decide(result: RunResult, applied: Applied, review: Review, asked: _Asked, lang: str) -> None:
    from perflint import review as reviews
    from perflint.cli_run import UsageError
    from perflint.review import Decision

    prefix = asked.prefix
    matches = {key: (file, finding) for file, finding, key, _ in _entries(result, applied, review.base)
               if key.startswith(prefix)}
    if not matches:
        raise UsageError(f"--decide {prefix}：所给文件中没有这个指纹的问题（用 --list 查看指纹）",
                         f"--decide {prefix}: no finding with this fingerprint in the files given "
                         "(see --list)")
    if len(matches) > 1:
        raise UsageError(f"--decide {prefix}：有 {len(matches)} 个问题的指纹以此开头，请写完整",
                         f"--decide {prefix}: {len(matches)} fingerprints start so; give more digits")
    (key, (file, finding)), = matches.items()
    entry = Decision(fingerprint=key, path=reviews.relative_path(file.path, review.base), code=finding.code,
                     decision=asked.decision, reason=asked.reason, reviewer=asked.reviewer,
                     date=date.today().isoformat(), message=finding.message)
    review.record(entry)
    _save(review)
    say(lang, f"已记录：{key} {entry.path} {entry.code} → {reviews.decision_label(entry, lang)}",
        f"recorded: {key} {entry.path} {entry.code} → {reviews.decision_label(entry, lang)}")


def _save(review: Review) -> None:
    """Write the review file (atomically); a folder that cannot take it is a usage error."""
    from perflint import review as reviews
    from perflint.cli_run import os_error

    try:
        reviews.save(review)
    except OSError as exc:
        raise os_error(f"--review {review.path}", exc, ("写入", "write")) from None


def _stale(applied: Applied, review: Review, lang: str, *, prune: bool) -> None:

    if not applied.stale:
        say(lang, f"审核记录 {review.path} 中没有失效的决定", f"no stale decisions in {review.path}")
        return
    report_stale(applied.stale, review, lang)
    if prune:
        removed = review.remove(applied.stale)
        _save(review)
        say(lang, f"已从 {review.path} 删除 {removed} 条失效的决定",
            f"removed {removed} stale decisions from {review.path}")

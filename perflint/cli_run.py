"""The command line's shared plumbing: what every linting command (`check`, `fix`, `review`)
takes and does the same way — its options, the run's resolver and lint, usage errors and the
lines it prints about the run. `perflint.cli` and `perflint.review_cli` both import it, so
neither imports the other for it.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.lang import localized, os_reason

if TYPE_CHECKING:
    from perflint.config import Config
    from perflint.corpusstore.store import ReferenceCorpus
    from perflint.host import PluginHost
    from perflint.resolver import Resolver
    from perflint.runner import RemoteLint, RunResult

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


#: The path that means "read the report from stdin".
STDIN = "-"


#: The file name a report read from stdin is stored under when no `--stdin-filename` names it:
#: piped text is most often a raw report.
STDIN_DEFAULT_NAME = "stdin.txt"


class UsageError(Exception):
    """A mistake on the command line (a path that cannot be read or written, an option value):
    one line on stderr naming the path or option, and exit 2. Raised where the mistake is found
    and reported once, in `main`, in the run's language."""

    def __init__(self, message: str, english: str) -> None:
        super().__init__(message)
        self.english = english

    def text(self, lang: str = "zh") -> str:
        return self.english if lang == "en" else str(self)


def os_error(path: Path | str | None, exc: OSError, action: tuple[str, str]) -> UsageError:
    """`path: cannot <action> (<why>)` for an OSError; `action` is (zh, en), e.g. ("写入", "write")."""
    reason = os_reason(exc)
    zh, en = reason, reason.text("en")
    if path is None:
        return UsageError(f"无法{action[0]}文件（{zh}）", f"cannot {action[1]} a file ({en})")
    return UsageError(f"{path}：无法{action[0]}（{zh}）", f"{path}: cannot {action[1]} ({en})")


def csv_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def add_setup_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("-p", "--plugin", action="append", default=[], metavar="MODULE",
                     help="加载插件模块或 .py 文件（可重复）")
    sub.add_argument("--config", type=Path, help="配置文件（默认：最近的 perflint.yaml、"
                     ".perflint.yaml 或 pyproject.toml 中的 [tool.perflint]）")
    sub.add_argument("--ruleset", help="规则集名称（national、nanchang-donghu …）或 YAML 文件路径")
    sub.add_argument("--trust-config", action="store_true", default=False,
                     help="本次运行信任在当前目录或其上级找到的配置文件，加载它指定的插件"
                     "（默认只加载 perflint trust 记录过的配置的插件）")


def add_kind_options(sub: argparse.ArgumentParser) -> None:
    from perflint.profiles.kinds import KINDS

    sub.add_argument("--kind", choices=[k for k in KINDS if k != "unknown"], default=None,
                     help="把每个文件都按此报告类型读取，不自动识别")
    sub.add_argument("--profile", default=None, metavar="ID",
                     help="把每个文件都按此表式配置读取（见 `perflint profiles`）")


def add_selection_options(sub: argparse.ArgumentParser) -> None:
    """`--select`, `--extend-select`, `--ignore`: repeated, they add up (ruff's behaviour), so a
    second `--select` never silently drops the first."""
    sub.add_argument("--select", type=csv_list, action="extend", default=None, metavar="CODES",
                     help="要运行的规则代码、前缀或名称，取代配置中的 select（可重复）")
    sub.add_argument("--extend-select", type=csv_list, action="extend", default=[], metavar="CODES",
                     help="在已选规则之外再运行的规则代码、前缀或名称（可重复）")
    sub.add_argument("--ignore", type=csv_list, action="extend", default=[], metavar="CODES",
                     help="要跳过的规则代码、前缀或名称（可重复）")


def make_resolver(args: argparse.Namespace):
    """The run's perflint.resolver.Resolver: the root config (`--config FILE`, else the closest
    config above the current directory) and, unless `--config` fixes one config for all, each
    linted file's own closest config, the command line overriding both. A found config's plugins
    are imported only when it is trusted (`--trust-config`, `perflint trust`: perflint.trust)."""
    from perflint.config import Overrides, find_config
    from perflint.resolver import Resolver

    overrides = Overrides(select=getattr(args, "select", None) or None,
                          extend_select=tuple(getattr(args, "extend_select", None) or ()),
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
    # a config the user named, or one found and vouched for: its plugins may be imported
    # (otherwise only if `perflint trust` recorded it: perflint.trust)
    trusted = args.config is not None or bool(getattr(args, "trust_config", False))
    return Resolver.create(config_path, overrides, fixed=args.config is not None, found=found,
                           trusted=trusted)


def _patterns(values: list[str] | None) -> tuple[str, ...] | None:
    return tuple(values) if values is not None else None


def report_problems(problems: list[str], lang: str) -> None:
    """The run's problems (a plugin that failed, a broken nested config …), in the run's language."""
    for problem in problems:
        print(f"perflint: {localized(problem, lang)}", file=sys.stderr)


def say(lang: str, zh: str, en: str) -> None:
    """A line about the run on stderr, in the run's language."""
    print(f"perflint: {en if lang == 'en' else zh}", file=sys.stderr)


def check_target(path: Path | None, option: str) -> None:
    """Refuse, before any file is linted, an output file that cannot be created (a folder, or a
    file in a folder that does not exist): a long run must not end in a write error."""
    if path is None:
        return
    if path.is_dir():
        raise UsageError(f"{option} {path}：这是一个文件夹，请给出文件路径",
                         f"{option} {path}: is a folder; give a file path")
    if path.parent.exists() and not path.parent.is_dir():
        raise UsageError(f"{option} {path}：{path.parent} 不是文件夹",
                         f"{option} {path}: {path.parent} is not a folder")
    if not path.parent.is_dir():
        raise UsageError(f"{option} {path}：文件夹 {path.parent} 不存在",
                         f"{option} {path}: folder {path.parent} does not exist")


@contextmanager
def linted(args: argparse.Namespace, resolver: Resolver, stdin_name: Path | None,
           reference: ReferenceCorpus | None = None) -> Iterator[RunResult]:
    """The run's result (its corpus rules comparing with `reference` too: `check --corpus`). A
    report read from stdin stays readable, under its name, by the formats that quote the source
    until the output is written."""
    from perflint.runner import run

    if stdin_name is not None:
        with _stdin_report(stdin_name) as stored:
            yield _lint_stdin(stdin_name, stored, resolver, reference)
        return
    config = resolver.root
    cache_dir = cache_dir_of(args, config)
    with _cluster(scheduler_of(args, config), args, cache_dir) as remote, \
            run_progress(enabled=not args.no_progress) as (on_discovered, advance):
        result = run(args.paths, resolver.host, config, jobs=max(1, args.jobs), progress=advance,
                     on_discovered=on_discovered, cache_dir=cache_dir, resolver=resolver,
                     remote=remote, reference=reference)
    yield result


def scheduler_of(args: argparse.Namespace, config: Config) -> str | None:
    """The Dask scheduler to lint on: `--scheduler`, else the root config's `scheduler`."""
    return getattr(args, "scheduler", None) or config.scheduler


@contextmanager
def _cluster(address: str | None, args: argparse.Namespace, cache_dir: Path | None
             ) -> Iterator[RemoteLint | None]:
    """perflint.distributed's lint on the scheduler at `address`, connected for the whole run (the
    corpus rules may use it: perflint.distributed.cluster.active_client), or None: this machine.
    perflint.distributed, and dask with it, is imported only when a scheduler is given."""
    if address is None:
        yield None
        return
    from perflint.distributed.cluster import ClusterError, connected
    from perflint.distributed.lint import ClusterLint, Recipe

    try:
        with connected(address) as client:
            yield ClusterLint(client, Recipe.of(configured_resolver, args, cache_dir))
    except ClusterError as exc:
        raise UsageError(str(exc), exc.english) from None


def configured_resolver(args: argparse.Namespace) -> Resolver:
    """The run's resolver with its plugins configured, as a run sets them up: what a Dask worker
    lints with (perflint.distributed.lint)."""
    resolver = make_resolver(args)
    configure_plugins(resolver.root, resolver.host)
    return resolver


@contextmanager
def _stdin_report(shown: Path) -> Iterator[Path]:
    """stdin, read no further than the loaders' size limit, in a private temporary file named
    like `shown` (loaders read files, and the suffix picks the loader), registered as `shown`'s
    source for the output formats (perflint.output._common.stored_at)."""
    import tempfile  # here: only a run reading stdin needs it

    from perflint.output._common import stored_at
    from perflint.reading import MAX_FILE_BYTES

    if sys.stdin is None:
        raise UsageError("没有标准输入可读（路径 - 表示从标准输入读取报告）",
                         "there is no stdin to read (the path - reads the report from stdin)")
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(MAX_FILE_BYTES + 1) if stream is not None else sys.stdin.read(
        MAX_FILE_BYTES + 1).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise UsageError(f"标准输入超过 {limit} MB 上限", f"stdin is larger than the {limit} MB limit")
    name = shown.name if shown.name not in ("", STDIN) else STDIN_DEFAULT_NAME
    with tempfile.TemporaryDirectory(prefix="perflint-stdin-") as folder:
        stored = Path(folder) / name
        stored.write_bytes(data)
        with stored_at(shown, stored):
            yield stored


def _lint_stdin(shown: Path, stored: Path, resolver: Resolver,
                reference: ReferenceCorpus | None = None) -> RunResult:
    """Lint the stored stdin report as the file `shown`: with the config closest to that path,
    its per-file ignores and, under `force-exclude`, its excludes; the results name `shown`."""
    from perflint.resolver import Resolver
    from perflint.runner import RunResult, discover_all, run

    host, root = resolver.host, resolver.root
    settings = resolver.settings_for(shown)
    if settings is None:  # its config is broken: the problem names it
        return RunResult([], problems=[localized(p, root.lang) for p in [*host.problems, *resolver.problems]])
    if root.force_exclude:
        found = discover_all([shown], host, root, resolver)
        if found.skipped:
            return RunResult([], problems=[localized(p, root.lang) for p in host.problems],
                             skipped=found.skipped)
    codes = settings.config.ignored_codes(shown)
    config = dataclasses.replace(settings.config, per_file_ignores={"*": codes} if codes else {},
                                 force_exclude=False)
    result = run([stored], host, config, resolver=Resolver(host, config), reference=reference)
    for file in result.files:
        file.path = shown
    return result


@contextmanager
def run_progress(enabled: bool):
    """perflint.progress's bar, imported (with rich) only when it can show: stderr a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield (lambda _total: None), (lambda _n: None)
        return
    from perflint.progress import progress_bar

    with progress_bar(enabled=True) as callbacks:
        yield callbacks


def cache_dir_of(args: argparse.Namespace, config: Config) -> Path | None:
    """The cache folder when the cache is on: `--cache`/`--no-cache` win over the config's
    `cache` key (when the config has one), and the cache is off by default."""
    enabled = args.cache if args.cache is not None else bool(getattr(config, "cache", False))
    if not enabled:
        return None
    from perflint.cache import DEFAULT_DIR

    configured = getattr(config, "cache_dir", None)
    return args.cache_dir or (Path(configured) if configured else DEFAULT_DIR)


def check_selectors(config: Config, host: PluginHost, args: argparse.Namespace) -> bool:
    """Whether every selector in force names some rule; a typo is said, naming where it was
    written (the option, else the config file), and is a usage error."""
    from perflint.selection import unknown_selectors

    unknown = unknown_selectors([*config.select, *config.ignore], host.rules.values())
    for selector in unknown:
        where = _selector_origin(selector, args)
        zh_where = where or f"配置文件 {config.source}"
        en_where = where or f"config file {config.source}"
        say(config.lang, f"{zh_where}：{selector} 不匹配任何规则（见 `perflint rules`）",
             f"{en_where}: no rule matches {selector} (see `perflint rules`)")
    return not unknown


def _selector_origin(selector: str, args: argparse.Namespace) -> str | None:
    """The command-line option a selector was given with, or None (from a config file)."""
    for option in ("select", "extend_select", "ignore"):
        if selector in (getattr(args, option, None) or ()):
            return "--" + option.replace("_", "-")
    return None


def configure_plugins(config: Config, host: PluginHost) -> None:
    """Hand each plugin the effective configuration, one plugin at a time: a plugin whose
    perflint_configure raises lands in host.problems by name (printed, exit 2) instead of ending
    the run with a traceback, and the other plugins and rules still run."""
    host.call_each("perflint_configure", config=config)


"""Run the selected rules over files: load each file, check it, collect findings in a stable order.

Failures stay local: a file that cannot be read becomes a PL000 finding for that file, a rule
that raises becomes a PL001 finding naming the rule and its plugin, and the run continues.
So does a raw file whose text is not a 绩效 report at all (perflint.recognize). Which files a run
finds, and the list of those it did not lint and why (`RunResult.not_linted`), are
perflint.discovery's.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.activation import ActiveRule as ActiveRule
from perflint.activation import activate_rules as activate_rules
from perflint.config import CONFIG_NAMES, Config
from perflint.discovery import Discovery, Skipped, find
from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, Finding
from perflint.host import PluginHost
from perflint.lang import Message, localized
from perflint.limits import applied
from perflint.model import Report, Span
from perflint.profiles import Profile, ProfileError
from perflint.profiles.context import ExtractionSettings, extraction_settings
from perflint.reading import InputError
from perflint.recognize import not_a_report
from perflint.results import UNSUPPORTED as UNSUPPORTED
from perflint.results import FileResult as FileResult
from perflint.results import RunResult as RunResult
from perflint.rules.base import CheckContext, CorpusRule, ReportRule
from perflint.selection import is_selected

if TYPE_CHECKING:
    from perflint.cache import Cache
    from perflint.resolver import Resolver


#: Loaders of normalized reports: their schema says what is a report, perflint.recognize does not.
NORMALIZED_LOADERS = frozenset({"yaml", "json"})


def discover(paths: Iterable[Path], host: PluginHost, config: Config | None = None) -> Iterator[Path]:
    """Files to lint: explicit files as given, folders walked recursively (sorted by path, so the
    output order never depends on the file system), keeping only files some loader understands.
    What is left out and why (hidden files, excludes, `.gitignore`, perflint's own files …) is
    perflint.discovery's; `config` gives the exclude settings (default: the defaults).
    `run` uses `discover_all`, which also keeps unsupported files and says what it left out."""
    found = discover_all(paths, host, config or Config())
    yield from (path for path in found.files if path not in found.unsupported)


def discover_all(paths: Iterable[Path], host: PluginHost, config: Config,
                 resolver: Resolver | None = None) -> Discovery:
    """perflint.discovery.find with the run's settings: in each folder, the exclude patterns of
    its own config (`resolver`; else `config`'s everywhere); `force-exclude` and
    `respect-gitignore` from the root config."""
    if resolver is None:
        patterns = config.exclude_patterns()

        def patterns_for(_folder: Path) -> list:
            return patterns
    else:
        memo: dict[Path, list] = {}

        def patterns_for(folder: Path) -> list:
            if folder not in memo:
                settings = resolver.settings_for_folder(folder)
                memo[folder] = (settings.config if settings is not None else config).exclude_patterns()
            return memo[folder]
    return find(paths, host, patterns_for, respect_gitignore=config.respect_gitignore,
                force_exclude=config.force_exclude)


def _input_error(path: Path, error: InputError, lang: str = "zh") -> Finding:
    span = None
    if error.line is not None:
        quote = error.quote or ""
        span = Span(line=error.line, column=error.column or 1, end_line=error.line,
                    end_column=(error.column or 1) + len(quote), quote=quote)
    return Finding(code=INPUT_ERROR, severity="error", message=error.text(lang), span=span,
                   rule="input-error", plugin="perflint")


def _crash(active: ActiveRule, exc: Exception, lang: str = "zh") -> Finding:
    """PL001 for a rule that raised, in the run's language (the exception's own words stay)."""
    return Finding(
        code=INTERNAL_ERROR, severity="error", rule="internal-error", plugin=active.registered.plugin,
        message=_crash_message(active, exc).text(lang),
    )


def _crash_message(active: ActiveRule, exc: Exception) -> Message:
    rule, plugin = active.rule, active.registered.plugin
    error = f"{type(exc).__name__}: {exc}"
    return Message(f"插件“{plugin}”的规则 {rule.code}（{rule.name}）运行出错：{error}",
                   f"rule {rule.code} ({rule.name}) of plugin {plugin!r} crashed: {error}")


def _context(active: ActiveRule, config: Config, path: Path | None) -> CheckContext:
    return CheckContext(rule=active.rule(), options=active.options, lang=config.lang, path=path,
                        plugin=active.registered.plugin, ruleset=config.ruleset)


def _apply_severity(finding: Finding, config: Config) -> Finding:
    override = config.severities.get(finding.code)
    return finding.model_copy(update={"severity": override}) if override else finding


def ignored_codes(path: Path, config: Config) -> list[str]:
    """Codes ignored for this file by `per-file-ignores` (`Config.ignored_codes`: globs on the
    path relative to the config file's folder, the path as given, or the file name)."""
    return config.ignored_codes(path)


def _ignored_for(path: Path, active: ActiveRule, config: Config) -> bool:
    """Whether `per-file-ignores` turns the rule off for this file. A corpus rule still reads
    such a file (its paragraphs are still shared with the others); only its findings there go."""
    ignored_here = ignored_codes(path, config)
    return bool(ignored_here) and not is_selected(active.rule, ["ALL"], ignored_here)


def lint_file(path: Path, host: PluginHost, rules: list[ActiveRule], config: Config) -> FileResult:
    result = FileResult(path)
    ignored_here = ignored_codes(path, config)
    if ignored_here:
        rules = [r for r in rules if is_selected(r.rule, ["ALL"], ignored_here)]
    loader = host.loader_for(path)
    if loader is None:
        known = ", ".join(sorted(host.loaders))
        suffix = path.suffix or "(none)"
        result.findings.append(_input_error(path, InputError(
            f"{UNSUPPORTED[0]} {suffix}（可读取：{known}）",
            english=f"{UNSUPPORTED[1]} {suffix}; known: {known}"), config.lang))
        return result
    try:
        with extraction_settings(ExtractionSettings(host.profiles, config.kind, config.profile)):
            report = loader.load(path)
    except InputError as error:
        result.findings.append(_input_error(path, error, config.lang))
        return result
    except ProfileError as error:
        result.findings.append(_input_error(path, InputError(str(error), english=error.text("en")),
                                            config.lang))
        return result
    except Exception as exc:  # a loader bug: say so, keep going with the other files
        error = f"{type(exc).__name__}: {exc}"
        result.findings.append(_input_error(path, InputError(
            f"{loader.name} 读取程序出错：{error}", english=f"{loader.name} loader failed: {error}"),
            config.lang))
        return result
    if loader.name not in NORMALIZED_LOADERS and report.source_text is not None:
        problem = not_a_report(report.source_text)
        if problem is not None:  # an English letter, a diary, a garbled text: no rule runs on it
            result.findings.append(_input_error(path, problem, config.lang))
            return result
    profile = _profile_of(report, host, config)
    part_profiles = {part.kind: host.profiles.get(part.profile or "") or host.profiles.default_for(part.kind)
                     for part in report.parts}
    part_profiles = {kind: p for kind, p in part_profiles.items() if p is not None}
    kinds = frozenset([report.kind, *part_profiles])
    result.report = report
    result.unit_name = report.unit.name.text if report.unit.name else None
    result.kind = report.kind
    result.year = report.year
    for active in rules:
        if not issubclass(active.rule, ReportRule) or not active.rule.applies(kinds):
            continue
        ctx = _context(active, config, path)
        ctx.profile, ctx.part_profiles = profile, part_profiles
        try:
            found = list(ctx.rule.check(report, ctx))
        except Exception as exc:
            result.findings.append(_crash(active, exc, config.lang))
            continue
        result.findings.extend(_apply_severity(f, config) for f in found)
    return result


def _profile_of(report: Report, host: PluginHost, config: Config) -> Profile | None:
    """The report's form profile: the one extraction chose, the one the user or a normalized file
    names, else the default of the report's kind. A normalized file is given the user's kind or
    profile the way extraction is."""
    profiles = host.profiles
    if config.profile and report.profile != config.profile:
        chosen = profiles.get(config.profile)
        if chosen is not None and chosen.kind:
            report.kind, report.profile = chosen.kind, chosen.id
    elif config.kind and report.kind != config.kind:
        report.kind, report.profile = config.kind, None
    profile = profiles.get(report.profile) if report.profile else None
    if profile is None:
        profile = profiles.default_for(report.kind)
        report.profile = profile.id if profile is not None else None
    return profile


def lint_cached(path: Path, host: PluginHost, rules: list[ActiveRule], config: Config,
                cache: Cache | None) -> FileResult:
    """`lint_file`, or its stored result when the cache has an entry for this exact file, run and
    configuration (perflint.cache explains the key)."""
    if cache is None:
        return lint_file(path, host, rules, config)
    from perflint.cache import restore

    key = cache.entry_key(path, ignored_codes(path, config))
    cached = cache.get(key)
    if cached is not None:
        result = FileResult(path)
        restore(result, cached)
        return result
    result = lint_file(path, host, rules, config)
    cache.put(key, result)
    return result


def collect(result: FileResult, corpus_rules: list[ActiveRule], config: Config) -> None:
    """Let each corpus rule take what it needs of the report, then let the report go: the run
    keeps (and a worker sends back) only that. A rule whose `collect` raises gets a PL001 finding
    on this file and goes on without it."""
    report, result.report = result.report, None
    if report is None:
        return
    for active in corpus_rules:
        ctx = _context(active, config, result.path)
        try:
            result.collected[active.rule.code] = ctx.rule.collect(report, ctx)
        except Exception as exc:
            result.findings.append(_crash(active, exc, config.lang))


#: Config files met while walking folders are not reports (`perflint.yaml` in a district's folder);
#: perflint.discovery leaves them out, named or found (and perflint's other files too).
CONFIG_FILE = CONFIG_NAMES[0]

#: One config's share of a run: its active rules, the config, its cache (or None).
_Plan = tuple[list[ActiveRule], Config, "Cache | None"]

#: What forked workers inherit from the parent: discovering plugins and compiling rulesets once.
#: (host, each file's plan, the corpus rules, the root config they run with)
_WORKER_STATE: tuple[PluginHost, dict[Path, _Plan], list[ActiveRule], Config] | None = None


def _lint_one(path: Path) -> FileResult:
    host, plans, corpus_rules, root = _WORKER_STATE
    rules, config, cache = plans[path]
    with applied(config.limits):
        result = lint_cached(path, host, rules, config, cache)
        collect(result, corpus_rules, root)
    return result


def _lint_chunk(paths: list[Path]) -> list[FileResult]:
    return [_lint_one(path) for path in paths]


def _lint_all(paths: list[Path], host: PluginHost, plans: dict[Path, _Plan],
              corpus_rules: list[ActiveRule], root: Config, jobs: int,
              progress: Callable[[int], None] | None) -> list[FileResult]:
    """Lint every file with its own config's rules (`plans`), in `jobs` processes when asked;
    results are put back in input order, so the output is byte-identical whatever `jobs` is.

    With N jobs the parent is one of the N: it forks N-1 workers that take chunks of files from
    the front of the list while it lints chunks from the back itself, until they meet. A file the
    parent lints needs no transfer, and on N cores N processes do the work (N workers plus a
    parent busy unpickling their results would be N+1)."""
    global _WORKER_STATE
    parallel = jobs > 1 and len(paths) >= 2 * jobs and "fork" in _start_methods()
    _WORKER_STATE = (host, plans, corpus_rules, root)
    try:
        if not parallel:
            results = []
            for path in paths:
                results.append(_lint_one(path))
                if progress:
                    progress(1)
            return results
        size = max(1, min(16, len(paths) // (jobs * 16)))
        chunks = [paths[start:start + size] for start in range(0, len(paths), size)]
        done: dict[int, list[FileResult]] = {}
        from concurrent.futures import ProcessPoolExecutor  # only when parallel: start-up
        from multiprocessing import get_context

        context = get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context) as pool:
            futures = [pool.submit(_lint_chunk, chunk) for chunk in chunks]
            for index in range(len(chunks) - 1, -1, -1):
                if not futures[index].cancel():  # a worker has it: the rest are theirs too
                    break
                results = []
                for path in chunks[index]:
                    results.append(_lint_one(path))
                    if progress:
                        progress(1)
                done[index] = results
            for index, future in enumerate(futures):
                if index not in done:
                    done[index] = future.result()
                    if progress:
                        progress(len(done[index]))
        return [result for index in range(len(chunks)) for result in done[index]]
    finally:
        _WORKER_STATE = None


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


#: Cyclic-GC thresholds during a run. A report is thousands of small objects, and with
#: Python's default (700, 10, 10) the collector ran every few hundred allocations and rescanned
#: every report kept for the corpus rules: a third of a run's time, and ten times the cost of
#: receiving a report from a worker. perflint makes almost no reference cycles (a few objects
#: per file), so collecting rarely costs no memory worth counting.
GC_THRESHOLDS = (100_000, 50, 100)


@contextlib.contextmanager
def rare_gc() -> Iterator[None]:
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def run(paths: Iterable[Path], host: PluginHost, config: Config, *, jobs: int = 1,
        progress: Callable[[int], None] | None = None,
        on_discovered: Callable[[int], None] | None = None,
        cache_dir: Path | None = None, resolver: Resolver | None = None) -> RunResult:
    """Lint `paths` (files and folders). `progress` is called once per linted file;
    `on_discovered` once with the number of files found. With `cache_dir`, unchanged files are
    not linted again (perflint.cache); corpus rules still run over every report.

    `resolver` (perflint.resolver) gives each file its own config, the closest config file's;
    without it `config` applies to every file. Corpus rules run once over every file of the
    run, with the root config's settings (`config`, the resolver's root). A file whose config is
    broken is not linted; the problem is reported and the other files are linted."""
    with rare_gc():
        return _run(paths, host, config, jobs=jobs, progress=progress, on_discovered=on_discovered,
                    cache_dir=cache_dir, resolver=resolver)


def _run(paths: Iterable[Path], host: PluginHost, config: Config, *, jobs: int,
         progress: Callable[[int], None] | None, on_discovered: Callable[[int], None] | None,
         cache_dir: Path | None, resolver: Resolver | None = None) -> RunResult:
    if resolver is None:
        from perflint.resolver import Resolver

        resolver = Resolver(host, config)
    root, root_problems = resolver.root_settings()
    config = root.config
    problems = list(root_problems)
    corpus_rules = [r for r in root.rules if issubclass(r.rule, CorpusRule)]
    paths = list(paths)
    targets, settings_of = [], {}
    found = discover_all(paths, host, config, resolver)
    skipped = list(found.skipped)
    for path in found.files:
        settings = resolver.settings_for(path)
        if settings is not None:  # None: its config is broken (a problem in resolver.problems)
            targets.append(path)
            settings_of[path] = settings
        else:
            skipped.append(Skipped(path, "config-error"))
    problems.extend(resolver.problems)
    if on_discovered:
        on_discovered(len(targets))
    plans: dict[int, _Plan] = {}
    for settings in settings_of.values():
        if id(settings) not in plans:
            cache = None
            if cache_dir is not None:
                from perflint.cache import Cache, run_key

                cache = Cache(cache_dir, run_key(host, settings.rules, settings.config),
                              keep_reports=bool(corpus_rules))
            plans[id(settings)] = (settings.rules, settings.config, cache)
    files = _lint_all(targets, host, {path: plans[id(s)] for path, s in settings_of.items()},
                      corpus_rules, config, jobs, progress)
    by_path = {result.path: result for result in files}
    for active in corpus_rules:
        code = active.rule.code
        collected = [(r.path, r.collected[code]) for r in files if code in r.collected]
        ctx = _context(active, config, None)
        try:
            for path, finding in ctx.rule.check_corpus(collected, ctx):
                if not _ignored_for(path, active, config):
                    by_path[path].findings.append(_apply_severity(finding, config))
        except Exception as exc:
            problems.append(_crash_message(active, exc))
    for result in files:
        result.collected = {}
    for result in files:
        result.findings.sort(key=Finding.sort_key)
    return RunResult(files, problems=[localized(p, config.lang) for p in [*host.problems, *problems]],
                     skipped=skipped)

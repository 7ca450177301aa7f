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
from perflint.corpusstore.active import reference_size, referenced
from perflint.discovery import Discovery, Skipped, find
from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, Finding
from perflint.host import PluginHost
from perflint.isolation import Failure, Series, contain, ctrl_c_recorded, watchdog
from perflint.lang import Message, localized
from perflint.limits import Limits, applied, current
from perflint.model import Report, Span
from perflint.packed import Tally, pack, tally
from perflint.profiles import Profile, ProfileError
from perflint.profiles.context import ExtractionSettings, extraction_settings
from perflint.reading import InputError
from perflint.recognize import not_a_report
from perflint.results import UNSUPPORTED as UNSUPPORTED
from perflint.results import FileResult as FileResult
from perflint.results import RunResult as RunResult
from perflint.results import counts as severity_counts
from perflint.rules.base import CheckContext, CorpusRule
from perflint.rules.reuse import Reused, prepared
from perflint.selection import is_selected

if TYPE_CHECKING:
    from perflint.cache import Cache
    from perflint.corpus_kept import Kept
    from perflint.corpusstore.store import ReferenceCorpus
    from perflint.pool import Stop
    from perflint.resolver import Resolver, Settings


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


def _crash(active: ActiveRule, failure: Failure | BaseException, lang: str = "zh") -> Finding:
    """PL001 for a rule that failed (raised, yielded a non-Finding, ran over its time budget), in
    the run's language (the exception's own words stay). A time-out is marked in `extra`
    (`limit: rule-seconds`): it depends on the machine, so such a result is not cached."""
    failure = failure if isinstance(failure, Failure) else Failure(failure)
    return Finding(
        code=INTERNAL_ERROR, severity="error", rule="internal-error", plugin=active.registered.plugin,
        message=_crash_message(active, failure).text(lang),
        extra={"limit": "rule-seconds"} if failure.timed_out else {},
    )


def _crash_message(active: ActiveRule, failure: Failure | BaseException) -> Message:
    failure = failure if isinstance(failure, Failure) else Failure(failure)
    rule, plugin = active.rule, active.registered.plugin
    reason = failure.reason()
    if failure.timed_out:
        return Message(f"插件“{plugin}”的规则 {rule.code}（{rule.name}）{reason}",
                       f"rule {rule.code} ({rule.name}) of plugin {plugin!r} {reason.text('en')}")
    return Message(f"插件“{plugin}”的规则 {rule.code}（{rule.name}）运行出错：{reason}",
                   f"rule {rule.code} ({rule.name}) of plugin {plugin!r} crashed: {reason.text('en')}")


class NotAFinding(TypeError):
    """A rule yielded something that is not a Finding (a dict, a string, None …)."""

    def __init__(self, value: object, *, pair: bool = False) -> None:
        kind = type(value).__name__
        what = "(path, Finding) 对" if pair else "Finding"
        super().__init__(f"产生了不是 {what} 的结果（{kind}）")
        self.english = f"yielded a {kind}, not a {'(path, Finding) pair' if pair else 'Finding'}"


def _cut_note(active: ActiveRule, cut: int, limits: Limits, lang: str) -> Finding:
    """The one note that stands for the findings cut over `limits.findings-per-rule`: the rule's
    own code (so `--ignore` and per-file ignores take it with the rule), severity `info` (the
    kept findings already decide the exit code), the count in `extra["cut"]`."""
    rule, cap = active.rule, limits.findings_per_rule
    message = Message(f"规则 {rule.code} 在此文件中另有 {cut} 个问题未列出"
                      f"（超出 limits.findings-per-rule = {cap}）",
                      f"{cut} more findings of rule {rule.code} in this file not listed "
                      f"(over limits.findings-per-rule = {cap})")
    return Finding(code=rule.code, severity="info", message=message.text(lang), rule=rule.name,
                   plugin=active.registered.plugin, extra={"cut": str(cut)})


def _abandon_text(active: ActiveRule, path: Path | None, limits: Limits, lang: str) -> Callable[[], str]:
    """The line the main process prints when a rule swallows every stop and the run must end."""
    def text() -> str:
        rule, plugin = active.rule, active.registered.plugin
        where = f"{path}：" if path else ""
        zh = (f"{where}插件“{plugin}”的规则 {rule.code}（{rule.name}）超出 limits.rule-seconds = "
              f"{limits.rule_seconds:g} 秒后仍不停止，已结束本次检查")
        en = (f"{path}: " if path else "") + \
            (f"rule {rule.code} ({rule.name}) of plugin {plugin!r} did not stop "
             f"after limits.rule-seconds = {limits.rule_seconds:g} s; run ended")
        return en if lang == "en" else zh
    return text


#: A small number per rule code, the same in the parent and its forked workers (every code of a
#: run is given one before the workers are forked): what a worker publishes as running, so the
#: parent can name the rule of a worker it had to stop (perflint.pool).
_TAGS: dict[str, int] = {}


def rule_tag(code: str) -> int:
    """The rule code's tag (`_TAGS`), given on first use."""
    return _TAGS.setdefault(code, len(_TAGS))


def tagged_code(tag: int) -> str | None:
    """The rule code of a tag, or None (-1: no rule was running)."""
    return next((code for code, value in _TAGS.items() if value == tag), None)


def _check_report(report: Report, entries: list[Reused], config: Config, path: Path,
                  profile: Profile | None, part_profiles: dict[str, Profile]) -> list[Finding]:
    """Run each rule's check on one report inside the isolation (one `Series`: each rule has its
    own time budget), with the rule instances of the run (perflint.rules.reuse): the findings of
    each (at most `limits.findings-per-rule`, then a note), or its PL001."""
    limits = current()
    lang, cap, overridden = config.lang, limits.findings_per_rule, bool(config.severities)
    findings: list[Finding] = []

    def check(entry: Reused) -> tuple[list[Finding], int]:
        """The first `cap` findings the rule yields, checked to be findings, and how many more
        it yielded (counted, not kept: a runaway rule costs time, bounded by its budget, not
        memory). Written out here: this runs once per rule and report."""
        ctx = entry.context(config, path, profile, part_profiles)
        kept: list[Finding] = []
        cut = 0
        for finding in ctx.rule.check(report, ctx):
            if not isinstance(finding, Finding):
                raise NotAFinding(finding)
            if len(kept) < cap:
                kept.append(finding)
            else:
                cut += 1
        entry.release(ctx)
        return kept, cut

    with Series(limits.rule_seconds, _abandon_tagged(entries, path, limits, lang)) as series:
        for entry in entries:
            outcome = series.call(entry.tag, check, entry)
            if isinstance(outcome, Failure):
                findings.append(_crash(entry.active, outcome, lang))
                continue
            found, cut = outcome
            findings.extend([_apply_severity(f, config) for f in found] if overridden else found)
            if cut:
                findings.append(_cut_note(entry.active, cut, limits, lang))
    return findings


def _abandon_tagged(entries: list[Reused], path: Path | None, limits: Limits,
                    lang: str) -> Callable[[int], str]:
    """`_abandon_text` of the rule of a tag, for a `Series` of these rules."""
    def text(tag: int) -> str:
        active = next(entry.active for entry in entries if entry.tag == tag)
        return _abandon_text(active, path, limits, lang)()
    return text


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
    loader = host.loader_for(path)
    if loader is None:
        known = ", ".join(sorted(host.loaders))
        suffix = path.suffix or "(none)"
        result.findings.append(_input_error(path, InputError(
            f"{UNSUPPORTED[0]} {suffix}（可读取：{known}）",
            english=f"{UNSUPPORTED[1]} {suffix}; known: {known}"), config.lang))
        return result
    report = _load(path, host, loader, config)
    if isinstance(report, Finding):
        result.findings.append(report)
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
    entries = prepared(rules, rule_tag).report_rules(kinds)
    ignored_here = ignored_codes(path, config)
    if ignored_here:
        entries = [e for e in entries if is_selected(e.active.rule, ["ALL"], ignored_here)]
    result.findings.extend(_check_report(report, entries, config, path, profile, part_profiles))
    return result


def _load(path: Path, host: PluginHost, loader, config: Config) -> Report | Finding:
    """The loaded report, or the PL000 finding saying why not. The loader runs inside the
    isolation: whatever it raises (SystemExit and MemoryError included) is that file's PL000."""
    def load() -> Report | Finding:
        try:
            with extraction_settings(ExtractionSettings(host.profiles, config.kind, config.profile)):
                return loader.load(path)
        except InputError as error:
            return _input_error(path, error, config.lang)
        except ProfileError as error:
            return _input_error(path, InputError(str(error), english=error.text("en")), config.lang)

    outcome = contain(load)
    if isinstance(outcome, Failure):  # a loader bug: say so, keep going with the other files
        reason = outcome.reason()
        return _input_error(path, InputError(f"{loader.name} 读取程序出错：{reason}",
                                             english=f"{loader.name} loader failed: {reason.text('en')}"),
                            config.lang)
    return outcome


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
                cache: Cache | None, corpus_rules: list[ActiveRule], root: Config) -> FileResult:
    """`lint_file` and `collect`, or the stored result when the cache has an entry for this exact
    file, run and configuration (perflint.cache explains the key). An entry that kept what the
    corpus rules collected restores it and they do not collect again; one that kept the report
    lets them collect from it."""
    if cache is None:
        result = lint_file(path, host, rules, config)
        collect(result, corpus_rules, root)
        return result
    from perflint.cache import restore

    key = cache.entry_key(path, ignored_codes(path, config), corpus_rules, root.lang)
    cached = cache.get(key)
    if cached is not None:
        result = FileResult(path)
        restore(result, cached)
        if result.report is not None:  # the entry kept the report, not what the rules collected
            collect(result, corpus_rules, root)
        result.cache_key = key
        return result
    result = lint_file(path, host, rules, config)
    draft = cache.draft(result)
    collect(result, corpus_rules, root)
    if not any(f.code == INTERNAL_ERROR and f.extra.get("limit") for f in result.findings):
        cache.put(key, draft, corpus_rules)  # a time-out depends on the machine's load: lint again next time
        result.cache_key = key
    return result


def collect(result: FileResult, corpus_rules: list[ActiveRule], config: Config) -> None:
    """Let each corpus rule take what it needs of the report, then let the report go: the run
    keeps (and a worker sends back) only that. A rule whose `collect` raises gets a PL001 finding
    on this file and goes on without it."""
    report, result.report = result.report, None
    if report is None:
        return
    limits = current()
    entries = prepared(corpus_rules, rule_tag).entries

    def collect_one(entry: Reused) -> object:
        active = entry.active
        rule = entry.take()
        ctx = CheckContext(rule=rule, options=active.options, lang=config.lang, path=result.path,
                           plugin=active.registered.plugin, ruleset=config.ruleset)
        collected = rule.collect(report, ctx)
        entry.give_back(rule)
        return collected

    with Series(limits.rule_seconds, _abandon_tagged(entries, result.path, limits, config.lang)) as series:
        for entry in entries:
            outcome = series.call(entry.tag, collect_one, entry)
            if isinstance(outcome, Failure):
                result.findings.append(_crash(entry.active, outcome, config.lang))
            else:
                result.collected[entry.active.rule.code] = outcome


#: Config files met while walking folders are not reports (`perflint.yaml` in a district's folder);
#: perflint.discovery leaves them out, named or found (and perflint's other files too).
CONFIG_FILE = CONFIG_NAMES[0]

#: One config's share of a run: its active rules, the config, its cache (or None).
_Plan = tuple[list[ActiveRule], Config, "Cache | None"]

#: What forked workers inherit from the parent: discovering plugins and compiling rulesets once.
#: (host, each file's plan, the corpus rules, the root config they run with)
_WORKER_STATE: tuple[PluginHost, dict[Path, _Plan], list[ActiveRule], Config] | None = None

#: Lints a run's files somewhere else (perflint.distributed.lint: on a Dask cluster's workers):
#: called with the files, the progress callback and the dict to fill with each file's result by
#: its index (what is there when the user presses Ctrl-C is kept), and the run's language.
RemoteLint = Callable[[list[Path], "Callable[[int], None] | None", dict[int, FileResult], str], None]


def plan_of(settings: Settings, host: PluginHost, cache_dir: Path | None, keep_reports: bool) -> _Plan:
    """One config's share of a run: its rules, its config and, with `cache_dir`, its cache
    (which keeps the reports when corpus rules will read them)."""
    cache = None
    if cache_dir is not None:
        from perflint.cache import Cache, run_key

        cache = Cache(cache_dir, run_key(host, settings.rules, settings.config),
                      keep_reports=keep_reports, lang=settings.config.lang)
    return settings.rules, settings.config, cache


def _lint_one(path: Path, excluded: frozenset[str] = frozenset()) -> FileResult:
    """Lint one file with its plan (`lint_planned`), in a forked worker or the parent."""
    host, plans, corpus_rules, root = _WORKER_STATE
    return lint_planned(path, host, plans[path], corpus_rules, root, excluded)


def lint_planned(path: Path, host: PluginHost, plan: _Plan, corpus_rules: list[ActiveRule], root: Config,
                 excluded: frozenset[str] = frozenset()) -> FileResult:
    """Lint one file with its plan and let the corpus rules collect from it; without the rules in
    `excluded` (rules that overran in a worker the parent had to kill), and then without the
    cache, whose entry is for every rule."""
    rules, config, cache = plan
    if excluded:
        rules = [r for r in rules if r.rule.code not in excluded]
        corpus_rules = [r for r in corpus_rules if r.rule.code not in excluded]
        cache = None
    with applied(config.limits):
        result = lint_cached(path, host, rules, config, cache, corpus_rules, root)
    result.settle()  # sorted and packed here, in the worker: the parent receives bytes
    return result


class RunInterrupted(KeyboardInterrupt):
    """The user's Ctrl-C during a run: `files` are those linted until then, in input order, of
    `total`. A KeyboardInterrupt, so code that does not know it still stops (exit 130)."""

    def __init__(self, files: list[FileResult], total: int, lang: str = "zh") -> None:
        super().__init__()
        self.files, self.total, self.lang = files, total, lang

    def summary(self) -> str:
        """What was linted until the interruption, in the run's language (no output is written:
        a partial report must not pass for a whole one)."""
        counts = severity_counts(self.files)
        done, total = len(self.files), self.total
        if self.lang == "en":
            return (f"interrupted (Ctrl-C): linted {done} of {total} files, {counts['error']} errors, "
                    f"{counts['warning']} warnings, {counts['info']} infos so far; results incomplete, "
                    "not written")
        return (f"已中断（Ctrl-C）：已检查 {done}/{total} 个文件，发现 {counts['error']} 个错误、"
                f"{counts['warning']} 个警告、{counts['info']} 个提示；结果不完整，未输出")


def _lint_all(paths: list[Path], host: PluginHost, plans: dict[Path, _Plan],
              corpus_rules: list[ActiveRule], root: Config, jobs: int,
              progress: Callable[[int], None] | None, remote: RemoteLint | None = None) -> list[FileResult]:
    """Lint every file with its own config's rules (`plans`), in `jobs` processes when asked, or
    by `remote` (then `jobs` does not count); results are put back in input order, so the output
    is byte-identical whatever `jobs` is and wherever the files were linted.

    With N jobs the parent is one of the N: it forks N-1 workers (perflint.pool) that take
    chunks of files from the front of the list while it lints chunks from the back itself, until
    they meet. A file the parent lints needs no transfer, and on N cores N processes do the work.
    A worker that dies or is stopped costs only the file it held (`_stopped`). With the cache,
    the files it has an entry for are read from it by the parent (`_cached_files`): a warm run
    forks no worker, a partly warm one sends workers only the files to lint."""
    global _WORKER_STATE
    parallel = jobs > 1 and len(paths) >= 2 * jobs and "fork" in _start_methods()
    _WORKER_STATE = (host, plans, corpus_rules, root)
    # tags are given before any worker is forked: once per plan (every file of a config shares
    # its plan), not once per file
    distinct = {id(plan): plan for plan in plans.values()}
    for rules, _config, _cache in distinct.values():
        for active in [*rules, *corpus_rules]:
            rule_tag(active.rule.code)
    done: dict[int, FileResult] = {}
    try:
        if remote is not None:
            remote(paths, progress, done, root.lang)
        else:
            cached = _cached_files(paths, plans, corpus_rules, root) if parallel else set()
            if not parallel or len(paths) - len(cached) < 2 * jobs:
                for index, path in enumerate(paths):
                    done[index] = _lint_one(path)
                    if progress:
                        progress(1)
            else:  # the files to lint first, for the workers; the cached ones last, for the parent
                order = [i for i in range(len(paths)) if i not in cached] + sorted(cached)
                _lint_parallel(paths, order, plans, corpus_rules, jobs, progress, done)
        return [done[index] for index in range(len(paths))]
    except KeyboardInterrupt:
        raise RunInterrupted([done[index] for index in sorted(done)], len(paths), root.lang) from None
    finally:
        _WORKER_STATE = None


def _cached_files(paths: list[Path], plans: dict[Path, _Plan], corpus_rules: list[ActiveRule],
                  root: Config) -> set[int]:
    """The files (by index) the cache has an entry for: linting them is reading it, less than
    forking a worker and sending the result back costs. Only the key is computed and the entry
    looked for (`Cache.has`); an entry that turns out stale or corrupt is linted where it is met."""
    cached = set()
    for index, path in enumerate(paths):
        _rules, config, cache = plans[path]
        if cache is not None and cache.has(cache.entry_key(path, ignored_codes(path, config), corpus_rules,
                                                           root.lang)):
            cached.add(index)
    return cached


def _lint_parallel(paths: list[Path], order: list[int], plans: dict[Path, _Plan],
                   corpus_rules: list[ActiveRule], jobs: int, progress: Callable[[int], None] | None,
                   done: dict[int, FileResult]) -> None:
    """Lint the files in `order` (indexes into `paths`) with the pool: workers take them from
    the front, the parent from the back."""
    from perflint.pool import Pool, Task
    from perflint.textmatch import presign

    pending: dict[int, list[Finding]] = {}  # PL001 of rules stopped in a killed worker, by file

    def lint(task: Task) -> FileResult:
        return _lint_one(paths[task.index], task.excluded)

    def stopped(task: Task, stop: Stop) -> FileResult | Task:
        path = paths[task.index]
        rules, config, _cache = plans[path]
        active = next((r for r in [*rules, *corpus_rules] if r.rule.code == stop.code), None)
        if stop.overran and active is not None:  # as `--jobs 1` would: PL001, the other rules run
            failure = Failure(seconds=config.limits.rule_seconds)
            pending.setdefault(task.index, []).append(_crash(active, failure, config.lang))
            return Task(task.index, task.excluded | {active.rule.code})
        return died(path, stop, config.lang)

    left = [len(order)]

    def advanced(count: int) -> None:  # in the parent, as each file is done
        left[0] -= count
        presign.step(left[0])
        if progress:
            progress(count)

    size = max(1, min(16, len(paths) // (jobs * 16)))
    chunks = [[Task(index) for index in order[start:start + size]] for start in range(0, len(order), size)]
    pool = Pool(jobs - 1, lint, stopped, _sendable, tagged_code)
    pool.results = done
    try:
        with presign.ahead(len(order)):  # the corpus analysis's signatures, made while the workers lint
            pool.run(chunks, advanced)
    finally:  # added here, in the parent: a worker forked before the stop does not know of it
        for index, findings in pending.items():
            if index in done:
                done[index].add(findings)


def died(path: Path, stop: Stop, lang: str) -> FileResult:
    """PL000 for a file whose worker died while it held it (a signal, out of memory, a plugin's
    `os._exit`), naming how, and the rule that was running when known."""
    how = stop.how
    rule_zh = f"；当时正在运行规则 {stop.code}" if stop.code else ""
    rule_en = f"; rule {stop.code} was running" if stop.code else ""
    error = InputError(f"检查此文件的进程意外终止：{how}{rule_zh}；此文件未检查",
                       english=f"the process linting this file died: {how.text('en')}{rule_en}; not linted")
    result = FileResult(path)
    result.findings.append(_input_error(path, error, lang))
    return result


def _sendable(result: FileResult, error: Exception) -> FileResult:
    """A worker's result that could not be pickled (`sendable`)."""
    _host, _plans, corpus_rules, root = _WORKER_STATE
    return sendable(result, corpus_rules, root.lang)


def sendable(result: FileResult, corpus_rules: list[ActiveRule], lang: str) -> FileResult:
    """A result that can be pickled to the parent: the corpus data that cannot cross processes is
    dropped, with a PL001 naming its rule; a result still unpicklable is the file's PL000."""
    import pickle

    for code, value in list(result.collected.items()):
        try:
            pickle.dumps(value)
        except Exception as exc:
            del result.collected[code]
            active = next(r for r in corpus_rules if r.rule.code == code)
            result.add([_crash(active, exc, lang)])
    try:
        pickle.dumps(result)
    except Exception as exc:
        return died(result.path, _unsendable(exc), lang)
    return result


def _unsendable(exc: Exception):
    from perflint.pool import Stop

    return Stop(None, False, Message(f"结果无法传回主进程：{type(exc).__name__}",
                                     f"result could not be sent back: {type(exc).__name__}"))


#: Reports a corpus rule's `check_corpus` gets `limits.rule-seconds` for: it reads every report
#: of the run, so its budget grows with the run (30 s per 100 reports by default).
CORPUS_BUDGET_REPORTS = 100


def _check_corpus(active: ActiveRule, files: list[FileResult], config: Config, problems: list) -> None:
    """Run one corpus rule over what it collected, inside the isolation: its (path, finding)
    pairs checked, at most `limits.findings-per-rule` per file (with a note for the rest); a
    failure is a problem of the run naming the rule."""
    code, limits = active.rule.code, current()
    collected = [(r.path, r.collected[code]) for r in files if code in r.collected]
    by_path = {result.path: result for result in files}
    counts: dict[Path, int] = {}

    def body() -> list[tuple[Path, list[Finding], bytes | None, Tally]]:
        """The findings kept, packed as they come, a run of one file's at a time (a rule may
        yield several per report of a large run, and they wait here until it has finished);
        those that cannot be packed (perflint.packed.pack) are kept as they are."""
        ctx = _context(active, config, None)
        kept: list[tuple[Path, list[Finding], bytes | None, Tally]] = []

        def keep(path: Path, run: list[Finding]) -> None:
            blob = pack(run)
            kept.append((path, [] if blob is not None else run, blob, tally(run)))

        path, run = None, []
        for pair in ctx.rule.check_corpus(collected, ctx):
            if not (isinstance(pair, tuple) and len(pair) == 2 and pair[0] in by_path
                    and isinstance(pair[1], Finding)):
                raise NotAFinding(pair, pair=True)
            counts[pair[0]] = counts.get(pair[0], 0) + 1
            if counts[pair[0]] > limits.findings_per_rule or _ignored_for(pair[0], active, config):
                continue
            if pair[0] != path and run:
                keep(path, run)
                run = []
            path = pair[0]
            run.append(_apply_severity(pair[1], config))
        if run:
            keep(path, run)
        return kept

    reports = len(collected) + reference_size()  # a reference corpus's reports are read too
    seconds = limits.rule_seconds * max(1, -(-reports // CORPUS_BUDGET_REPORTS))
    outcome = contain(body, seconds=seconds, abandon=_abandon_text(active, None, limits, config.lang))
    if isinstance(outcome, Failure):
        problems.append(_crash_message(active, outcome))
        return
    for path, run, blob, found in outcome:
        if blob is None:
            by_path[path].add(run)
        else:
            by_path[path].add_packed(blob, found)
    for path, count in counts.items():
        if count > limits.findings_per_rule and not _ignored_for(path, active, config):
            by_path[path].add([_cut_note(active, count - limits.findings_per_rule, limits, config.lang)])


def _clusters_kept(plans: Iterable[_Plan]) -> contextlib.AbstractContextManager:
    """With `--cache`, the corpus rules' clustering is kept in the run's cache folder too
    (perflint.textmatch.corpus.clusters_kept_by): every plan's cache is that folder."""
    cache = next((cache for _rules, _config, cache in plans if cache is not None and cache.usable), None)
    if cache is None:
        return contextlib.nullcontext()
    from perflint.textmatch.corpus import clusters_kept_by

    return clusters_kept_by(cache)


def _corpus_kept(plans: Iterable[_Plan], host: PluginHost, root: Settings, paths: list[Path],
                 corpus_rules: list[ActiveRule], reference: ReferenceCorpus | None,
                 remote: RemoteLint | None) -> Kept | None:
    """With `--cache`, where the corpus rules' findings are kept in the run's cache folder, for a
    run of the same files again (perflint.corpus_kept); None when they cannot be."""
    cache = next((cache for _rules, _config, cache in plans if cache is not None and cache.usable), None)
    if cache is None or remote is not None or not corpus_rules:
        return None
    from perflint.cache import run_key
    from perflint.corpus_kept import kept_for

    config = root.config
    return kept_for(cache, run_key(host, root.rules, config), paths, corpus_rules, config, reference)


def _entry_keys(paths: list[Path], plans: dict[Path, _Plan], corpus_rules: list[ActiveRule],
                root: Config) -> list[str | None]:
    """Each file's entry key (None: no cache, or not readable), looked for (`Cache.has`) so that
    linting the file does not read and hash it again."""
    keys = []
    for path in paths:
        _rules, config, cache = plans[path]
        key = None if cache is None else cache.entry_key(path, ignored_codes(path, config), corpus_rules,
                                                         root.lang)
        if key is not None:
            cache.has(key)
        keys.append(key)
    return keys


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


#: Cyclic-GC thresholds during a run. A report is thousands of small objects, and with
#: Python's default (700, 10, 10) the collector ran every few hundred allocations and rescanned
#: every report kept for the corpus rules: a third of a run's time, and ten times the cost of
#: receiving a report from a worker. perflint makes almost no reference cycles (a few objects
#: per file: extraction breaks its working objects' back-pointers once the report is built,
#: perflint.extract.narrative.release), so collecting rarely costs no memory worth counting.
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
        cache_dir: Path | None = None, resolver: Resolver | None = None,
        remote: RemoteLint | None = None, reference: ReferenceCorpus | None = None,
        collect_only: bool = False) -> RunResult:
    """Lint `paths` (files and folders). `progress` is called once per linted file;
    `on_discovered` once with the number of files found. With `cache_dir`, unchanged files are
    not linted again (perflint.cache); corpus rules still run over every report. With `remote`
    (perflint.distributed.lint) the files are linted there instead, `jobs` not counting; the
    corpus rules still run here.

    `resolver` (perflint.resolver) gives each file its own config, the closest config file's;
    without it `config` applies to every file. Corpus rules run once over every file of the
    run, with the root config's settings (`config`, the resolver's root). A file whose config is
    broken is not linted; the problem is reported and the other files are linted.

    With `reference` (perflint.corpusstore) the corpus rules compare the run's reports with a
    stored reference corpus's too, reporting on the run's files only. With `collect_only`
    (`perflint corpus build`) they do not run: each file keeps what they collected instead."""
    with rare_gc(), ctrl_c_recorded(), watchdog():
        return _run(paths, host, config, jobs=jobs, progress=progress, on_discovered=on_discovered,
                    cache_dir=cache_dir, resolver=resolver, remote=remote, reference=reference,
                    collect_only=collect_only)


def _run(paths: Iterable[Path], host: PluginHost, config: Config, *, jobs: int,
         progress: Callable[[int], None] | None, on_discovered: Callable[[int], None] | None,
         cache_dir: Path | None, resolver: Resolver | None = None,
         remote: RemoteLint | None = None, reference: ReferenceCorpus | None = None,
         collect_only: bool = False) -> RunResult:
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
            plans[id(settings)] = plan_of(settings, host, cache_dir, bool(corpus_rules))
    by_path = {path: plans[id(s)] for path, s in settings_of.items()}
    kept = None if collect_only else _corpus_kept(plans.values(), host, root, targets, corpus_rules,
                                                  reference, remote)
    if kept is not None and kept.stored():  # the files' entries then need not restore what was collected
        kept.load(_entry_keys(targets, by_path, corpus_rules, config))
        for _rules, _config, cache in plans.values() if kept.found is not None else ():
            if cache is not None:
                cache.records = False
    files = _lint_all(targets, host, by_path, corpus_rules, config, jobs, progress, remote)
    try:
        with applied(config.limits), referenced(reference), _clusters_kept(plans.values()):
            if kept is not None and kept.found is not None:
                kept.restore(files)
            elif not collect_only:
                before = [result.packed_groups() for result in files]
                count = len(problems)
                for active in corpus_rules:
                    _check_corpus(active, files, config, problems)
                if kept is not None and len(problems) == count:
                    kept.store(files, before)
    except KeyboardInterrupt:
        raise RunInterrupted(files, len(files), config.lang) from None
    for result in [] if collect_only else files:
        result.collected = {}
    for result in files:
        result.settle()  # those with findings added here; the others are settled already
    return RunResult(files, problems=[localized(p, config.lang) for p in [*host.problems, *problems]],
                     skipped=skipped)

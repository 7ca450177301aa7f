"""PL607 shared-paragraph: a paragraph recurs, verbatim or nearly, in other units' reports.

What it checks
    Run over a corpus (`perflint check DIR`, or several files at once), every paragraph of every
    report (non-blank lines of the section bodies, at least `min_chars` characters once spaces
    and punctuation are removed) is compared with every other report's. Two paragraphs are the
    same when the Jaccard index of their character 3-gram sets is at least `threshold` (0.7),
    after normalizing whitespace, punctuation, full-width digits, years (2021年 → 0年), list
    numbering, the unit's own name and self-references (我单位/我中心/本局 … → 本). Other figures
    are kept: "全年预算数为2113.16万元" in one report and "…987.65万元" in another are each unit's
    own facts in the standard wording, not a shared paragraph (`mask_figures` masks them too).
    MinHash signatures and LSH banding (datasketch's scheme and parameters) pick the pairs worth
    comparing, so the cost grows linearly with the corpus; every reported pair is verified with
    the exact Jaccard index. Each paragraph found in at least `min_units` units' reports (itself
    included) is reported with the number of other reports that share it and the first few of
    them. Reports of the same unit (e.g. other years) do not count unless `same_unit` is set;
    paragraphs that match a `prescribed` entry of the reference corpus (the required opening)
    are not reported.

Why it matters
    A problems section or a list of measures that appears in dozens of units' reports describes
    none of them. Reviewers flag "the same ≥ 50-character paragraph in ≥ 2 units' reports";
    the default here is 30 characters after normalization (about 35 as
    written) so that short stock promises (one sentence promising to publish the results and
    accept the public's supervision) count too.

Options
    min_chars, shingle, threshold, mask_figures   what counts as the same paragraph
    num_perm, candidate_threshold, bands, rows   MinHash / LSH tuning (recall vs. work)
    min_units, same_unit            when a shared paragraph is reported
    reference, extra_corpus, extra_prescribed, containment, coverage
                                    the prescribed-paragraph exemption (extra_corpus: corpus
                                    files, paths relative to the ruleset file)

Example
    a.txt: 压实项目单位主体责任，按月调度资金拨付进度，及时清理结转结余…
    b.txt: 压实项目单位主体责任，按月调度资金拨付进度，及时清理结转结余…
                         (PL607 in both: shared with 1 other report: b.txt / a.txt)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from perflint.corpusstore.active import with_reference
from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, CorpusRule
from perflint.rules.memo import per_options
from perflint.rules.text.common import CorpusOptions, clip
from perflint.textmatch import presign
from perflint.textmatch.corpus import (
    AnalysisRequest,
    Outcome,
    ReportParagraphs,
    analyze,
    cached_analysis,
    reference,
    release_texts,
    shared_paragraphs,
)
from perflint.textmatch.paragraph_pass import report_paragraphs

#: how a finding quotes the paragraph
EXCERPT_CHARS = 40


_SPACE = re.compile(r"\s")


def _excerpt(text: str) -> str:
    """`clip(text, EXCERPT_CHARS)`, made for every collected paragraph: when the first characters
    that could be quoted hold no space, nothing is collapsed or stripped there, so the quote is
    cut from the text as it is."""
    if _SPACE.search(text, 0, EXCERPT_CHARS + 1) is None:
        return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1] + "…"
    return clip(text, EXCERPT_CHARS)


def collect_paragraphs(report: Report, options: CorpusOptions) -> ReportParagraphs:
    """The report's comparable paragraphs for these options (one object shared by PL607 and PL608)."""
    ref_args = per_options(options, "reference_args", options.reference_args)  # once per run, not per report
    presign.use(options.settings)  # the parent of a parallel run signs their texts meanwhile

    def compute() -> ReportParagraphs:
        return report_paragraphs(report, options.min_chars, reference(*ref_args), options.mask_figures,
                                 _excerpt)

    return shared_paragraphs(report, (options.min_chars, ref_args), compute)


def corpus_analysis(reports: list[tuple[Path, ReportParagraphs]],
                    options: CorpusOptions) -> list[list[Outcome]]:
    """Each report's paragraphs' outcomes for these options (shared by PL607 and PL608 within a
    run)."""
    request = AnalysisRequest(options.settings(), options.reference_args(), float(options.containment),
                              float(options.coverage), options.same_unit)

    def compute() -> list[list[Outcome]]:
        # a run on a Dask cluster (--scheduler) connected through perflint.distributed.cluster: the
        # stages run there too; a run that never imported it has no cluster (and pays no import)
        cluster = sys.modules.get("perflint.distributed.cluster")
        client = cluster.active_client() if cluster is not None else None
        if client is not None:
            from perflint.distributed.corpus import analyze_on

            return analyze_on(client, reports, request)
        return analyze(reports, request)

    return cached_analysis(reports, (request, options.min_chars), compute)


class SharedParagraph(CorpusRule):
    """A paragraph recurs, verbatim or nearly, in other units' reports."""

    code = "PL607"
    name = "shared-paragraph"
    severity = "warning"
    groups = ("text", "corpus")
    Options = CorpusOptions
    messages = {
        "zh": "本段与其他{count}份报告中的段落相同或几乎相同（{names}）：{excerpt}",
        "en": "this paragraph is (nearly) the same in {count} other reports ({names}): {excerpt}",
    }

    def collect(self, report: Report, ctx: CheckContext) -> ReportParagraphs:
        return collect_paragraphs(report, ctx.options)

    def check_corpus(self, reports: list[tuple[Path, ReportParagraphs]], ctx: CheckContext) -> Iterator[
            tuple[Path, Finding]]:
        options: CorpusOptions = ctx.options
        release_texts()  # every report is collected
        own = len(reports)  # the run's reports; a reference corpus's follow them, never reported on
        reports = with_reference(reports, self.code, options)
        if not own or len(reports) < 2:
            return
        outcomes = corpus_analysis(reports, options)
        min_units = options.min_units
        named: dict[tuple[tuple[int, ...], int], str] = {}
        for (path, collected), mine in zip(reports[:own], outcomes[:own], strict=True):
            for paragraph, (count, listed, kind) in zip(collected.paragraphs, mine, strict=True):
                if kind == "prescribed" or count + 1 < min_units:
                    continue
                names = named.get((listed, count))
                if names is None:
                    names = named[listed, count] = _names(reports, listed, count, ctx.lang)
                yield path, ctx.finding(paragraph.span, count=count, names=names, excerpt=paragraph.excerpt)


def _names(reports, listed: tuple[int, ...], count: int, lang: str, shown: int = 3) -> str:
    """The first `shown` listed reports and how many more (made once per listing and count: a
    template's findings name the same few reports thousands of times)."""
    names = "、".join([str(reports[i][0]) for i in listed[:shown]])
    if count > shown:
        names += f" 等{count}份" if lang == "zh" else f" and {count - shown} more"
    return names

"""PL608 boilerplate-share: how much of a report's text is shared with other units or templates.

What it checks
    For each report of a corpus run, the share of its paragraph text (paragraphs of at least
    `min_chars` normalized characters, weighted by length) that PL607 finds in other units'
    reports or PL609 finds in the reference corpus of template paragraphs. Paragraphs matching a
    prescribed entry (the required opening) count as neither. Reported once per report, as
    information, when the share reaches `share_floor`; set `share_floor: 0` to get the figure for
    every report (e.g. to rank a folder of submissions).

Why it matters
    One shared paragraph may be a harmless formula; a report whose text is half shared with other
    units' reports was not written for this unit. The share lets a reviewer decide which reports to
    read first.

Options
    share_floor   report when at least this share of the text is boilerplate (default 0.3)
    templates     count paragraphs matching the reference corpus (default true)
    (and PL607's options, which decide what is shared; give PL608 the same `extra_corpus` as PL607
    so both rules share one analysis)

Example
    report.txt  PL608 本报告正文约46%与其他单位报告或模板段落雷同（12段）
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from pydantic import Field

from perflint.corpusstore.active import with_reference
from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, CorpusRule
from perflint.rules.text.common import CorpusOptions, percent
from perflint.rules.text.shared_paragraph import collect_paragraphs, corpus_analysis
from perflint.textmatch.corpus import ReportParagraphs, clear_cache, release_texts


class BoilerplateShareOptions(CorpusOptions):
    share_floor: Decimal = Field(Decimal("0.3"), ge=0, le=1)
    templates: bool = True


class BoilerplateShare(CorpusRule):
    """A large share of the report's text is shared with other units' reports or templates."""

    code = "PL608"
    name = "boilerplate-share"
    severity = "info"
    groups = ("text", "corpus")
    Options = BoilerplateShareOptions
    messages = {
        "zh": "本报告正文约{share}与其他单位报告或模板段落雷同（{count}段，共{total}段）",
        "en": "about {share} of this report's text is shared with other units' reports or template "
              "paragraphs ({count} of {total} paragraphs)",
    }

    def collect(self, report: Report, ctx: CheckContext) -> ReportParagraphs:
        return collect_paragraphs(report, ctx.options)

    def check_corpus(self, reports: list[tuple[Path, ReportParagraphs]], ctx: CheckContext) -> Iterator[
            tuple[Path, Finding]]:
        options: BoilerplateShareOptions = ctx.options
        release_texts()  # every report is collected
        if not reports:
            return
        own = len(reports)  # the run's reports; a reference corpus's follow them, never reported on
        reports = with_reference(reports, self.code, options)
        outcomes = corpus_analysis(reports, options)
        try:
            yield from self._shares(reports[:own], outcomes[:own], options, ctx)
        finally:
            clear_cache()  # PL608 runs after PL607 (codes in order): the shared analysis is done

    def _shares(self, reports, outcomes, options, ctx) -> Iterator[tuple[Path, Finding]]:
        templates, min_units = options.templates, options.min_units  # read once, not per paragraph
        for (path, collected), mine in zip(reports, outcomes, strict=True):
            total_chars = shared_chars = shared = 0
            for paragraph, (count, _, kind) in zip(collected.paragraphs, mine, strict=True):
                length = len(paragraph.norm)
                total_chars += length
                if kind == "prescribed":
                    continue
                if (templates and kind == "template") or count + 1 >= min_units:
                    shared_chars += length
                    shared += 1
            if not total_chars or not shared or Decimal(shared_chars) < options.share_floor * total_chars:
                continue
            yield path, ctx.finding(collected.title_span, share=percent(shared_chars, total_chars),
                                    count=shared, total=len(mine))

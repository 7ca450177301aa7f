"""PL606 repeated-sentence: the same sentence appears twice in one report.

What it checks
    Every sentence (and "；" clause) of the report's narrative, compared after removing list
    numbering and linking words at its start (一是, 二是, 同时, 此外 …), spaces, punctuation and
    digits. A sentence of at least `min_chars` such characters that already appeared earlier is
    reported at its second (third …) place, pointing back at the first. Sentences that state a
    figure or a date are skipped by default: restating "供应土地32宗" under two indicators is
    normal, repeating a claim without evidence is padding.

Why it matters
    A sentence pasted into two sections (the disclosure promise in both 预算绩效管理开展情况 and
    结果应用和公开情况, seed 001) adds length, not information, and often shows that a section was
    filled from a template rather than written.

Options
    min_chars     shortest sentence compared, in normalized characters (default 20)
    skip_figures  skip sentences that state a figure or a date (default true)

Example
    …二是将评价结果按照政府信息公开的方式进行公开，加强社会公众对财政资金使用效益的监督。
    …同时将评价结果按照政府信息公开的方式进行公开，加强社会公众对财政资金使用效益的监督。
                                                                  (PL606 on the second)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.text.common import TextOptions, clip
from perflint.textmatch.normalize import normalize_many
from perflint.textmatch.pieces import Block, Piece, text_view

#: Numbering and linking words at the start of a normalized sentence (digits are already 0).
_LEAD = re.compile(
    r"(?m)^(?:[0一二三四五六七八九十]+是?|第[一二三四五六七八九十]+|同时|此外|另外|并且|而且|首先|其次|再次|最后"
    r"|总之|并|但|且)+")


_NOISE = re.compile(r"[^\w]+")
_TAIL = 6


class RepeatedSentenceOptions(TextOptions):
    min_chars: int = Field(20, ge=4)
    skip_figures: bool = True


class RepeatedSentence(ReportRule):
    """The same sentence appears twice in one report."""

    code = "PL606"
    name = "repeated-sentence"
    severity = "warning"
    groups = ("text",)
    Options = RepeatedSentenceOptions
    messages = {
        "zh": "本句与第{first_line}行的句子重复：{sentence}",
        "en": "this sentence repeats the one on line {first_line}: {sentence}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options: RepeatedSentenceOptions = ctx.options
        view = text_view(report)
        # A repeated sentence ends the same way: bucket sentences by their last characters and
        # normalize only the buckets that hold more than one (almost none in most reports).
        by_tail: dict[str, list[tuple[Block, Piece]]] = {}
        for block in view.blocks:
            for piece in view.sentences(block):
                if len(piece.text) >= options.min_chars:
                    by_tail.setdefault(_NOISE.sub("", piece.text[-16:])[-_TAIL:], []).append((block, piece))
        candidates = [pair for group in by_tail.values() if len(group) > 1 for pair in group]
        if options.skip_figures:
            candidates = [(b, p) for b, p in candidates
                          if not view.evidence(b).kinds(p.start, p.end) & {"figure", "date"}]
        if len(candidates) < 2:
            return
        order = {id(block): i for i, block in enumerate(view.blocks)}
        candidates.sort(key=lambda pair: (order[id(pair[0])], pair[1].start))
        parts = [piece for _, piece in candidates]
        keys = _LEAD.sub("", "\n".join(normalize_many([p.text for p in parts]))).split("\n")
        first: dict[str, int] = {}
        for index, key in enumerate(keys):
            if len(key) < options.min_chars:
                continue
            earlier = first.setdefault(key, index)
            if earlier == index:
                continue
            original = parts[earlier]
            original_span = original.span()
            yield ctx.finding(parts[index].span(), sentence=clip(parts[index].text, 80),
                              first_line=original_span.line if original_span else "?",
                              related=[(original_span, "首次出现" if ctx.lang == "zh" else "first")])



"""PL606 repeated-sentence: the same sentence appears twice in one report.

What it checks
    Every sentence (and "；" clause) of the report's narrative, compared after removing list
    numbering and linking words at its start (一是, 二是, 同时, 此外 …), spaces, punctuation and
    digits. A sentence of at least `min_chars` such characters that already appeared earlier is
    reported at its second (third …) place, pointing back at the first. Sentences that state a
    figure or a date are skipped by default: restating "供应土地32宗" under two indicators is
    normal, repeating a claim without evidence is padding. A title-like line (no punctuation at
    all) is not a sentence: a saved web page shows its title twice.

    Also a clause written two or more times back to back on one line
    (`及时拨付资金，保障项目实施；及时拨付资金，保障项目实施；…`), identical once spaces and
    punctuation are removed and at least `min_run_chars` CJK characters long: copy-paste residue,
    reported once per run, quoting the run. Such clauses are usually shorter than `min_chars`, so
    the sentence comparison above does not see them; list items that merely share a prefix
    (`一是…；二是…`) differ and are not runs.

Why it matters
    A sentence pasted into two sections (the disclosure promise in both 预算绩效管理开展情况 and
    结果应用和公开情况) adds length, not information, and often shows that a section was
    filled from a template rather than written.

Options
    min_chars     shortest sentence compared, in normalized characters (default 20)
    skip_figures  skip sentences that state a figure or a date (default true)
    min_run_chars shortest clause repeated back to back that is reported, in CJK characters
                  (default 6)

Example
    …二是将评价结果按照政府信息公开的方式进行公开，加强社会公众对财政资金使用效益的监督。
    …同时将评价结果按照政府信息公开的方式进行公开，加强社会公众对财政资金使用效益的监督。
                                                                  (PL606 on the second)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

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
_CJK = re.compile(r"[\u4e00-\u9fff]")

#: A title-like line: no sentence or clause punctuation at all. A web page shows its title twice
#: (the page's header and the document's own title); that is layout, not a pasted sentence.
_TITLE_LIKE = re.compile(r"[^。！？!?；;，,、：:]+")

class RepeatedSentenceOptions(TextOptions):
    min_chars: int = Field(20, ge=4)
    skip_figures: bool = True
    min_run_chars: int = Field(6, ge=2)


class RepeatedSentence(ReportRule):
    """The same sentence appears twice in one report."""

    code = "PL606"
    name = "repeated-sentence"
    severity = "warning"
    groups = ("text",)
    Options = RepeatedSentenceOptions
    messages = {
        "default": {"zh": "本句与第{first_line}行的句子重复：{sentence}",
                    "en": "this sentence repeats the one on line {first_line}: {sentence}"},
        "run": {"zh": "同一分句连续重复{count}次（疑为复制粘贴残留）：{sentence}",
                "en": "the same clause is written {count} times in a row (copy-paste residue?): "
                      "{sentence}"},
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options: RepeatedSentenceOptions = ctx.options
        view = text_view(report)
        in_runs: set[tuple[int, int]] = set()
        # A repeated sentence ends the same way: sentences are bucketed by their last characters,
        # in the same pass over the blocks as the runs, and looked at closer (runs, titles, then
        # normalizing) only in the buckets that hold more than one (almost none in most reports).
        by_tail: dict[str, list[tuple[Block, Piece]]] = {}
        min_chars = options.min_chars
        for block in view.blocks:
            pieces = view.sentences(block)
            for start, end, count in _runs(pieces, options.min_run_chars):
                in_runs.update((id(block), piece.start) for piece in pieces if start < piece.start < end)
                text = block.text.text[start:end]
                yield ctx.finding(Piece(text, start, end, block).span(), message_key="run",
                                  count=count, sentence=clip(text, 80))
            for piece in pieces:
                if len(piece.text) >= min_chars:
                    by_tail.setdefault(_tail(piece.text), []).append((block, piece))
        candidates = []
        for group in by_tail.values():
            if len(group) < 2:
                continue
            kept = [(b, p) for b, p in group
                    if (id(b), p.start) not in in_runs and not _TITLE_LIKE.fullmatch(p.text)]
            if len(kept) > 1:
                candidates += kept
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


def _runs(pieces: list[Piece], min_chars: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, count) of every run of two or more consecutive clauses on one line that are
    identical once spaces and punctuation are removed, each of at least `min_chars` CJK
    characters. The first clause may close a longer sentence (`资金管理：按时拨付…；按时拨付…`):
    the run then starts after the punctuation that sets it off.

    Cleaning a clause (`_NOISE`) costs a regular-expression pass over it; a clause is cleaned
    only when its last kept character (`_last_kept`) does not already rule the comparison out,
    and a block where no two clauses in a row end alike is not looked at further."""
    lasts = [_last_kept(piece.text) for piece in pieces]
    if None not in lasts and not any(last and last == following for last, following in pairwise(lasts)):
        return
    start = end = count = 0
    key = ""
    previous: Piece | None = None
    previous_key: str | None = None  # the previous clause cleaned, when it was
    previous_last: str | None = None
    for piece, last in zip(pieces, lasts, strict=True):
        joined = previous is not None and "\n" not in piece.block.text.text[previous.end:piece.start]
        current: str | None = None
        if (count and joined and (last is None or last == key[-1])
                and (current := _NOISE.sub("", piece.text)) == key):
            end, count = piece.end, count + 1
        else:
            if count > 1:
                yield start, end, count
            count = 0
            # the previous clause must end with this one: the same last character (cheapest),
            # then the whole clause, before CJK characters are counted
            if (joined and last != "" and previous_last != ""
                    and (last is None or previous_last is None or last == previous_last)):
                if current is None:
                    current = _NOISE.sub("", piece.text)
                if len(current) >= min_chars:
                    if previous_key is None:
                        previous_key = _NOISE.sub("", previous.text)
                    if previous_key.endswith(current) and len(_CJK.findall(current)) >= min_chars:
                        offset = _tail_start(previous, previous_key, current)
                        if offset is not None:
                            start, end, count, key = offset, piece.end, 2, current
        previous, previous_key, previous_last = piece, current, last
    if count > 1:
        yield start, end, count


#: Characters that often end a clause (a percentage too), none of which cleaning keeps (`_NOISE`
#: removes them).
_TRAILING = "。！？!?；;，,、：:”’」』）)》】]%％…— \t\u3000\xa0"


def _last_kept(text: str) -> str | None:
    """The last character of `text` that cleaning keeps; "" when it keeps none, None when only
    cleaning can tell (an unusual character ends the text)."""
    kept = text.rstrip(_TRAILING)
    if not kept:
        return ""
    last = kept[-1]
    return last if last.isalnum() or last == "_" else None


def _tail(text: str) -> str:
    """The bucket of a sentence: the last `_TAIL` characters its last 16 keep once cleaned, read
    off directly when they end the text but for `_TRAILING` punctuation (the usual sentence)."""
    window = text[-16:]
    last = window.rstrip(_TRAILING)[-_TAIL:]
    if len(last) == _TAIL and last.isalnum():
        return last
    return _NOISE.sub("", window)[-_TAIL:]


_CLAUSE_START = re.compile(r"[：:，,、]\s*")


def _tail_start(piece: Piece, cleaned: str, key: str) -> int | None:
    """Where in its block `piece` ends with the clause `key` (whole, or after a colon or comma),
    or None; `cleaned`, the piece once spaces and punctuation are removed, ends with `key`."""
    if cleaned == key:
        return piece.start
    for match in _CLAUSE_START.finditer(piece.text):
        if _NOISE.sub("", piece.text[match.end():]) == key:
            return piece.start + match.end()
    return None

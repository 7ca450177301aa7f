"""A report's paragraphs as PL607, PL608 and PL609 read them, worked out once per report.

PL609 (a report rule) asks which paragraphs contain an anchor of the reference corpus and how they
normalize; right after the report rules, PL607 and PL608 (corpus rules) collect every paragraph,
normalized, with the same anchor test. Each answer is computed once per report and shared: one
anchor scan and one normalization pass per report instead of one per rule. What a collected
paragraph keeps (`report_paragraphs`) is built straight from offsets: its place is a tuple of span
values, never a `Span` object that nobody reads (a finding is made for about a third of them).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from perflint.analysis.spans import locate
from perflint.model import Report, Text
from perflint.textmatch.corpus import (
    CorpusParagraph,
    Place,
    Reference,
    ReportParagraphs,
    place_of,
    shared_texts,
    unit_name,
)
from perflint.textmatch.normalize import normalize_many
from perflint.textmatch.pieces import Piece, text_view
from perflint.textmatch.textkey import text_key


class ParagraphPass:
    """One report's paragraphs (every block's, in reading order), their normalized texts (per
    `mask_figures`) and which of them contain a reference anchor (per reference corpus), each
    computed when first asked for."""

    __slots__ = ("_anchored", "_norms", "name", "pieces", "report")

    def __init__(self, report: Report) -> None:
        view = text_view(report)
        self.report = report
        self.name = unit_name(report)
        self.pieces: list[Piece] = [p for block in view.blocks for p in view.paragraphs(block)]
        self._norms: dict[bool, list[str]] = {}
        self._anchored: dict[int, tuple[Reference, list[int]]] = {}

    def norms(self, mask_figures: bool) -> list[str]:
        """Every paragraph normalized, in one `normalize_many` batch (one item per paragraph, each
        what it would be alone, so a rule reading some paragraphs takes theirs from here)."""
        found = self._norms.get(mask_figures)
        if found is None:
            found = self._norms[mask_figures] = normalize_many(
                [p.text for p in self.pieces], self_name=self.name, mask_figures=mask_figures)
        return found

    def anchored(self, ref: Reference) -> list[int]:
        """The positions (in `pieces`) of the paragraphs that contain an anchor of `ref`."""
        known = self._anchored.get(id(ref))
        if known is not None and known[0] is ref:
            return known[1]
        view = text_view(self.report)
        found: list[int] = []
        first = 0
        for block in view.blocks:
            pieces = view.paragraphs(block)
            found += [first + number for number in ref.candidates(block.text.text, pieces)]
            first += len(pieces)
        self._anchored[id(ref)] = (ref, found)
        return found


_LAST: list[ParagraphPass] = []  # the last report's pass: PL609 makes it, PL607 and PL608 read it


def paragraph_pass(report: Report) -> ParagraphPass:
    """The shared pass over `report`'s paragraphs (kept for the last report only: the rules that
    read it run one report at a time, and it holds its report)."""
    if _LAST and _LAST[0].report is report:
        return _LAST[0]
    _LAST[:] = [ParagraphPass(report)]
    return _LAST[0]


def place_at(text: Text, start: int, end: int) -> Place | None:
    """`place_of(locate(text, start, end))`: where `text.text[start:end]` lies, as span values.
    When the text's quote is the text itself (raw .txt, office documents) they are computed as
    `Span.slice` computes them, without building the Span."""
    span = text.span
    if span is None:
        return None
    quote = span.quote
    if quote != text.text:
        return place_of(locate(text, start, end))
    return (*span.slice_values(start, end), span.location)


_SPAN_VALUES = itemgetter("quote", "line", "column", "offset", "location")


class _Places:
    """`place_at` for the paragraphs of one block's text: its span's values are read (in one
    call, from the span's fields) and its quote compared with its text once per block, not once
    per paragraph (a report has about 11 blocks of one or two paragraphs each). A paragraph with
    a line break of its own (none in a text's paragraphs, which are its lines) is placed by
    `place_at`."""

    __slots__ = ("_column", "_exact", "_line", "_location", "_offset", "_quote", "text")

    def __init__(self, text: Text) -> None:
        self.text = text
        span = text.span
        if span is None:
            self._exact = False
            return
        self._quote, self._line, self._column, self._offset, self._location = _SPAN_VALUES(span.__dict__)
        self._exact = self._quote == text.text

    def at(self, start: int, end: int, piece: str) -> Place | None:
        """Where `piece`, the text's `[start:end]`, lies (as `Span.slice_values` computes it)."""
        if not self._exact or "\n" in piece:
            return place_at(self.text, start, end)
        quote = self._quote
        line = self._line + quote.count("\n", 0, start)
        newline = quote.rfind("\n", 0, start)
        column = self._column + start if newline < 0 else start - newline
        offset = self._offset
        return (line, column, line, column + end - start, piece,
                None if offset is None else offset + start, None if offset is None else offset + end,
                self._location)


def report_paragraphs(report: Report, min_chars: int, ref: Reference | None = None,
                      mask_figures: bool = False,
                      excerpt: Callable[[str], str] = str.strip) -> ReportParagraphs:
    """The paragraphs of one report that the corpus analysis compares: those whose normalized text
    has at least `min_chars` characters (same options, same result: PL607 and PL608 share one per
    report, see perflint.textmatch.corpus.shared_paragraphs); `excerpt` makes the quote a finding
    shows."""
    found = paragraph_pass(report)
    anchored = set(found.anchored(ref)) if ref is not None and len(ref.entries) > 0 else ()
    texts = shared_texts()
    pieces = found.pieces
    kept = []
    places: _Places | None = None
    for number, norm in enumerate(found.norms(mask_figures)):
        if len(norm) < min_chars:
            continue
        piece = pieces[number]
        if places is None or places.text is not piece.block.text:
            places = _Places(piece.block.text)
        key = text_key(norm)
        kept.append(CorpusParagraph(key, norm if texts is None else texts.setdefault(key, norm),
                                    number in anchored, places.at(piece.start, piece.end, piece.text),
                                    excerpt(piece.text)))
    return ReportParagraphs(found.name, place_of(report.title.span) if report.title is not None else None,
                            tuple(kept))

"""`ReportParagraphs` as compact JSON values, for the warm cache (perflint.cache).

A warm run restores what PL607/PL608 collected from a file instead of validating its whole report
again (a pydantic model of hundreds of objects) and collecting anew. The form is plain JSON, never
pickle, so that a cache entry cannot run code; a paragraph is an array, and so is a span, because
a report has dozens of paragraphs and field names would be most of the entry.

    {"unit": str | null, "title": SPAN | null,
     "paragraphs": [[key, norm, anchored, SPAN | null, excerpt], ...]}
    SPAN = [line, column, end_line, end_column, quote, offset | null, end_offset | null, location | null]

`from_json` checks every type and raises ValueError on anything else: the cache turns that into a
miss (the file is linted again), as it does for any entry it cannot use.
"""

from __future__ import annotations

from typing import Any

from perflint.textmatch.corpus import SPAN_FIELDS, CorpusParagraph, Place, ReportParagraphs, shared_texts


def to_json(value: ReportParagraphs) -> dict[str, Any]:
    """The JSON value of `value` (lists, strings, numbers, booleans and null only)."""
    return {"unit": value.unit_name, "title": _place_out(value.title),
            "paragraphs": [[p.key, p.norm, p.anchored, _place_out(p.place), p.excerpt]
                           for p in value.paragraphs]}


def from_json(data: Any) -> ReportParagraphs:
    """The `ReportParagraphs` that `to_json` made `data` from (its normalized texts shared with
    those the run holds, as a worker's are: perflint.textmatch.corpus.shared_texts); ValueError
    when `data` is not such a value."""
    if not isinstance(data, dict) or data.keys() != {"unit", "title", "paragraphs"}:
        raise ValueError("not a stored ReportParagraphs")
    unit, paragraphs = data["unit"], data["paragraphs"]
    if not (unit is None or isinstance(unit, str)) or not isinstance(paragraphs, list):
        raise ValueError("not a stored ReportParagraphs")
    texts = shared_texts()
    return ReportParagraphs(unit, _place_in(data["title"]),
                            tuple(_paragraph(item, texts) for item in paragraphs))


def _paragraph(item: Any, texts: dict[int, str] | None) -> CorpusParagraph:
    if not isinstance(item, list) or len(item) != 5:
        raise ValueError("not a stored paragraph")
    key, norm, anchored, place, excerpt = item
    if (type(key) is not int or not isinstance(norm, str) or type(anchored) is not bool
            or not isinstance(excerpt, str)):
        raise ValueError("not a stored paragraph")
    if texts is not None:
        norm = texts.setdefault(key, norm)
    return CorpusParagraph(key, norm, anchored, _place_in(place), excerpt)


def _place_out(place: Place | None) -> list | None:
    return None if place is None else list(place)


def _place_in(data: Any) -> Place | None:
    """The span's values a stored array lists, their types checked as Span's validation would."""
    if data is None:
        return None
    if not isinstance(data, list) or len(data) != len(SPAN_FIELDS):
        raise ValueError("not a stored span")
    line, column, end_line, end_column, quote, offset, end_offset, location = data
    # one expression, no generator: a warm run checks ≈ 18 spans per report
    if not (type(line) is int and type(column) is int and type(end_line) is int and type(end_column) is int
            and (offset is None or type(offset) is int) and (end_offset is None or type(end_offset) is int)
            and isinstance(quote, str) and (location is None or isinstance(location, str))):
        raise ValueError("not a stored span")
    return tuple(data)

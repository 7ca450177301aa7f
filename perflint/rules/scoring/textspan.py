"""Narrative text helpers: sentences, phrase search, and spans of a phrase inside a located text.

Rules that read Section bodies and deviation reasons must quote the sentence or phrase that
matters, not a whole section. A located text's span quotes the source as written (a YAML block
scalar keeps its indentation, a quoted scalar its quotes), so a phrase is located by finding the
same occurrence of it in the quote; when that fails (the phrase spans lines of an indented
block, or contains escapes) the whole text's span is used instead: a wider quote, never a wrong one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from perflint.model import Report, Section, Span, Text

#: Sentence ends in Chinese report prose (a line break ends a sentence too: headings, list items).
_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
#: Characters ignored when comparing names: spaces, quotes, brackets around names.
_NAME_NOISE = re.compile(r"[\s“”\"'‘’「」『』《》〈〉]")


@functools.lru_cache(maxsize=8192)
def normalize_name(text: str) -> str:
    """A name as compared: without spaces and quotation marks (“耕地面积” = 耕地面积)."""
    return _NAME_NOISE.sub("", text)


def contains_any(text: str, phrases: tuple[str, ...]) -> bool:
    """`any(phrase in text for phrase in phrases)`, in one regular-expression search."""
    pattern = _alternation(phrases)
    return pattern is not None and pattern.search(text) is not None


@functools.lru_cache(maxsize=256)
def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    return re.compile("|".join(re.escape(p) for p in phrases))


def strip_name_noise(text: str) -> str:
    """`normalize_name` without its cache, for long texts seen once (whole section bodies)."""
    return _NAME_NOISE.sub("", text)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a located text: its characters [start, end) in `source.text`."""

    source: Text
    start: int
    end: int
    #: `source.text[start:end]`, sliced once: rules read it many times per sentence
    text: str = field(compare=False, repr=False)

    def span(self) -> Span | None:
        return sub_span(self.source, self.start, self.end)

    def span_of(self, phrase: str) -> Span | None:
        """The span of the first occurrence of `phrase` in this sentence (else the sentence's)."""
        index = self.text.find(phrase)
        if index < 0:
            return self.span()
        return sub_span(self.source, self.start + index, self.start + index + len(phrase))


def sentences(text: Text | None) -> Iterator[Sentence]:
    """The non-blank sentences of a located text, in order."""
    if text is None or not text.text:
        return iter(())
    entry = _SENTENCES.get(id(text))
    if entry is None or entry[0] is not text or entry[1] != text.text:
        if len(_SENTENCES) >= _SENTENCES_KEPT:
            _SENTENCES.clear()
        entry = (text, text.text, tuple(_split(text)))
        _SENTENCES[id(text)] = entry
    return iter(entry[2])


#: Sentences of the texts seen last, by id of the Text (the entry holds the Text, so its id
#: cannot be reused while cached): a dozen rules split the same bodies of the same report.
_SENTENCES: dict[int, tuple[Text, str, tuple[Sentence, ...]]] = {}
_SENTENCES_KEPT = 4096


def _split(text: Text) -> Iterator[Sentence]:
    source = text.text
    start = 0
    for match in _SENTENCE_END.finditer(source):
        # a sentence keeps its closing punctuation; a line break is not part of it
        end = match.start() if match.group() == "\n" else match.end()
        sentence = _trimmed(text, start, end)
        if sentence is not None:
            yield sentence
        start = match.end()
    sentence = _trimmed(text, start, len(source))
    if sentence is not None:
        yield sentence


def _trimmed(text: Text, start: int, end: int) -> Sentence | None:
    """The sentence `text.text[start:end]` without surrounding whitespace; None when blank."""
    segment = text.text[start:end]
    stripped = segment.strip()
    if not stripped:
        return None
    start += len(segment) - len(segment.lstrip())
    return Sentence(text, start, start + len(stripped), stripped)


def sub_span(text: Text, start: int, end: int) -> Span | None:
    """The span of `text.text[start:end]` in the source, or the whole text's span as a fallback."""
    span = text.span
    if span is None or start >= end:
        return span
    needle = text.text[start:end]
    if span.quote == text.text:
        index = start
    else:
        occurrence = text.text.count(needle, 0, start) if needle else 0
        index = _nth_find(span.quote, needle, occurrence)
        if index < 0:
            return span
    return _span_at(span, index, index + len(needle))


def _nth_find(haystack: str, needle: str, occurrence: int) -> int:
    index = -1
    for _ in range(occurrence + 1):
        index = haystack.find(needle, index + 1)
        if index < 0:
            return -1
    return index


def _position(span: Span, index: int) -> tuple[int, int]:
    before = span.quote[:index]
    newlines = before.count("\n")
    if newlines == 0:
        return span.line, span.column + len(before)
    return span.line + newlines, len(before) - before.rfind("\n")


def _span_at(span: Span, start: int, end: int) -> Span:
    line, column = _position(span, start)
    end_line, end_column = _position(span, end)
    offset = span.offset + start if span.offset is not None else None
    end_offset = span.offset + end if span.offset is not None else None
    return Span(line=line, column=column, end_line=end_line, end_column=end_column,
                quote=span.quote[start:end], offset=offset, end_offset=end_offset,
                location=span.location)


def find_phrase(text: Text | None, phrases: Iterable[str]) -> tuple[str, Span | None] | None:
    """The first listed phrase that occurs in `text`, with its span."""
    if text is None:
        return None
    for phrase in phrases:
        if phrase and phrase in text.text:
            index = text.text.find(phrase)
            return phrase, sub_span(text, index, index + len(phrase))
    return None


def section_texts(report: Report) -> Iterator[tuple[Section, Text]]:
    """Every located narrative text: headings and bodies of the sections, in order."""
    for section in report.sections:
        yield section, section.heading
        if section.body is not None:
            yield section, section.body


def subtree(report: Report, index: int) -> list[Section]:
    """Section `index` and the deeper sections that follow it (its sub-sections)."""
    sections = report.sections
    head = sections[index]
    result = [head]
    for section in sections[index + 1:]:
        if section.level <= head.level:
            break
        result.append(section)
    return result


def narrative_sentences(report: Report) -> Iterator[tuple[Section, Sentence]]:
    """Every sentence of every section body (headings excluded), in order."""
    for section in report.sections:
        for sentence in sentences(section.body):
            yield section, sentence

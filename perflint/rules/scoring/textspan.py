"""Narrative text helpers: sentences, phrase search, and spans of a phrase inside a located text.

Rules that read Section bodies and deviation reasons must quote the sentence or phrase that
matters, not a whole section. A located text's span quotes the source as written (a YAML block
scalar keeps its indentation, a quoted scalar its quotes), so a phrase is located by finding the
same occurrence of it in the quote (perflint.analysis.spans); when that fails the whole text's span
is used instead: a wider quote, never a wrong one. A sentence is perflint.analysis.sentences'.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from perflint.analysis.sentences import sentence_bounds
from perflint.analysis.spans import locate
from perflint.model import Report, Section, Span, Text
from perflint.textmatch.phrases import matcher

#: Characters ignored when comparing names: spaces, quotes, brackets around names.
_NAME_NOISE = re.compile(r"[\s“”\"'‘’「」『』《》〈〉]")


@functools.lru_cache(maxsize=8192)
def normalize_name(text: str) -> str:
    """A name as compared: without spaces and quotation marks (“耕地面积” = 耕地面积)."""
    return _NAME_NOISE.sub("", text)


def contains_any(text: str, phrases: tuple[str, ...]) -> bool:
    """`any(phrase in text for phrase in phrases)`, with the one phrase matcher
    (perflint.textmatch.phrases)."""
    return matcher(phrases).contains_any(text)


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
    """The sentences of `text` by the one definition of a sentence (perflint.analysis.sentences)."""
    source = text.text
    for start, end in sentence_bounds(source):
        yield Sentence(text, start, end, source[start:end])


def sub_span(text: Text, start: int, end: int) -> Span | None:
    """The span of `text.text[start:end]` in the source, or the whole text's span as a fallback
    (perflint.analysis.spans.locate)."""
    if start >= end:
        return text.span
    return locate(text, start, end)


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

"""Phrase lists and the multi-pattern matcher that finds them.

The phrase lists ship as data (perflint/data/boilerplate/phrases.yaml) so a ruleset can extend or
replace them through rule options. Each list is compiled once into an Aho-Corasick automaton
(pyahocorasick) and cached by its content, so a report costs one linear scan per text however
long the list is, instead of one regular expression per phrase and sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
from ruamel.yaml import YAML

_DATA = "data/boilerplate"


@lru_cache(maxsize=8)
def load_data(name: str) -> Any:
    """A bundled YAML data file of perflint/data/boilerplate, parsed safely (cached), with libyaml's
    C parser when ruamel.yaml.clib is there: ten times faster than the pure one, which start-up
    feels."""
    source = resources.files("perflint").joinpath(f"{_DATA}/{name}").read_text(encoding="utf-8")
    return YAML(typ="safe").load(source)


def phrase_list(key: str) -> list[str]:
    """A bundled phrase list: the `phrases` of every group under `key` in phrases.yaml, in order."""
    groups = load_data("phrases.yaml")[key]
    seen: dict[str, None] = {}
    for group in groups:
        for phrase in group["phrases"]:
            seen.setdefault(str(phrase), None)
    return list(seen)


class PhraseMatcher:
    """Finds every occurrence of any of a fixed set of phrases in a text."""

    __slots__ = ("_automaton", "phrases")

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(dict.fromkeys(p for p in phrases if p))
        self._automaton: Any = None
        if self.phrases:
            automaton = ahocorasick.Automaton()
            for phrase in self.phrases:
                automaton.add_word(phrase, phrase)
            automaton.make_automaton()
            self._automaton = automaton

    def contains_any(self, text: str) -> bool:
        """Whether any phrase occurs in `text` (stops at the first one)."""
        if self._automaton is None or not text:
            return False
        return next(self._automaton.iter(text), None) is not None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of every match, by start then longest first."""
        if self._automaton is None or not text:
            return []
        found = [(end + 1 - len(phrase), end + 1, phrase) for end, phrase in self._automaton.iter(text)]
        found.sort(key=lambda m: (m[0], -m[1]))
        return found


@lru_cache(maxsize=64)
def matcher(phrases: tuple[str, ...]) -> PhraseMatcher:
    """The matcher for a phrase list, built once per distinct list."""
    return PhraseMatcher(phrases)

"""Phrase lists and the multi-pattern matcher that finds them.

The phrase lists ship as data (perflint/data/boilerplate/phrases.yaml) so a ruleset can extend or
replace them through rule options, or add whole files of the same format (PL602's
`extra_phrase_files`: a region's lists ship with its plugin). Each list is compiled once into an
Aho-Corasick automaton (pyahocorasick) and cached by its content, so a report costs one linear
scan per text however long the list is, instead of one regular expression per phrase and sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from perflint import composed_forms

_DATA = "data/boilerplate"


@lru_cache(maxsize=8)
def load_data(name: str) -> Any:
    """A bundled YAML data file of perflint/data/boilerplate, parsed safely, with libyaml's C
    parser when ruamel.yaml.clib is there: ten times faster than the pure one, which start-up
    feels. Cached: what it returns is shared, and no caller may change it."""
    path = resources.files("perflint").joinpath(f"{_DATA}/{name}")
    source = path.read_text(encoding="utf-8")
    return composed_forms.parsed(Path(str(path)), source, safe_load)  # its pre-parsed form, if current


def safe_load(text: str) -> Any:
    """YAML text parsed safely (ruamel.yaml, imported only for a file without a pre-parsed form)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)


@lru_cache(maxsize=8)
def bundled_lists(name: str) -> dict[str, tuple[str, ...]]:
    """The phrase lists of a bundled phrase file (`parse_phrases`), read once per run: a rule's
    options take several lists of one file as their defaults, and each default was a parse of
    the whole file. Tuples, so that no caller can change what the others get."""
    lists = parse_phrases(load_data(name), f"perflint/data/boilerplate/{name}")
    return {key: tuple(phrases) for key, phrases in lists.items()}


def phrase_list(key: str) -> list[str]:
    """A bundled phrase list: the `phrases` of every group under `key` in phrases.yaml, in order."""
    return list(bundled_lists("phrases.yaml").get(key, ()))


def read_yaml(path: str | Path) -> Any:
    """A data file a ruleset names, parsed safely; a missing or unparsable file is a ValueError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the file ({exc.__class__.__name__}: {exc})") from None
    from ruamel.yaml import YAMLError

    try:
        return safe_load(text)
    except YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None


def parse_phrases(data: Any, where: str) -> dict[str, list[str]]:
    """The lists of a phrase file's parsed YAML (phrases.yaml's format: list name → groups, each a
    mapping with `phrases` and, saying where they come from, `source`), each list in order
    without repeats. Anything else is a ValueError naming `where`."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{where}: a phrase file is a mapping of list names to groups")
    lists: dict[str, list[str]] = {}
    for key, groups in data.items():
        if not isinstance(groups, list):
            raise ValueError(f"{where}: {key} must be a list of groups (source, phrases)")
        seen: dict[str, None] = {}
        for number, group in enumerate(groups):
            here = f"{where}: {key}[{number}]"
            if not isinstance(group, dict) or set(group) - {"source", "phrases"}:
                raise ValueError(f"{here}: a group is a mapping with the keys source and phrases")
            phrases = group.get("phrases")
            if not isinstance(phrases, list) or not all(isinstance(p, str | int) and str(p).strip()
                                                        for p in phrases):
                raise ValueError(f"{here}: phrases must be a list of non-empty phrases")
            for phrase in phrases:
                seen.setdefault(str(phrase).strip(), None)
        lists[str(key)] = list(seen)
    return lists


@lru_cache(maxsize=32)
def phrase_file(path: str, digest: str = "") -> dict[str, list[str]]:
    """The lists of a phrase file a ruleset names, checked, read once per file content (`digest`
    is its SHA-256, as the options recorded it)."""
    return parse_phrases(read_yaml(path), str(path))


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

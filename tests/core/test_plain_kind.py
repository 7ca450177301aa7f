"""yaml_lines.plain_kind answers what ruamel.yaml's YAML 1.2 implicit resolvers answer for a plain
scalar, as far as perflint tells kinds apart (int, float and timestamp are text), without
ruamel.yaml: the YAML perflint writes is read without importing it."""

from __future__ import annotations

import itertools

from ruamel.yaml.resolver import VersionedResolver

from perflint.loaders.yaml_lines import _NOT_TEXT, plain_kind

_STANDARD_TAG = "tag:yaml.org,2002:"
#: Kinds that perflint reads as text.
_TEXT = {"str", "int", "float", "timestamp"}


def _resolved(value: str) -> str:
    """The kind ruamel's composer resolves a plain scalar to (its first matching resolver)."""
    for tag, regexp in VersionedResolver().versioned_resolver.get(value[:1], ()):
        if regexp.match(value):
            kind = tag[len(_STANDARD_TAG):]
            return "str" if kind in _TEXT else kind
    return "str"


def _candidates() -> set[str]:
    """The table's words, every casing of them, them with a character added or taken away, YAML
    1.1's words (`yes`, `off` …: text in 1.2), numbers, and every string of up to two characters
    over the resolvers' first characters and some others."""
    words = {*_NOT_TEXT, "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
             "y", "n", "Y", "N", ".nan", ".inf", "-.inf", "0x1F", "1_000", "2024-01-01", "12.5", "1e3"}
    found = set(words)
    for word in words:
        found |= {"".join(c) for c in itertools.product(*((ch.lower(), ch.upper()) for ch in word))}
        found |= {word + " ", " " + word, word + "x", "x" + word, word[1:], word[:-1], word * 2}
    firsts = {*VersionedResolver().versioned_resolver, "a", "1", "-", "中", " "}
    alphabet = "".join(sorted(first for first in firsts if first))
    found |= {"".join(p) for n in (1, 2) for p in itertools.product(alphabet, repeat=n)}
    return found


def test_the_kinds_are_ruamels():
    candidates = _candidates()
    assert len(candidates) > 1000
    differ = {value: (plain_kind(value), _resolved(value)) for value in candidates
              if plain_kind(value) != _resolved(value)}
    assert differ == {}


def test_every_resolver_that_is_no_text_is_in_the_table():
    """A resolver of another kind than text (a ruamel.yaml that added one) has words here."""
    kinds = {tag[len(_STANDARD_TAG):] for resolvers in VersionedResolver().versioned_resolver.values()
             for tag, _ in resolvers} - _TEXT
    assert kinds == set(_NOT_TEXT.values())

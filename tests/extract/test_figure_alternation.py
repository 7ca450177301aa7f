"""The figure expression's word lists, written as prefix trees, match as the flat alternations did.

`figures._alternation` turns a word list into a prefix tree (`万(?:人次|元)?`) because the regex
engine tries a flat alternation word by word. The tree must try the words a text starts with in
the same order (longest first), so every match, group and backtrack stays what the flat list gave.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.extract.figures import _COMPARATORS, _FIGURE, _MONEY, _SUFFIXES, _alternation, _unit_words

_LISTS = [_unit_words(), list(_COMPARATORS), list(_MONEY), list(_SUFFIXES)]


def _flat(words: list[str]) -> str:
    """The alternation as it was written before the tree: every word, longest first."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _flat_figure() -> re.Pattern[str]:
    """`_FIGURE` with each tree replaced by its flat alternation."""
    pattern = _FIGURE.pattern
    for words in _LISTS:
        assert _alternation(words) in pattern
        pattern = pattern.replace(_alternation(words), f"(?:{_flat(words)})")
    return re.compile(pattern)


_FLAT_FIGURE = _flat_figure()
#: Characters of the words (so prefixes, longer words and near misses meet) and of the numbers.
_CHARS = sorted({char for words in _LISTS for word in words for char in word}
                | set("0123456789.,， 年月日号度/"))
_TEXTS = st.text(alphabet=_CHARS, max_size=20)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_each_tree_backtracks_as_its_flat_alternation(text: str) -> None:
    """A continuation that needs a shorter word (`(.?)Z`) makes the tree backtrack word by word."""
    for words in _LISTS:
        for tail in ("", r"(.?)[万元次以0-9]", r"(.{0,2})$"):
            tree, flat = re.compile(f"({_alternation(words)}){tail}"), re.compile(f"({_flat(words)}){tail}")
            for position in range(len(text) + 1):
                left, right = tree.match(text, position), flat.match(text, position)
                assert (left and (left.span(), left.groups())) == (right and (right.span(), right.groups()))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_figure_expression_matches_as_with_flat_alternations(text: str) -> None:
    for position in range(len(text) + 1):
        left, right = _FIGURE.match(text, position), _FLAT_FIGURE.match(text, position)
        assert (left and (left.span(), left.groupdict())) == (right and (right.span(), right.groupdict()))


def test_tree_of_nested_words() -> None:
    """A word that is a prefix of others is optional after them: longest tried first."""
    assert _alternation(["万", "万元", "万人次", "元", "公里", "公顷"]) == "(?:万(?:人次|元)?|公[里顷]|元)"
    assert _alternation(["以上", "以下"]) == "以[上下]"

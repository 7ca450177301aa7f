"""Where a range of a located text lies in the source file: the one text → span slicer.

A model `Text` keeps its span, whose quote is the source *as written*: for raw .txt and office
input the quote is the text itself, for YAML it is the scalar as written (`"…"` with escapes,
`'…'` with doubled quotes, a `|` block with its indentation, a folded `>` or plain scalar spread
over lines). `locate` maps `text.text[start:end]` into that quote, then `Span.slice` gives its
line, column and offsets. Where the mapping cannot be proven exact it falls back to the whole
text's span: a wider quote, never a wrong one.

Extraction, the rules (PL5xx, PL6xx) and the declarative `phrase`/`pattern` kinds all slice
through here, so a finding about a phrase underlines the same characters whoever reports it.
"""

from __future__ import annotations

from functools import lru_cache

from perflint.model import Span, Text

_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", "r": "\r", "0": "\0", " ": " ",
            "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "v": "\v", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029", "\t": "\t"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _one_line_quoted(quote: str, mark: str, read) -> tuple[str, list[int]] | None:
    """Decode a one-line YAML scalar quoted with `mark`, with each character's position in the
    quote: `read(quote, i, end)` is the character at `i` as (decoded, characters used), or None
    when it cannot be decoded."""
    if len(quote) < 2 or quote[-1] != mark or "\n" in quote:
        return None
    chars: list[str] = []
    positions: list[int] = []
    i, end = 1, len(quote) - 1
    while i < end:
        found = read(quote, i, end)
        if found is None:
            return None
        chars.append(found[0])
        positions.append(i)
        i += found[1]
    positions.append(end)
    return "".join(chars), positions


def _double_quoted_char(quote: str, i: int, end: int) -> tuple[str, int] | None:
    """A character of a double-quoted scalar: itself, or a backslash escape (`\\n`, `\\x41` …)."""
    if quote[i] != "\\":
        return quote[i], 1
    code = quote[i + 1] if i + 1 < end else ""
    if code in _ESCAPES:
        return _ESCAPES[code], 2
    width = _HEX_ESCAPES.get(code)
    if width is None:
        return None
    try:
        return chr(int(quote[i + 2:i + 2 + width], 16)), 2 + width
    except ValueError:
        return None


def _single_quoted_char(quote: str, i: int, end: int) -> tuple[str, int]:
    """A character of a single-quoted scalar: itself, `''` standing for one quote."""
    return quote[i], 2 if quote[i] == "'" and i + 1 < end and quote[i + 1] == "'" else 1


def _literal_block(quote: str) -> tuple[str, list[int]] | None:
    """Decode a YAML literal block scalar (`|`, `|-`, `|+`): content lines minus their indentation."""
    header_end = quote.find("\n")
    header = quote[:header_end] if header_end >= 0 else quote
    if header_end < 0 or any(ch.isdigit() for ch in header.split("#", 1)[0]):
        return None
    lines = quote[header_end + 1:].split("\n")
    indent = next((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), 0)
    chars: list[str] = []
    positions: list[int] = []
    pos = header_end + 1
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        if line.strip():
            if len(line) - len(line.lstrip(" ")) < indent:
                break  # the next YAML node, not scalar content
            chars.append(line[indent:])
            positions.extend(range(pos + indent, pos + len(line)))
        if not last:
            chars.append("\n")
            positions.append(pos + len(line))
        pos += len(line) + 1
    positions.append(min(pos, len(quote)))
    return "".join(chars), positions


@lru_cache(maxsize=4096)
def _positions(quote: str, text: str) -> tuple[int, ...] | None:
    """Position in `quote` of each character of `text` (plus one past the end), when exact."""
    first = quote[:1]
    if first == '"':
        decoded = _one_line_quoted(quote, '"', _double_quoted_char)
    elif first == "'":
        decoded = _one_line_quoted(quote, "'", _single_quoted_char)
    elif first == "|":
        decoded = _literal_block(quote)
    else:
        decoded = None
    if decoded is None:
        return None
    chars, positions = decoded
    if not chars.startswith(text) or chars[len(text):].strip("\n"):
        return None
    return tuple(positions[:len(text) + 1])


#: Characters that YAML quoting or folding may write otherwise in the quote than in the text.
_UNSAFE = frozenset("\n\\\"'")


def _occurrence(quote: str, text: str, start: int, end: int) -> int:
    """Where `text[start:end]` lies in `quote` when quote and text hold that string equally often
    (a whitespace fold or an escape elsewhere changes nothing in between): the n-th occurrence in
    the text is then the n-th in the quote. -1 when that cannot be relied on."""
    needle = text[start:end]
    if not needle or not _UNSAFE.isdisjoint(needle):
        return -1
    in_text, in_quote = _occurrences(text, needle), _occurrences(quote, needle)
    if len(in_text) != len(in_quote):
        return -1
    return in_quote[in_text.index(start)]


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, index = [], haystack.find(needle)
    while index >= 0:
        found.append(index)
        index = haystack.find(needle, index + 1)
    return found


def locate(text: Text, start: int, end: int, *, fallback: bool = True) -> Span | None:
    """The span of `text.text[start:end]` in the source file.

    Exact when the text's quote is the text itself (raw .txt, office documents), a YAML scalar
    this module can decode (double/single quoted on one line, literal `|` block), or holds the
    range's string as often as the text does (folded and plain scalars: only whitespace differs);
    otherwise the text's own span (or None when `fallback` is false).
    """
    span = text.span
    if span is None:
        return None
    quote = span.quote
    if quote == text.text:
        return span.slice(start, end)
    positions = _positions(quote, text.text)
    if positions is not None:
        return span.slice(positions[start], positions[end])
    index = _occurrence(quote, text.text, start, end)
    if index >= 0:
        return span.slice(index, index + end - start)
    return span if fallback else None

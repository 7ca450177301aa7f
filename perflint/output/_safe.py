"""Names and text of any origin, made safe to print in every output format.

What a run prints comes from people perflint does not know: file names from a folder of
submissions, quotes from the reports, messages from plugins and from the cache. Three things in
them must never reach an output as they are:

* **bytes that are no UTF-8** in a file name (Python keeps them as lone surrogates,
  `surrogateescape`): written as they are they make stdout invalid UTF-8, and every encoder that
  checks (JSON files, XML, openpyxl) fails the whole run;
* **control and direction characters** (`ESC[31m`, `\\r`, BEL, the bidi overrides U+202E …): a
  terminal obeys them (recolours, rewrites the line, shows a name backwards), XML 1.0 cannot carry
  most of them and Excel refuses the workbook;
* **text of unbounded length**: a span covering a collection of a minified one-line JSON report
  quotes the rest of the line, once per finding and once per related figure.

Every format applies the same rules, so a name reads the same in the terminal, the JSON, the CI
annotation, the page and the workbook: such a character is shown as a visible escape (`\\xff` for
the byte 0xFF of a name, `\\x1b`, `\\r`, `\\u202e`), and a quote longer than `QUOTE_CHARS` is cut
in the middle with `…` (its line and column, and the finding's fingerprint, are those of the whole
span). A backslash itself is left as it is: a name that contains the text `\\xff` and a name with
the byte 0xFF look alike, which is the price of names that stay readable.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath

#: Characters shown as escapes wherever they occur: C0 controls but tab and line feed, DEL, C1
#: controls (0x9B is a one-byte CSI), the Unicode line and paragraph separators, the bidi
#: embeddings, overrides, isolates and marks (they reorder what follows: "Trojan source"),
#: U+FFFE/U+FFFF (not characters; XML refuses them) and lone surrogates (undecodable bytes).
_UNSAFE = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
           "\ufffe\uffff\ud800-\udfff")
UNSAFE = re.compile(f"[{_UNSAFE}]")
#: The same, tab and line feed included: for a name and anything printed on one line.
UNSAFE_IN_LINE = re.compile(f"[\t\n{_UNSAFE}]")

#: Characters a JSON encoder (`ensure_ascii=False`) leaves raw that are unsafe on a terminal:
#: it escapes C0 controls itself, not DEL, C1, the separators, the bidi controls, U+FFFE/FFFF.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

#: The most characters of a quote any format prints. Longer quotes keep their start (where the
#: figure begins) and their end, cut in the middle with `ELLIPSIS`; the span's line and column
#: stay exact. The project's own reports quote at most about 140 characters (a paragraph a
#: text rule flags), so they are printed whole.
QUOTE_CHARS = 200
#: Characters kept from the end of a cut quote (the rest of `QUOTE_CHARS` is its start).
QUOTE_TAIL = 40
ELLIPSIS = "…"


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte `surrogateescape` could not decode: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str, *, one_line: bool = False) -> str:
    """`text` with every unsafe character as a visible escape; `one_line` escapes tab and line
    feed too (a field a format prints on one line). Text without such characters is returned
    as it is (the common case costs one regex scan)."""
    pattern = UNSAFE_IN_LINE if one_line else UNSAFE
    return pattern.sub(_escaped, text) if pattern.search(text) else text


def optional(text: str | None, *, one_line: bool = False) -> str | None:
    """`escape` of a field that may be missing."""
    return None if text is None else escape(text, one_line=one_line)


def name(path: PurePath | str) -> str:
    """A file name as every format shows it: undecodable bytes as `\\xNN`, control and bidi
    characters, tabs and line breaks escaped."""
    return escape(str(path), one_line=True)


def path_bytes(path: PurePath | str) -> bytes:
    """The file name's bytes as the file system has them (undecodable bytes restored): what a
    URI percent-encodes."""
    return os.fsencode(str(path))


def clip(quote: str, limit: int = QUOTE_CHARS) -> str:
    """A quote of at most `limit` characters: a longer one keeps its start and its last
    `QUOTE_TAIL` characters, `…` between them."""
    if len(quote) <= limit:
        return quote
    tail = min(QUOTE_TAIL, limit // 4)
    return quote[:limit - tail - 1] + ELLIPSIS + quote[len(quote) - tail:]


def quote(text: str | None, *, one_line: bool = False) -> str | None:
    """A quote as a format prints it: clipped (`clip`), then escaped (`escape`)."""
    return None if text is None else escape(clip(text), one_line=one_line)


def json_document(text: str) -> str:
    """A JSON document (`json.dumps(..., ensure_ascii=False)`) made safe to print: lone
    surrogates (an undecodable byte) as the visible `\\xNN` the other formats show, DEL, C1,
    bidi and separator characters as JSON `\\uXXXX` escapes (the parsed strings are unchanged).
    Outside strings a JSON document is ASCII, so the substitution never touches its syntax."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(lambda m: _escaped(m).replace("\\", "\\\\"), text)
    if _JSON_UNSAFE.search(text):
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def html(text: object) -> str:
    """Text of any origin as HTML character data or an attribute value: escaped (`escape`),
    then HTML-escaped (`<`, `&`, quotes)."""
    from html import escape as html_escape  # here: its entity table is no text output's cost

    return html_escape(escape(str(text)), quote=True)

"""Extraction: turn a Document (from .txt, .docx or .xlsx) into the normalized Report.

Public API (other loaders rely on it):

- `extract_report(document, profiles=None, kind=None, profile=None) -> Report`: the
  format-independent extractor. It detects the document's kind and form profile
  (perflint.profiles), reads its tables and paragraphs with that profile and places every figure
  it can attribute; every value's span comes from
  `Piece.span`, so findings quote the source (line/column for text, paragraph/cell for Office).
- `text_document(text, path="<text>") -> Document`: a Document from decoded text, with the tables
  that Word's text export flattened recovered as Table blocks.
- `load_text_document(path) -> Document`: the same from a file in any supported encoding.
- `extract_text(text, path="<text>") -> Report`: both steps at once, for tests and tools.

`perflint.extract.serialize` writes a Report back as normalized YAML (`to_yaml`) and lists what
each fact was read from (`explain`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from perflint.document import Document, Paragraph
from perflint.extract.textdoc import MAX_TEXT_CHARS, load_text_document, text_document
from perflint.model import Report
from perflint.profiles.context import ExtractionSettings, current_settings, extraction_settings
from perflint.reading import InputError

if TYPE_CHECKING:
    from perflint.profiles import ProfileSet

__all__ = ["ExtractionSettings", "extract_report", "extract_text", "extraction_settings",
           "load_text_document", "text_document"]


def extract_report(document: Document, profiles: ProfileSet | None = None, *, kind: str | None = None,
                   profile: str | None = None) -> Report:
    """The Report a Document states, with a span on every extracted value.

    The document's kind and form profile are detected among `profiles` unless `kind` or `profile`
    names them (`--kind`, `--profile`). Arguments left None come from the run's
    `extraction_settings`, else perflint's own national profiles."""
    # imported when first used (they load the whole extractor), from the modules themselves: an
    # import from a package (`perflint.profiles`) runs Python code on every call
    from perflint.extract.assemble import extract
    from perflint.profiles.registry import builtin_profiles

    settings = current_settings()
    if settings is not None:
        profiles = profiles or settings.profiles
        kind = kind or settings.kind
        profile = profile or settings.profile
    size = _size(document)
    if size > MAX_TEXT_CHARS:
        raise InputError(f"文档中有 {size:,} 个字符的文字，超过 perflint 读取一份报告的上限"
                         f"（{MAX_TEXT_CHARS:,} 个字符）",
                         english=f"document holds {size:,} characters of text; perflint reads a "
                                 f"report of up to {MAX_TEXT_CHARS:,} characters")
    return extract(document, profiles or builtin_profiles(), kind=kind, profile=profile)


def _size(document: Document) -> int:
    if document.source is not None:
        return len(document.source.text)
    total = 0
    for block in document.blocks:
        if isinstance(block, Paragraph):
            total += len(block.text) + 1
        else:
            total += sum(len(cell.text) + 1 for row in block.rows for cell in row)
    return total


def extract_text(text: str, path: Path | str = "<text>") -> Report:
    """Extract a Report from report text (newlines `\\n`)."""
    return extract_report(text_document(text, path))

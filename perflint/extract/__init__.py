"""Extraction: turn a Document (from .txt, .docx or .xlsx) into the normalized Report.

Public API (other loaders rely on it):

- `extract_report(document) -> Report`: the format-independent extractor. It reads the document's
  tables and paragraphs and places every figure it can attribute; every value's span comes from
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

from perflint.document import Document, Paragraph
from perflint.extract.textdoc import load_text_document, text_document
from perflint.model import Report

__all__ = ["extract_report", "extract_text", "load_text_document", "text_document"]


def extract_report(document: Document) -> Report:
    """The Report a Document states, with a span on every extracted value."""
    from perflint.extract.assemble import extract
    from perflint.extract.textdoc import MAX_TEXT_CHARS
    from perflint.loaders.base import InputError

    size = _size(document)
    if size > MAX_TEXT_CHARS:
        raise InputError(f"document holds {size:,} characters of text; perflint reads a report of up "
                         f"to {MAX_TEXT_CHARS:,} characters")
    return extract(document)


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

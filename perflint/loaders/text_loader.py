"""Raw text reports (.txt), as exported from Word or PDF: decoded, tables recovered, extracted.

Decoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK) and the size limit are
`perflint.reading.read_text`'s; the layout recovery is `extract.textdoc`'s and the extraction is the
same as for .docx and .xlsx (`extract.extract_report`), so a finding on a .txt points at the line
and column of the text it quotes.
"""

from __future__ import annotations

from pathlib import Path

from perflint.loaders.base import Loader
from perflint.model import Report


def load_txt(path: Path) -> Report:
    from perflint.extract import extract_report, load_text_document

    return extract_report(load_text_document(path))


LOADERS = [Loader("txt", (".txt",), load_txt)]

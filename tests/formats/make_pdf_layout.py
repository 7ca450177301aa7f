"""Write tests/formats/seed_*_layout.pdf: the seeds laid out as Chinese government reports are.

    python tests/formats/make_pdf_layout.py   (needs LibreOffice's `soffice` on PATH)

The seeds' own PDFs (convert_office_fixtures.py) keep the .docx fixtures' plain layout: Letter
paper, no first-line indent, space between paragraphs, no page header or footer. Real reports
are laid out differently, and the PDF loader must read them too: this script takes
fixtures/office/seed_{000,001,004}.docx and gives them A4 paper with the 公文 margins, body paragraphs
indented by two characters (首行缩进2字符), justified, at 1.5 line spacing, with no space between
paragraphs (so only the indent and the short last line tell where a paragraph ends), headings
indented too and without space before them, a page header repeated on every page and a footer
`第 N 页 共 M 页`; LibreOffice then converts it to PDF. The output is committed, so the tests need
no LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
OFFICE = HERE.parents[1] / "fixtures" / "office"
SEEDS = ("000", "001", "004")
HEADER = "部门整体支出绩效自评报告（公开版）"


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) in `paragraph`."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def laid_out(source: Path, out: Path) -> Path:
    document = docx.Document(str(source))
    normal = document.styles["Normal"].paragraph_format
    normal.space_before = normal.space_after = Pt(0)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = document.styles[name].paragraph_format
        style.space_before = style.space_after = Pt(0)
    for paragraph in document.paragraphs:  # body paragraphs, not those in table cells
        if paragraph.style.name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
            paragraph.paragraph_format.first_line_indent = Pt(24)
            paragraph.paragraph_format.line_spacing = 1.5
            if paragraph.paragraph_format.alignment is None:
                paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        section.header.paragraphs[0].text = HEADER
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("第 ")
        _field(footer, "PAGE")
        footer.add_run(" 页 共 ")
        _field(footer, "NUMPAGES")
        footer.add_run(" 页")
    document.save(str(out))
    return out


def main() -> int:
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) is not on PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        for seed in SEEDS:
            source = laid_out(OFFICE / f"seed_{seed}.docx", work / f"seed_{seed}_layout.docx")
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                            "--norestore", "--convert-to", "pdf", "--outdir", str(work), str(source)],
                           check=True, capture_output=True, timeout=300)
            output = HERE / f"seed_{seed}_layout.pdf"
            shutil.copyfile(work / f"seed_{seed}_layout.pdf", output)
            print(f"wrote {output.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

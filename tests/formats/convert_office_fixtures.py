"""Write the seed fixtures in the other formats auditors receive, from the .docx/.xlsx fixtures.

    python tests/formats/convert_office_fixtures.py   (needs LibreOffice's `soffice` on PATH)

`fixtures/make_office_fixtures.py` writes the .docx/.xlsx fixtures from the seeds; this script
converts them with LibreOffice, as a unit exporting its report would: each .docx to PDF (with a
text layer), to Word 97 (.doc), OpenDocument (.odt) and RTF, and the .xlsx to Excel 97 (.xls).
The outputs are committed here (test data, not examples: `perflint check fixtures/` in the README
must not need LibreOffice), so the tests that read them need no LibreOffice; only the tests of the
.doc/.odt/.rtf loader itself (which converts through LibreOffice at run time) do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"
HERE = Path(__file__).resolve().parent
#: source fixture → the formats it is converted to
CONVERSIONS: dict[str, tuple[str, ...]] = {
    "seed_000.docx": ("pdf", "doc"),
    "seed_001.docx": ("pdf", "doc", "odt", "rtf"),
    "seed_004.docx": ("pdf", "doc"),
    "seed_004.xlsx": ("xls",),
}


def convert(source: Path, fmt: str, out: Path) -> Path:
    """`source` converted to `fmt` by LibreOffice headless, written into `out`."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=300)
    return out / f"{source.stem}.{fmt}"


def main() -> int:
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) is not on PATH: apt-get install libreoffice-writer-nogui "
              "libreoffice-calc-nogui", file=sys.stderr)
        return 2
    for name, formats in CONVERSIONS.items():
        for fmt in formats:
            written = convert(OFFICE / name, fmt, HERE)
            print(f"wrote {written.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

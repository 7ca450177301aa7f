"""How much CPU reading a 20-page PDF report costs (issue 16: under a second).

    python bench/pdf_bench.py               # 20 pages, best of 5 runs
    python bench/pdf_bench.py --pages 60 --runs 3 --profile

The PDF is made from the seed reports LibreOffice converted (tests/formats/seed_*.pdf): their
pages are concatenated with pypdfium2, round and round, until the document has `--pages` pages
(8 of the first 20 pages hold ruled tables, the rest wrapped paragraphs and headings). Measured:
the process CPU time of `perflint.loaders.pdf_loader.load_pdf` (the stream check, PDFium's text
and page objects, pdfplumber's table finder on the pages with lines, paragraphs, and the
extraction into a Report), and of `read_pdf` alone; the first run also pays the imports
(pdfplumber's table module), so the figure printed is the best run and the first run is printed
beside it. Not a timed unit test: CPU speed varies between machines.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [ROOT / "tests" / "formats" / f"seed_{name}.pdf" for name in ("004", "001", "000")]


def make_pdf(pages: int, out: Path) -> Path:
    """The seed PDFs' pages concatenated until the document has `pages` pages."""
    import pypdfium2 as pdfium

    target = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(path) for path in SEEDS]
    while len(target) < pages:
        for source in sources:
            missing = pages - len(target)
            if missing <= 0:
                break
            take = min(missing, len(source))
            target.import_pages(source, list(range(take)))
    target.save(out)
    return out


def cpu(call) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print where the best run's time goes")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from perflint.loaders.pdf_loader import load_pdf, read_pdf

    with tempfile.TemporaryDirectory() as directory:
        path = make_pdf(args.pages, Path(directory) / "report.pdf")
        loads = [cpu(lambda: load_pdf(path)) for _ in range(args.runs)]
        reads = [cpu(lambda: read_pdf(path)) for _ in range(args.runs)]
        size = path.stat().st_size
        print(f"{args.pages}-page PDF ({size / 1024:.0f} KB) from the seeds:")
        print(f"  load_pdf (read + extract): {min(loads):.3f} s CPU, best of {args.runs} "
              f"(first run, with imports: {loads[0]:.3f} s)")
        print(f"  read_pdf (Document only):  {min(reads):.3f} s CPU")
        print(f"  per page: {min(loads) / args.pages * 1000:.1f} ms")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(load_pdf, path)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())

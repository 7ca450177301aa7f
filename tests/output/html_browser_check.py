"""Render the HTML report in headless Chromium: screenshot it and check that the filters work.

Run from the repository root (Debian: `apt-get install chromium fonts-wqy-microhei`):

    .venv/bin/python tests/output/html_browser_check.py --screenshot /tmp/perflint-report.png

It writes the sample run's report (PL101 on a YAML report plus hand-made findings of every
severity) to a temporary file, takes a screenshot, then loads the page with the filters preset in
the URL (`#severity=warning`, `#code=PL101`, `?severity=error&code=PL103`) and reads the DOM
after the page's script ran (`--dump-dom`) to see which findings and highlights are shown.
No browser driver is needed; `tests/output/test_output_html_browser.py` runs the same checks
under pytest and skips when no Chromium is installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from output_samples import ROOT, sample_run  # noqa: E402

from perflint.output import html as html_format  # noqa: E402

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
          "--disable-extensions", "--allow-file-access-from-files")


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(browser: str, *args: str, timeout: int = 120) -> str:
    with tempfile.TemporaryDirectory() as profile:
        completed = subprocess.run(
            [browser, *_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{browser} exited with {completed.returncode}: {completed.stderr[-2000:]}")
    return completed.stdout


def dump_dom(browser: str, url: str) -> str:
    """The page's DOM after its script ran (the filter is applied on load)."""
    return _run(browser, "--virtual-time-budget=5000", "--dump-dom", url)


def screenshot(browser: str, url: str, png: Path, width: int = 1280, height: int = 2200) -> None:
    _run(browser, f"--window-size={width},{height}", f"--screenshot={png}", url)
    if not png.is_file() or png.stat().st_size < 10_000:
        raise RuntimeError(f"no usable screenshot at {png}")


@dataclass
class Page:
    """What the DOM says is shown: findings (id → severity, code, hidden), highlights, sections."""

    findings: dict[str, tuple[str, str, bool]] = field(default_factory=dict)
    marks: list[tuple[str, str, str]] = field(default_factory=list)  # (classes, data-p, data-r)
    sections: dict[str, bool] = field(default_factory=dict)
    shown: str | None = None
    lang: str | None = None

    def visible(self) -> set[str]:
        return {fid for fid, (_, _, hidden) in self.findings.items() if not hidden}

    def highlighted(self) -> list[tuple[str, str, str]]:
        return [m for m in self.marks if " off" not in f" {m[0]}"]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "html":
            self.page.lang = a.get("lang")
        elif tag == "body":
            self.page.shown = a.get("data-shown")
        elif tag == "div" and "finding" in classes:
            self.page.findings[a["id"] or ""] = (a.get("data-sev") or "", a.get("data-code") or "",
                                                 "hidden" in a)
        elif tag == "mark":
            self.page.marks.append((" ".join(classes), a.get("data-p") or "", a.get("data-r") or ""))
        elif tag == "section" and "report" in classes:
            self.page.sections[a["id"] or ""] = "hidden" in a


class _PreText(HTMLParser):
    """The text of the <pre> with a given id: where an injected script leaves its JSON result."""

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id = element_id
        self.inside = False
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "pre" and ("id", self.element_id) in attrs

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


def pre_text(dom: str, element_id: str) -> str:
    """The text a page script wrote into `<pre id=element_id>` (empty if it did not run)."""
    reader = _PreText(element_id)
    reader.feed(dom)
    return reader.text


def read_page(dom: str) -> Page:
    reader = _Reader()
    reader.feed(dom)
    return reader.page


def check(browser: str, page_path: Path) -> list[str]:
    """Load the page with each filter preset; return the problems found (empty when all works)."""
    problems: list[str] = []
    url = page_path.resolve().as_uri()

    def expect(condition: bool, what: str) -> None:
        if not condition:
            problems.append(what)

    full = read_page(dump_dom(browser, url))
    everything = set(full.findings)
    expect(len(everything) >= 5, f"expected several findings on the page, got {sorted(everything)}")
    expect(full.visible() == everything, "without a filter every finding is shown")
    expect(full.shown == str(len(everything)), f"status counts {full.shown} shown, not {len(everything)}")
    sev_classes = {cls for m in full.highlighted() for cls in m[0].split() if cls.startswith("sev-")}
    expect({"sev-error", "sev-warning", "sev-info"} <= sev_classes,
           f"highlights of every severity are drawn (got {sorted(sev_classes)})")
    expect(any("rel" in m[0].split() for m in full.marks), "related figures are marked")

    warnings = read_page(dump_dom(browser, url + "#severity=warning"))
    wanted = {fid for fid, (sev, _, _) in full.findings.items() if sev == "warning"}
    expect(bool(wanted) and warnings.visible() == wanted,
           f"#severity=warning shows {sorted(warnings.visible())}, not {sorted(wanted)}")
    for classes, primary, related in warnings.marks:
        ids = set((primary + " " + related).split())
        if ids and not ids & wanted:
            expect(" off" in f" {classes}", f"a highlight of a filtered-out finding stays drawn: {ids}")
    expect(warnings.shown == str(len(wanted)), f"status says {warnings.shown} shown under #severity=warning")

    by_code = read_page(dump_dom(browser, url + "#code=PL101"))
    wanted = {fid for fid, (_, code, _) in full.findings.items() if code == "PL101"}
    expect(bool(wanted) and by_code.visible() == wanted,
           f"#code=PL101 shows {sorted(by_code.visible())}, not {sorted(wanted)}")
    hidden_sections = {sid for sid, hidden in by_code.sections.items() if hidden}
    shown_sections = {fid.split("-")[0] for fid in wanted}
    expect(hidden_sections == set(by_code.sections) - shown_sections,
           f"reports without a PL101 finding are hidden (hidden: {sorted(hidden_sections)})")

    query = read_page(dump_dom(browser, url + "?severity=error&code=PL103"))
    wanted = {fid for fid, (sev, code, _) in full.findings.items() if sev == "error" and code == "PL103"}
    expect(bool(wanted) and query.visible() == wanted,
           f"?severity=error&code=PL103 shows {sorted(query.visible())}, not {sorted(wanted)}")

    nothing = read_page(dump_dom(browser, url + "#severity=info&code=PL101"))
    expect(not nothing.visible(), "a filter nothing matches shows no finding")
    return problems


def write_sample(folder: Path, lang: str = "zh") -> Path:
    """The sample run's report as a file; paths in it are relative to the repository root."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        page = html_format.render(sample_run(lang), lang=lang)
    finally:
        os.chdir(cwd)
    path = folder / f"perflint-report-{lang}.html"
    path.write_text(page, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screenshot", type=Path,
                        default=Path(tempfile.gettempdir()) / "perflint-report.png")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--keep", type=Path, help="also keep the rendered HTML here")
    args = parser.parse_args(argv)
    browser = find_browser()
    if browser is None:
        print("no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        page = write_sample(Path(folder), args.lang)
        if args.keep:
            shutil.copyfile(page, args.keep)
        screenshot(browser, page.as_uri(), args.screenshot)
        print(f"screenshot: {args.screenshot}")
        problems = check(browser, page)
    for problem in problems:
        print(f"FAIL: {problem}")
    print("filters: ok" if not problems else f"filters: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

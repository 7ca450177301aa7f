"""The HTML report in a real browser: it renders, and the severity and code filters work.

Skips when no Chromium is installed (Debian: `apt-get install chromium fonts-wqy-microhei`).
The same checks run as a script: `.venv/bin/python tests/output/html_browser_check.py`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).with_name("html_browser_check.py")
_spec = importlib.util.spec_from_file_location("perflint_html_browser_check", _SCRIPT)
assert _spec and _spec.loader
browser_check = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = browser_check  # dataclasses look their module up while being built
_spec.loader.exec_module(browser_check)

BROWSER = browser_check.find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filters_work_in_chromium(tmp_path: Path, lang: str) -> None:
    page = browser_check.write_sample(tmp_path, lang)
    problems = browser_check.check(BROWSER, page)
    assert not problems, "\n".join(problems)


def test_renders_a_screenshot(tmp_path: Path) -> None:
    page = browser_check.write_sample(tmp_path)
    png = tmp_path / "report.png"
    browser_check.screenshot(BROWSER, page.as_uri(), png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_broken_filter_is_caught(tmp_path: Path) -> None:
    """The check itself has teeth: a page whose script never hides a card fails it."""
    page = browser_check.write_sample(tmp_path)
    page.write_text(page.read_text(encoding="utf-8").replace("card.hidden = !ok;", "card.hidden = false;"),
                    encoding="utf-8")
    problems = browser_check.check(BROWSER, page)
    assert any("#severity=warning" in p for p in problems)

"""Review decisions round-trip through the HTML report in headless Chromium (issue 17: "decide in
the HTML, save, rerun, only undecided findings remain").

`perflint check --format html` writes the page; a driver script added to a copy of it does what
an auditor does (clicks 误报 on a finding, types a reason and a name, clicks 下载审核记录) and
catches the Blob the page hands to the browser as a download. Chromium's DOM dump (`--dump-dom`,
as tests/output/html_browser_check.py does; no browser driver needed) carries the file out; it is
saved as perflint-review.yaml and `perflint check` runs again. Skips without Chromium.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from review_samples import ROOT, findings

from perflint import review
from tests.cli_driver import Cli

_SCRIPT = ROOT / "tests" / "output" / "html_browser_check.py"
_spec = importlib.util.spec_from_file_location("perflint_html_browser_check", _SCRIPT)
assert _spec and _spec.loader
browser_check = sys.modules.get(_spec.name) or importlib.util.module_from_spec(_spec)
if _spec.name not in sys.modules:
    sys.modules[_spec.name] = browser_check  # dataclasses look their module up while being built
    _spec.loader.exec_module(browser_check)

BROWSER = browser_check.find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")

#: Catches errors from the first line of the page on (added at the top of <head>).
_ERRORS = """<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
</script>"""

#: Does what an auditor does, then leaves what the page downloaded in the DOM (end of <body>).
_DRIVER = """<script>
(function () {
  var out = document.createElement("pre");
  out.id = "driver";
  document.body.appendChild(out);
  var result = {downloads: [], errors: window.__errors, status: []};
  function done() { out.textContent = JSON.stringify(result); }
  URL.createObjectURL = function (blob) {
    blob.text().then(function (text) { result.downloads.push({text: text}); done(); });
    return "blob:driver";
  };
  HTMLAnchorElement.prototype.click = function () { result.name = this.download; done(); };
  function type(block, name, value) {
    var input = block.querySelector("input[name=" + name + "]");
    input.value = value;
    input.dispatchEvent(new Event("input", {bubbles: true}));
  }
  try {
    ACTIONS
  } catch (e) { result.errors.push(String(e)); }
  result.status.push(document.getElementById("review-status").textContent);
  done();
}());
</script>"""


def drive(page: Path, actions: str) -> dict:
    """Load `page` with the driver doing `actions` (JavaScript; `block(fp)` finds a finding's
    review controls); return what it saw: downloads, the file name, errors, status lines."""
    html = page.read_text(encoding="utf-8")
    helpers = ("var block = function (fp) { return document.querySelector('.review[data-fp=\"' + fp + "
               "'\"]'); };\n")
    driver = _DRIVER.replace("ACTIONS", helpers + actions)
    driven = page.with_name("driven.html")
    driven.write_text(html.replace("<head>", "<head>" + _ERRORS, 1).replace("</body>", driver + "</body>", 1),
                      encoding="utf-8")
    text = browser_check.pre_text(browser_check.dump_dom(BROWSER, driven.resolve().as_uri()), "driver")
    assert text, "the driver left no result: the page's script did not run"
    return json.loads(text)


def click(fp: str, decision: str, reason: str = "", reviewer: str = "") -> str:
    """The JavaScript of deciding on one finding as an auditor does: button first, then the fields."""
    return (f"block({json.dumps(fp)}).querySelector('button[data-decision=\"{decision}\"]').click();\n"
            f"type(block({json.dumps(fp)}), 'reason', {json.dumps(reason)});\n"
            f"type(block({json.dumps(fp)}), 'reviewer', {json.dumps(reviewer)});\n")


DOWNLOAD = "document.getElementById('review-download').click();\n"


def html_report(cli: Cli, *extra: str) -> Path:
    assert cli("check", "--format", "html", "-o", "report.html", "reports", *extra).code in (0, 1)
    return Path("report.html")


def test_decide_in_the_browser_save_rerun(cli: Cli, folder: Path) -> None:
    before = findings(cli("check", "--format", "json", "reports").out)
    target = next(fp for name, code, fp in before if name == "乙县.txt" and code == "PL201")
    seen = drive(html_report(cli), click(target, "误报", "单位已在附件说明", "张三") + DOWNLOAD)
    assert seen["errors"] == []
    assert seen["name"] == "perflint-review.yaml"
    assert len(seen["downloads"]) == 1
    text = seen["downloads"][0]["text"]
    (folder / "perflint-review.yaml").write_text(text, encoding="utf-8")

    decisions = review.load(folder / "perflint-review.yaml").decisions
    assert [(d.fingerprint, d.path, d.decision, d.reason, d.reviewer) for d in decisions] == [
        (target, "reports/乙县.txt", "误报", "单位已在附件说明", "张三")]
    assert decisions[0].date == date.today().isoformat()
    assert text == review.dumps(decisions)  # the page writes what perflint writes, byte for byte

    run = cli("check", "--format", "json", "reports")
    assert findings(run.out) == [f for f in before if f[2] != target]
    assert "隐藏了 1 个已审核的问题" in run.err


def test_recorded_decisions_are_kept_changed_or_removed(cli: Cli, folder: Path) -> None:
    """The download holds the decisions already recorded (those of findings not on the page
    too), a changed one in its place, a new one after them; un-pressing a recorded decision
    removes it."""
    keys = {(name, code): fp for name, code, fp in findings(cli("check", "--format", "json", "reports").out)}
    elsewhere = review.Decision(fingerprint="0" * 20, path="reports/丙县.txt", code="PL101", decision="确认",
                                reviewer="王五", date="2025-11-30", message="<b>别处</b> \"引号\"\n第二行")
    kept = review.Decision(fingerprint=keys["甲县.txt", "PL502"], path="reports/甲县.txt", code="PL502",
                           decision="已说明", reason="附件二", reviewer="王五", date="2025-11-30",
                           message="m")
    changed = kept.model_copy(update={"fingerprint": keys["乙县.txt", "PL103"], "path": "reports/乙县.txt"})
    removed = kept.model_copy(update={"fingerprint": keys["甲县.txt", "PL103"]})
    review.save(review.Review(folder / "perflint-review.yaml", [elsewhere, kept, changed, removed]))
    page = html_report(cli, "--show-decided")
    new = keys["乙县.txt", "PL201"]
    actions = (f"block({json.dumps(changed.fingerprint)}).querySelector('button[data-decision=\"误报\"]')"
               ".click();\n"
               f"type(block({json.dumps(changed.fingerprint)}), 'reason', '数字无误');\n"
               f"block({json.dumps(removed.fingerprint)}).querySelector('button.on').click();\n"
               + click(new, "确认", "", "张三") + DOWNLOAD)
    seen = drive(page, actions)
    assert seen["errors"] == []
    path = folder / "perflint-review.yaml"
    path.write_text(seen["downloads"][0]["text"], encoding="utf-8")
    today = date.today().isoformat()
    saved = review.load(path).decisions
    assert [(d.fingerprint, d.decision, d.reason, d.reviewer, d.date) for d in saved] == [
        (elsewhere.fingerprint, "确认", "", "王五", "2025-11-30"),
        (kept.fingerprint, "已说明", "附件二", "王五", "2025-11-30"),
        (changed.fingerprint, "误报", "数字无误", "王五", today),
        (new, "确认", "", "张三", today)]
    assert saved[0].message == elsewhere.message


def test_an_incomplete_decision_is_not_downloaded(cli: Cli, folder: Path) -> None:
    run = cli("check", "--format", "json", "reports")
    keys = [fp for _, code, fp in findings(run.out) if code == "PL103"]
    seen = drive(html_report(cli), click(keys[0], "误报", "", "张三") + DOWNLOAD)
    assert seen["errors"] == [] and seen["downloads"] == []
    assert "1 条决定缺少理由或审核人" in seen["status"][-1]
    seen = drive(html_report(cli), click(keys[0], "已说明", "见附件", "") + DOWNLOAD)
    assert seen["downloads"] == []


def test_the_page_shows_recorded_decisions_pressed(cli: Cli, folder: Path) -> None:
    keys = {(name, code): fp for name, code, fp in findings(cli("check", "--format", "json", "reports").out)}
    target = keys["甲县.txt", "PL502"]
    review.save(review.Review(folder / "perflint-review.yaml", [review.Decision(
        fingerprint=target, path="reports/甲县.txt", code="PL502", decision="误报", reason="<i>x</i>",
        reviewer="王五", date="2025-11-30")]))
    page = html_report(cli, "--show-decided").read_text(encoding="utf-8")
    assert f'data-fp="{target}"' in page
    assert 'data-decision="误报" class="on"' in page
    assert "已审核：误报（王五，2025-11-30）：&lt;i&gt;x&lt;/i&gt;" in page
    assert "<i>x</i>" not in page.split('id="review-data"')[0]
    hidden = html_report(cli).read_text(encoding="utf-8")
    assert f'data-fp="{target}"' not in hidden  # hidden without --show-decided …
    assert target in hidden.split('id="review-data"')[1]  # … but kept for the download

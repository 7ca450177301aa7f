"""The HTML report's review controls: decide on findings in the browser, download the decisions.

Each finding card gets its fingerprint and three buttons, 确认 / 已说明 / 误报, with a reason and
a reviewer field; a decision already in the review file is shown pressed, with its reason,
reviewer and date. "下载审核记录" writes the review file (perflint.review's format: the decisions
already recorded, those made on the page replacing or following them) and hands it to the
browser as a download through a Blob: no server, no network. Un-pressing a recorded decision
removes it from the downloaded file. Saved beside the reports, the next `perflint check` hides the
decided findings.

The script builds the file exactly as perflint.review.dumps does (JSON.stringify for each
scalar, the same extra escapes), so a file downloaded from the page and one written by
`perflint review --decide` are the same bytes. It reads the recorded decisions from a JSON data
block (every `<` escaped, so a report's text cannot close it) and the findings' path, code and
message from the page; it writes only classes, `hidden`, form values and textContent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, Finding
from perflint.output import _safe as safe
from perflint.output._common import labels

if TYPE_CHECKING:
    from perflint.review import Decision

LABELS = {
    "zh": {"fingerprint": "指纹", "reason": "理由", "reviewer": "审核人", "download": "下载审核记录",
           "recorded": "已审核：", "pending": "待保存：", "removed": "将删除已有决定",
           "count": "本页 {n} 条待保存的审核决定", "incomplete": "{n} 条决定缺少理由或审核人，请补全后再下载",
           "saved": "已生成 {name}：请保存到审核记录所在的文件夹（与报告放在一起），再次运行 perflint check",
           "decisions": {"确认": "确认", "已说明": "已说明", "误报": "误报"},
           "hint": "确认：确属问题；已说明：单位已作说明；误报：不是问题",
           "punctuation": ["（", "，", "）", "："]},
    "en": {"fingerprint": "fingerprint", "reason": "reason", "reviewer": "reviewer",
           "download": "Download review file", "recorded": "decided: ", "pending": "to save: ",
           "removed": "recorded decision will be removed", "count": "{n} decisions to save on this page",
           "incomplete": "{n} decisions lack a reason or a reviewer; complete them, then download",
           "saved": "{name} created: save it in the review file's folder (beside the reports) and "
                    "run perflint check again",
           "decisions": {"确认": "Confirmed", "已说明": "Explained", "误报": "False alarm"},
           "hint": "Confirmed: a real defect; Explained: the unit accounts for it; False alarm: no defect",
           "punctuation": [" (", ", ", ")", ": "]},
}

CSS = """
.review{display:flex;gap:6px;align-items:center;flex-wrap:wrap;margin-top:6px;padding-top:6px;
border-top:1px dashed var(--line);font-size:12px}
.review .fp{color:var(--muted)}.review .fp code{font-family:ui-monospace,Menlo,Consolas,monospace;
user-select:all}
.review button{font:inherit;padding:1px 8px;border:1px solid #b8c0cc;border-radius:3px;background:#fff;
cursor:pointer}
.review button.on{background:#1f2933;color:#fff;border-color:#1f2933}
.review input{font:inherit;padding:1px 4px;border:1px solid #b8c0cc;border-radius:3px;width:14em}
.review input[name=reviewer]{width:6em}
.review.invalid input{border-color:var(--err)}
.review .state{color:var(--muted)}
.finding.decided{opacity:.75}
#review-bar{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
#review-bar button{font:inherit;padding:2px 10px;cursor:pointer}
#review-status{color:var(--muted)}
@media print{.review button,.review input,#review-bar{display:none}}
"""

JS = """
(function () {
  "use strict";
  var data = document.getElementById("review-data");
  var button = document.getElementById("review-download");
  if (!data || !button) { return; }
  var recorded = JSON.parse(data.textContent);
  var words = JSON.parse(document.getElementById("review-words").textContent);
  var status = document.getElementById("review-status");
  var FIELDS = ["fingerprint", "path", "code", "decision", "reason", "reviewer", "date", "message"];
  var OPTIONAL = {"确认": true};
  var lastReviewer = "";
  var byFingerprint = {};
  recorded.decisions.forEach(function (d) { byFingerprint[d.fingerprint] = d; });

  function quote(value) {
    return JSON.stringify(String(value)).replace(/[\\u007f-\\u009f\\u2028\\u2029\\ufeff]/g, function (c) {
      return "\\\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function chosen(block) {
    var on = block.querySelector("button.on");
    return on ? on.dataset.decision : null;
  }
  function field(block, name) { return block.querySelector("input[name=" + name + "]").value.trim(); }
  function pageDecision(block) {
    var card = block.closest(".finding"), section = block.closest("section.report");
    var old = byFingerprint[block.dataset.fp];
    var d = {fingerprint: block.dataset.fp, path: section.dataset.path, code: card.dataset.code,
             decision: chosen(block), reason: field(block, "reason"), reviewer: field(block, "reviewer"),
             date: today(), message: card.querySelector(".msg").textContent};
    if (old && old.decision === d.decision && old.reason === d.reason && old.reviewer === d.reviewer) {
      return old;
    }
    return d;
  }
  function label(d) {
    var p = words.punctuation;
    return words.decisions[d.decision] + p[0] + d.reviewer + p[1] + d.date + p[2] +
      (d.reason ? p[3] + d.reason : "");
  }
  function refresh(block) {
    var state = block.querySelector(".state"), old = byFingerprint[block.dataset.fp];
    var choice = chosen(block);
    block.classList.remove("invalid");
    if (!choice) {
      state.textContent = old ? words.removed : "";
    } else {
      var d = pageDecision(block);
      state.textContent = (d === old ? words.recorded : words.pending) + label(d);
    }
    var pending = 0;
    document.querySelectorAll(".review").forEach(function (b) {
      var had = byFingerprint[b.dataset.fp], now = chosen(b);
      if (now ? pageDecision(b) !== had : had) { pending += 1; }
    });
    status.textContent = words.count.replace("{n}", pending);
  }
  function build() {
    var changes = {}, added = [], incomplete = [];
    document.querySelectorAll(".review").forEach(function (block) {
      var fp = block.dataset.fp, choice = chosen(block);
      if (!choice) {
        if (byFingerprint[fp]) { changes[fp] = null; }
        return;
      }
      var d = pageDecision(block);
      if (!d.reviewer || (!d.reason && !OPTIONAL[d.decision])) {
        incomplete.push(block);
        return;
      }
      if (byFingerprint[fp]) { changes[fp] = d; } else { added.push(d); }
    });
    if (incomplete.length) {
      incomplete.forEach(function (block) { block.classList.add("invalid"); });
      status.textContent = words.incomplete.replace("{n}", incomplete.length);
      incomplete[0].querySelector("input").focus();
      return null;
    }
    var all = [];
    recorded.decisions.forEach(function (d) {
      if (!(d.fingerprint in changes)) { all.push(d); } else if (changes[d.fingerprint]) {
        all.push(changes[d.fingerprint]);
      }
    });
    all = all.concat(added);
    var lines = ["# perflint 审核记录", "perflint-review: 1", all.length ? "decisions:" : "decisions: []"];
    all.forEach(function (d) {
      FIELDS.forEach(function (key, i) {
        lines.push((i === 0 ? "- " : "  ") + key + ": " + quote(d[key] === undefined ? "" : d[key]));
      });
    });
    return lines.join("\\n") + "\\n";
  }
  function download() {
    var text = build();
    if (text === null) { return; }
    var blob = new Blob([text], {type: "application/x-yaml;charset=utf-8"});
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = recorded.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    status.textContent = words.saved.replace("{name}", recorded.name);
  }
  document.querySelectorAll(".review").forEach(function (block) {
    block.querySelectorAll("button").forEach(function (choice) {
      choice.addEventListener("click", function () {
        var was = choice.classList.contains("on");
        block.querySelectorAll("button").forEach(function (b) { b.classList.remove("on"); });
        if (!was) {
          choice.classList.add("on");
          var reviewer = block.querySelector("input[name=reviewer]");
          if (!reviewer.value.trim() && lastReviewer) { reviewer.value = lastReviewer; }
        }
        refresh(block);
      });
    });
    block.querySelectorAll("input").forEach(function (input) {
      input.addEventListener("input", function () {
        if (input.name === "reviewer" && input.value.trim()) { lastReviewer = input.value.trim(); }
        refresh(block);
      });
    });
  });
  button.addEventListener("click", download);
  window.perflintReview = {build: build, download: download};
}());
"""


_PRESSED = ' class="on"'


def _e(text: object) -> str:
    return safe.html(text)


def _label(decision: Decision, lang: str) -> str:
    """`误报（张三，2026-12-03）：理由`, as the script's `label` writes it."""
    words = labels(LABELS, lang)
    open_, comma, close, colon = words["punctuation"]
    reason = f"{colon}{decision.reason}" if decision.reason else ""
    return (f"{words['decisions'][decision.decision]}{open_}{decision.reviewer}{comma}{decision.date}"
            f"{close}{reason}")


def _script_json(value: object) -> str:
    """JSON for a data block: `<` escaped, so no text in it can end the block."""
    return safe.json_document(json.dumps(value, ensure_ascii=False)).replace("<", "\\u003c")


def decidable(finding: Finding) -> bool:
    """PL000 (unreadable file) and PL001 (crashed rule) are perflint's problems, not the report's."""
    return finding.code not in (INPUT_ERROR, INTERNAL_ERROR)


def block(fingerprint: str, decision: Decision | None, lang: str) -> str:
    """A finding card's review controls, a recorded decision shown pressed and filled in."""
    words = labels(LABELS, lang)
    names = words["decisions"]
    pressed = decision.decision if decision is not None else None
    buttons = "".join(
        f'<button type="button" data-decision="{_e(value)}"{_PRESSED if value == pressed else ""}>'
        f"{_e(names[value])}</button>" for value in names)
    reason = _e(decision.reason) if decision else ""
    reviewer = _e(decision.reviewer) if decision else ""
    state = f"{words['recorded']}{_label(decision, lang)}" if decision is not None else ""
    return (f'<div class="review" data-fp="{_e(fingerprint)}" title="{_e(words["hint"])}">'
            f'<span class="fp">{_e(words["fingerprint"])} <code>{_e(fingerprint)}</code></span>'
            f"{buttons}"
            f'<input type="text" name="reason" placeholder="{_e(words["reason"])}" value="{reason}">'
            f'<input type="text" name="reviewer" placeholder="{_e(words["reviewer"])}" value="{reviewer}">'
            f'<span class="state">{_e(state)}</span></div>')


def bar(lang: str) -> str:
    """The download button and the count of decisions made on the page (in the filter bar)."""
    words = labels(LABELS, lang)
    return (f'<span id="review-bar"><button type="button" id="review-download">{_e(words["download"])}'
            f'</button><span id="review-status">{_e(words["count"].format(n=0))}</span></span>')


def data(decisions: Iterable[Decision], name: str, lang: str) -> str:
    """The recorded decisions and the page's words, as JSON data blocks for the script."""
    from perflint.review import FIELDS

    words = labels(LABELS, lang)
    recorded = {"name": name, "decisions": [{key: getattr(d, key) for key in FIELDS} for d in decisions]}
    script_words = {key: words[key] for key in ("recorded", "pending", "removed", "count", "incomplete",
                                                 "saved", "decisions", "punctuation")}
    return (f'<script type="application/json" id="review-data">{_script_json(recorded)}</script>\n'
            f'<script type="application/json" id="review-words">{_script_json(script_words)}</script>\n')

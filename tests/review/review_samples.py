"""The reports the review tests decide on, and helpers to read a run's findings."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: PL103 (the stated 执行率 95% is 90%) on line 4, PL502 (a heading with nothing under it).
FIGURE_LINE = "本项目预算数100万元，执行数90万元，执行率95%。"
TITLE_REPORT = ("某某县2023年乡村道路养护资金绩效自评报告\n\n一、项目基本情况\n"
                f"{FIGURE_LINE}\n二、绩效目标完成情况\n")
#: A department report with findings of every severity.
SYNTHETIC = (ROOT / "tests" / "output" / "reports" / "synthetic.txt").read_text(encoding="utf-8")


def findings(json_output: str) -> list[tuple[str, str, str]]:
    """(file name, code, fingerprint) of every finding of a `--format json` run."""
    document = json.loads(json_output)
    return [(Path(file["path"]).name, f["code"], f["fingerprint"])
            for file in document["files"] for f in file["findings"]]

"""The small raw reports the command-line tests lint, and what a run printed."""

from __future__ import annotations

import re

TITLE = "某某县2023年乡村道路养护资金绩效自评报告"
#: PL103 (error, fixable: the stated 执行率 95% is 90%) on line 4, column 24.
PLANTED = "本项目预算数100万元，执行数90万元，执行率95%。"
#: A heading with nothing under it: PL502 (warning).
EMPTY_SECTION = "二、绩效目标完成情况"
REPORT = f"{TITLE}\n\n一、项目基本情况\n{PLANTED}\n{EMPTY_SECTION}\n"

#: A Chinese character: user-facing messages are Chinese by default.
CJK = re.compile(r"[\u4e00-\u9fff]")

"""PL507 unknown-kind: perflint could not tell what kind of self-evaluation the document is.

What it checks
    A document whose kind no form profile recognizes: no title such as 部门整体支出绩效自评报告 or
    项目支出绩效自评表 among its first lines, no table header of a known form (年度资金总额 / 年初
    预算数 / 全年执行数, 一级指标 / 分值 / 得分 …), and no outline of a known report. Such a document is
    still checked for what every report shares (sums, rates, placeholders …), but not for what
    depends on its form (required chapters, where the points are), and the auditor is told so
    instead of being shown a clean result that means less than it seems.

Why it matters
    An auditor who receives a folder of submissions files "no findings" as "no problems". A
    report laid out in a form no profile describes yet must not pass in silence. A file that is
    not a 绩效 document at all (no 预算, 绩效, 资金 … anywhere, or mostly not Chinese) is not
    PL507 but a PL000 input error, exit 2 (perflint.recognize): it is not a report to check.

Example
    a text with no title and no recognizable table                                (PL507 info)
    fix: name the kind (`perflint check --kind project-report FILE`, or `kind:` in the
    config), or add a profile for the layout (`perflint new-plugin`, README "Profiles").
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.findings import Finding
from perflint.model import Report
from perflint.profiles.kinds import UNKNOWN
from perflint.rules.base import CheckContext, ReportRule


class UnknownKind(ReportRule):
    """The document's kind could not be recognized, so form-specific checks did not run."""

    code = "PL507"
    name = "unknown-kind"
    severity = "info"
    groups = ("completeness",)
    applies_to = frozenset({UNKNOWN})
    messages = {
        "zh": "未能识别文档类型（未见绩效自评报告/自评表的标题、表头或提纲），仅做通用检查；"
              "可用 --kind 指定类型",
        "en": "the document's kind was not recognized (no title, table header or outline of a "
              "self-evaluation form); only the checks every report shares ran; name it with --kind",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        if report.kind == UNKNOWN:
            yield ctx.finding(report.title.span if report.title is not None else None)

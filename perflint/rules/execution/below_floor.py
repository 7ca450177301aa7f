"""PL202 execution-below-floor: a 执行率 under the floor (default 90%) must be explained.

What it checks
    The same rates as PL201 (stated 执行率 of expenditure rows, rows' 执行数 / 预算数 when no rate
    is stated, stated ratios named 预算执行率 / 整体支出完成率 …) against a floor, option `floor`
    (default 90, in percent). A stated rate is taken as stated (PL103 checks it against the row's
    figures); a computed rate counts only when its whole interval lies below the floor. A stated
    `89.99%` is below 90%, a stated `90%` is not. Rows with a budget of 0 are skipped (nothing
    was budgeted, so the rate says nothing about execution).

    The finding is a warning whose message says whether the report gives a reason, exactly as
    PL201 (row 偏差原因; else a budget-execution indicator's 偏差原因 or a narrative sentence with a
    cause word, words that name the under-spending such as 结余/结转/未支付/滞后 or 低于…预算, and
    a money word). Set `report_explained: false` to report only unexplained rates.

Why it matters
    Money budgeted and not spent is the 结转结余 that finance bureaus claw back and that lowers
    next year's budget; the Sichuan template states "预算执行率未达到90%的需说明原因". The floor
    differs by region (some use 100%), so it is an option and the rule a warning.

Example
    项目支出  全年预算数 120.00  全年执行数 96.50  执行率 80.42%
    (PL202: 执行率80.42%低于90%，报告未说明原因)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.execution.rates import DEFAULT_RATIO_LABELS, bound_findings


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    floor: Decimal = Field(Decimal(90), description="rates below this percentage are reported")
    report_explained: bool = Field(True, description="also report rates whose reason is stated")
    ratio_labels: list[str] = Field(default_factory=lambda: list(DEFAULT_RATIO_LABELS),
                                    description="stated ratios whose label contains one of these")


class ExecutionBelowFloor(ReportRule):
    """A 执行率 is below the floor (default 90%)."""

    code = "PL202"
    name = "execution-below-floor"
    severity = "warning"
    groups = ("execution",)
    Options = Options
    messages = {
        "row": {
            "zh": "{label}执行率为{rate}，低于{floor}%；本行说明了原因：“{reason}”",
            "en": "execution rate of {label} is {rate}, below {floor}%; the row gives a reason: "
                  "\"{reason}\"",
        },
        "elsewhere": {
            "zh": "{label}执行率为{rate}，低于{floor}%；本行未说明原因，报告其他处有相关说明："
                  "“{reason}”，请核实是否针对本行",
            "en": "execution rate of {label} is {rate}, below {floor}%; the row gives no reason, "
                  "the report says elsewhere: \"{reason}\" (check that it applies to this row)",
        },
        "none": {
            "zh": "{label}执行率为{rate}，低于{floor}%，报告未说明原因",
            "en": "execution rate of {label} is {rate}, below {floor}%, and the report gives no reason",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        floor = ctx.options.floor
        return bound_findings(report, ctx, "under", lambda rate: rate.below(floor),
                              floor=format(floor.normalize(), "f"))

"""PL201 execution-over-100: a 执行率 above 100% must be explained.

What it checks
    Every 执行率 of an expenditure row (资金来源, 资金结构, 支出, the units and the 合计 of a
    自评情况汇总表, a project's 年度资金总额), whether stated (`120.21%`, `>100%`) or computed from
    the row's 全年执行数 / 全年预算数 when the row states no rate, and every stated ratio whose
    label names budget execution (预算执行率, 整体支出完成率 …; option `ratio_labels`). A stated
    rate is taken as stated (when it contradicts the row's figures, PL103 reports that as an
    error); a computed rate counts only when its whole interval lies above 100%, so
    2640.89 / 2640.89 never does.
    Income rows (收入) are not checked: collecting more than budgeted is not over-spending. A rate
    stated only in the narrative (a `Fact`) is not checked here; the cross-reference rules (PL4xx)
    check that it agrees with the table.

    The finding is a warning, and its message says whether the report gives a reason:
    "本行说明了原因" when the row's own 偏差原因 is filled in; "报告其他处有相关说明" when a
    budget-execution indicator's 偏差原因 or a narrative sentence explains an over-spending
    (a cause word such as 原因/由于, words that name the over-spending such as 追加 or 超出…预算,
    and a money word such as 支出/资金, all in one sentence; "资金增加" alone is not enough);
    otherwise "报告未说明原因". Placeholders (无, 暂无, -) are no reason. Set
    `report_explained: false` to report only rates without any reason.

Why it matters
    Spending more than the adjusted budget means money was spent without an approved budget
    adjustment (预算调整), which finance bureaus and auditors treat as a 预算执行 problem. The
    Sichuan template and other regional notes require a stated reason; the rule is a warning
    because the requirement is regional practice rather than a national article.

Example
    东湖区政务服务数据管理局  全年预算数 239.56  全年执行数 287.97  执行率 120.21%
    (PL201: 执行率120.21%超过100%，报告未说明原因)
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

    limit: Decimal = Field(Decimal(100), description="rates above this percentage are reported")
    report_explained: bool = Field(True, description="also report rates whose reason is stated")
    ratio_labels: list[str] = Field(default_factory=lambda: list(DEFAULT_RATIO_LABELS),
                                    description="stated ratios whose label contains one of these")


class ExecutionOver100(ReportRule):
    """A 执行率 is above 100%."""

    code = "PL201"
    name = "execution-over-100"
    severity = "warning"
    groups = ("execution",)
    Options = Options
    messages = {
        "row": {
            "zh": "{label}执行率为{rate}，超过{limit}%；本行说明了原因：“{reason}”",
            "en": "execution rate of {label} is {rate}, above {limit}%; the row gives a reason: "
                  "\"{reason}\"",
        },
        "elsewhere": {
            "zh": "{label}执行率为{rate}，超过{limit}%；本行未说明原因，报告其他处有相关说明："
                  "“{reason}”，请核实是否针对本行",
            "en": "execution rate of {label} is {rate}, above {limit}%; the row gives no reason, "
                  "the report says elsewhere: \"{reason}\" (check that it applies to this row)",
        },
        "none": {
            "zh": "{label}执行率为{rate}，超过{limit}%，报告未说明原因",
            "en": "execution rate of {label} is {rate}, above {limit}%, and the report gives no reason",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        limit = ctx.options.limit
        return bound_findings(report, ctx, "over", lambda rate: rate.above(limit),
                              limit=format(limit.normalize(), "f"))

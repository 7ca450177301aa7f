"""The normalized report: what a self-evaluation states, independent of its file format.

Every loader (YAML/JSON validation, .txt/.docx/.xlsx extraction) produces this model, and every
rule reads only this model. The structures are generic on purpose: a total with its parts, a rate
with its numerator and denominator, an indicator tree, so that one rule covers every place a
report states the same kind of relation.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from perflint.model.quantity import Quantity, Text
from perflint.model.span import Located
from perflint.profiles.kinds import normalize_kind

FORMAT_VERSION = 1


class Unit(Located):
    """The budget unit (预算单位) the report is about."""

    name: Text | None = None
    region: list[str] = Field(default_factory=list, description="省/市/区县, outermost first")
    level: Literal["部门", "单位"] | None = Field(None, description="部门 (with subordinate units) or 单位")
    parent: Text | None = Field(None, description="主管部门")
    subordinate_count: Quantity | None = Field(None, description="下属单位个数")


class Part(Located):
    """One component of a total (其中…), with its stated share of the total if any (占比)."""

    label: str
    value: Quantity
    share: Quantity | None = Field(None, description="占比 as stated, e.g. 96.96%")


class Breakdown(Located):
    """`total` 其中 `parts`: a stated total and its stated components.

    `complete` says the parts are meant to add up to the total (资产 = 流动 + 非流动). When a
    report lists only some components (实有7人，其中行政在职2人), `complete` is false and only
    parts exceeding the total are inconsistent.
    """

    label: str
    total: Quantity | None = None
    parts: list[Part] = Field(default_factory=list)
    complete: bool = True
    closed: bool = Field(False, description="the parts are not counted, but the list ends its "
                         "sentence with its last part (no 等): it reads as every part")
    note: Text | None = Field(None, description="what the report states instead of a figure, "
                              "e.g. 单位无未偿还负债, 无非流动资产")


class Ratio(Located):
    """A stated rate with the figures it is computed from: stated = numerator / denominator."""

    label: str
    stated: Quantity
    numerator: Quantity
    denominator: Quantity
    subject: str | None = Field(None, description="what the rate belongs to, as Fact.subject")


class BudgetRow(Located):
    """One row of 预算数 / 执行数 / 执行率 (a funding source, an expenditure class, or a unit)."""

    label: str
    initial_budget: Quantity | None = Field(None, description="年初预算数")
    budget: Quantity | None = Field(None, description="全年预算数 (调整后)")
    executed: Quantity | None = Field(None, description="全年执行数 / 决算数")
    rate: Quantity | None = Field(None, description="执行率 as stated")
    weight: Quantity | None = Field(None, description="分值 of the row when it is scored (the 预算执行率 "
                                    "row of a 项目支出绩效自评表: 10)")
    score: Quantity | None = Field(None, description="得分 of a scored row (执行率 × 分值, as stated)")
    self_score: Quantity | None = Field(None, description="所属单位自评分数 (汇总表)")
    review_score: Quantity | None = Field(None, description="主管部门复核分数 (汇总表)")
    reason: Text | None = Field(None, description="偏差原因 given for this row")


class BudgetTable(Located):
    """A block of budget rows whose money columns add up to `total` (收入, 支出, 资金来源, 资金结构,
    the 自评汇总表 with its 合计 row, the 项目支出绩效自评表's 年度资金总额 with its `其中` rows).
    `complete` as in Breakdown."""

    kind: Literal["收入", "支出", "资金来源", "资金结构", "汇总", "整体"] | str
    title: str | None = None
    total: BudgetRow | None = None
    rows: list[BudgetRow] = Field(default_factory=list)
    complete: bool = True
    closed: bool = Field(False, description="as Breakdown.closed: rows stated as a 其中 list that "
                         "ends its sentence with its last part")


class Indicator(Located):
    """A node of the indicator tree: 一级 / 二级 / 三级 指标.

    `weight` is the 分值/权重; `target` the 年度指标值 (with comparator); `actual` the 全年完成值;
    `score` the 得分; `reason` the 偏差原因. A parent's weight should equal its children's sum.
    """

    name: Text
    level: int = Field(ge=1, le=3)
    weight: Quantity | None = None
    score: Quantity | None = None
    target: Quantity | None = None
    actual: Quantity | None = None
    reason: Text | None = None
    children: list[Indicator] = Field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


class Evaluation(Located):
    """The self-evaluation result: 总分 and 等级 as stated."""

    total_score: Quantity | None = Field(None, description="自评总分")
    max_score: Quantity | None = Field(None, description="满分, usually 100")
    review_score: Quantity | None = Field(None, description="主管部门复核分数")
    grade: Text | None = Field(None, description="等级: 优/良/中/差")


class Section(Located):
    """A narrative section: heading and body text as they appear in the report.

    `role` is what the section is for in the report's form profile (`targets`, `outputs`,
    `problems` …, perflint.profiles.model.ROLES), whatever its wording: rules ask the role instead
    of matching heading words of one region. A section under a heading with a role and no role
    of its own is still inside that role (`Report.sections_with_role`)."""

    heading: Text
    level: int = 1
    body: Text | None = None
    role: str | None = Field(None, description="the section's role in the form profile")


class ReportPart(Located):
    """A part of a document that is of another kind than the whole (a 汇总表 or a 自评表 attached
    to a 部门整体 report)."""

    kind: str
    profile: str | None = Field(None, description="the form profile the part was read with")
    title: Text | None = None


class Fact(Located):
    """A figure stated in the narrative that names a concept (满意度, 总分, 执行率 …).

    Cross-reference rules compare every statement of the same concept across table and text.
    `subject` says what the figure belongs to when the text names it (项目支出, 甲县, a fund, a
    document, a year such as 2022年; levels joined by `·`, e.g. `2022年·甲县·项目支出`); None is
    the report as a whole. Two facts state the same quantity only when concept and subject agree.
    """

    concept: str
    value: Quantity
    subject: str | None = Field(None, description="what the figure belongs to (None: the report "
                                "as a whole); levels joined by ·")


class Report(Located):
    """One self-evaluation report, as normalized data."""

    perflint: int = Field(FORMAT_VERSION, description="format version of this document")
    kind: str = Field("department-report", description="report kind: department-report, "
                      "department-table, project-report, project-table, transfer-report, "
                      "transfer-table, summary-table or unknown (a Chinese document type such as "
                      "部门整体支出绩效自评报告 is read as the kind it names)")
    profile: str | None = Field(None, description="the form profile the report was read with, "
                                "e.g. national/project-table")
    parts: list[ReportPart] = Field(default_factory=list, description="parts of another kind "
                                    "(a 汇总表 after the report)")
    title: Text | None = None
    year: int | None = None
    unit: Unit = Field(default_factory=Unit)
    subunits: list[Unit] = Field(default_factory=list, description="所属单位, for a 部门 report")
    money_unit: str = Field("万元", description="unit of money figures that state none (单位：万元)")
    staffing: list[Breakdown] = Field(default_factory=list, description="编制 / 实有 人数")
    balance_sheets: list[BalanceSheet] = Field(default_factory=list)
    budget_tables: list[BudgetTable] = Field(default_factory=list)
    breakdowns: list[Breakdown] = Field(default_factory=list, description="other totals with parts")
    ratios: list[Ratio] = Field(default_factory=list, description="rates with numerator/denominator")
    indicators: list[Indicator] = Field(default_factory=list, description="一级 indicators")
    evaluation: Evaluation | None = None
    facts: list[Fact] = Field(default_factory=list)
    preamble: Text | None = Field(None, description="text before the first heading (often cites "
                                  "the governing documents)")
    sections: list[Section] = Field(default_factory=list)
    source_text: str | None = Field(None, description="full text of a raw source, for text rules")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_id(cls, value: object) -> object:
        return normalize_kind(value) if isinstance(value, str) else value

    def all_indicators(self):
        for root in self.indicators:
            yield from root.walk()


class BalanceSheet(Located):
    """资产 / 负债 / 净资产 with their breakdowns, and 资产负债率 as stated.

    Several entities (本级 and each 所属单位) may each have one; `entity` names which.
    """

    entity: str | None = None
    assets: Breakdown | None = None
    liabilities: Breakdown | None = None
    net_assets: Breakdown | None = None
    debt_ratio: Quantity | None = Field(None, description="资产负债率 as stated")


Report.model_rebuild()

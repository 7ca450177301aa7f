"""What a form profile says, validated: the knowledge of one report kind in one region, as data.

A profile tells extraction how a kind of document is laid out in a region, so that core code
knows Chinese numbers, sentences and tables but no province:

- `detect`: how to recognize the document (title patterns, table-header signatures, outline
  headings that only this region's layout has);
- `outline`: the headings of the report with the *role* each plays (targets, outputs, problems …),
  which headings are required, and the other wordings they come in;
- `columns`: table header aliases → the field each column holds, per table type;
- `lexicon`: label → role, how a figure's label says what it is (预算数, 执行率, 资产合计 …);
- `scoring`: where the points are (the 预算执行率 row of the national project form is worth 10 of
  the 100 points), and the grade bands.

Profiles extend one another (`extends: national/base`): a child's outline replaces its parent's,
its columns, lexicon and detect patterns are added to its parent's (its own tried first). See
`perflint.profiles.registry`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from perflint.lang import Message
from perflint.profiles.kinds import KINDS

#: Section roles: what a heading's section is for, whatever its wording in a region.
ROLES: dict[str, str] = {
    "score": "自评得分情况",
    "overview": "部门（单位）或项目概况",
    "duties": "职责职能、机构、人员及资产",
    "goals": "履职总体目标、工作任务",
    "targets": "年度绩效目标（指标值）",
    "management": "预算绩效管理开展情况",
    "budget": "预算及执行情况",
    "performance": "绩效目标实现情况",
    "outputs": "产出（履职完成）情况",
    "effects": "效益（履职效果）情况",
    "satisfaction": "满意度",
    "problems-measures": "存在问题及改进措施",
    "problems": "存在问题及原因",
    "measures": "改进措施",
    "disclosure": "结果应用和公开",
    "other": "其他",
}

#: Table types whose columns a profile names, and the fields each may map to.
TABLE_FIELDS: dict[str, frozenset[str]] = {
    "budget": frozenset({"index", "initial_budget", "budget", "executed", "rate", "weight", "score",
                         "self_score", "review_score", "reason", "label"}),
    "indicators": frozenset({"l1", "l2", "l3", "target", "actual", "weight", "score", "reason"}),
    # row labels rather than headers: `total` names the rows that are their block's total
    # (the national project form's 年度资金总额), as 合计 is everywhere
    "budget_rows": frozenset({"total"}),
}

#: What a figure's label can say it is (perflint.extract.clauses.Kind, less `generic`): the roles a
#: profile's `lexicon` maps label patterns to.
LABEL_ROLES: frozenset[str] = frozenset({
    "assets", "asset_part", "liabilities", "liability_part", "net_assets", "net_part", "debt_ratio",
    "share", "x_share", "budget", "executed", "rate", "staff_total", "staff_actual", "staff_part",
    "money_part", "satisfaction", "score_total"})

_ID = r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"


#: The validation context (this very object) of perflint's own profile files
#: (perflint.profiles.registry.build): their patterns are compiled by a test
#: (tests/core/test_profile_files.py), not at every start-up, where checking them compiled seventy
#: regular expressions that a run of normalized YAML never uses.
OWN_FILE = {"own_file": True}


def _check_patterns(patterns: list[str], info: ValidationInfo) -> list[str]:
    """A profile's regular expressions compile; said with the pattern and the reason when one does not."""
    if info.context is OWN_FILE:
        return patterns
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(Message(f"正则表达式 {pattern!r} 有误：{exc}",
                                     f"invalid regular expression {pattern!r}: {exc}")) from None
    return patterns


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OutlineEntry(Strict):
    """One heading of the outline. `title` is the canonical wording; `aliases` are other wordings
    that name the same section (matched with the same fuzziness: numbering, `（单位）`, `当年`,
    punctuation and a trailing explanation after `：` are ignored)."""

    title: str = Field(min_length=2)
    role: str | None = None
    aliases: list[str] = []
    required: bool = False
    children: list[OutlineEntry] = []

    @field_validator("role")
    @classmethod
    def _known_role(cls, role: str | None) -> str | None:
        if role is not None and role not in ROLES:
            raise ValueError(Message(f"未知的章节角色（role）“{role}”；可用：{'、'.join(ROLES)}",
                                     f"unknown section role {role!r}; known: {', '.join(ROLES)}"))
        return role


class Detect(Strict):
    """How a document of this profile is recognized.

    `titles` are regular expressions searched in the document's title lines (its first short
    paragraphs, and the captions of its parts); `headers` are sets of header words that must all
    appear in one row of one table; `headings` are outline headings of which at least
    `min_headings` must be present (a region's own layout, when its titles are the national ones).
    """

    titles: list[str] = []
    headers: list[list[str]] = []
    headings: list[str] = []
    min_headings: int = Field(2, ge=1)
    #: a cover sheet (a 汇总表 a 主管部门 puts before its own 自评表): when the document has a part
    #: of another kind after it, that part's kind is the document's and the cover is a part
    cover: bool = False

    _titles = field_validator("titles")(_check_patterns)


class LexiconEntry(Strict):
    """Labels (regular expressions searched in a figure's label, spaces removed) that name one
    role: `{role: budget, labels: ['预算数$', '调整后预算$']}`. The first entry whose pattern
    matches decides, so the more specific wordings come first (流动资产合计 is a part)."""

    role: str
    labels: list[str] = Field(min_length=1)

    _labels = field_validator("labels")(_check_patterns)

    @field_validator("role")
    @classmethod
    def _known_role(cls, role: str) -> str:
        if role not in LABEL_ROLES:
            known = sorted(LABEL_ROLES)
            raise ValueError(Message(f"未知的标签角色（role）“{role}”；可用：{'、'.join(known)}",
                                     f"unknown label role {role!r}; known: {', '.join(known)}"))
        return role


class FundsRow(Strict):
    """The budget row scored inside the indicator total (the national project form's 预算执行率:
    `分值 10`, `得分 9.5`, counted in the 100 points)."""

    weight: Decimal | None = Field(None, description="its usual 分值; the row's own cell wins")


class Band(Strict):
    grade: str
    min: Decimal


class Scoring(Strict):
    total: Decimal | None = Field(None, description="满分 of the whole form, usually 100")
    funds_row: FundsRow | None = None
    grades: list[Band] = []


class ProfileFile(Strict):
    """A profile as written in its YAML file."""

    id: str = Field(pattern=_ID, description="region/name, e.g. national/project-table")
    kind: str | None = Field(None, description="the report kind; None for an abstract base profile")
    region: str | None = None
    extends: str | None = Field(None, pattern=_ID)
    description: str = ""
    sources: list[str] = []
    priority: int = Field(0, description="among profiles of one kind that all match, the higher wins")
    detect: Detect = Detect()
    outline: list[OutlineEntry] | None = None
    columns: dict[str, dict[str, list[str]]] = {}
    lexicon: list[LexiconEntry] = []
    scoring: Scoring | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str | None) -> str | None:
        if kind is not None and (kind not in KINDS or kind == "unknown"):
            known = [k for k in KINDS if k != "unknown"]
            raise ValueError(Message(f"未知的报告类型“{kind}”；可用：{'、'.join(known)}",
                                     f"unknown report kind {kind!r}; known: {', '.join(known)}"))
        return kind

    @field_validator("columns")
    @classmethod
    def _known_columns(cls, columns: dict[str, dict[str, list[str]]],
                       info: ValidationInfo) -> dict[str, dict[str, list[str]]]:
        for table, fields in columns.items():
            if table not in TABLE_FIELDS:
                raise ValueError(Message(f"未知的表格类型“{table}”；可用：{'、'.join(TABLE_FIELDS)}",
                                         f"unknown table type {table!r}; known: {', '.join(TABLE_FIELDS)}"))
            unknown = sorted(set(fields) - TABLE_FIELDS[table])
            if unknown:
                known = sorted(TABLE_FIELDS[table])
                raise ValueError(Message(f"{table} 表没有列字段 {'、'.join(unknown)}；"
                                         f"可用：{'、'.join(known)}",
                                         f"unknown {table} column field(s) {', '.join(unknown)}; "
                                         f"known: {', '.join(known)}"))
            for patterns in fields.values():
                _check_patterns(patterns, info)
        return columns

    @model_validator(mode="before")
    @classmethod
    def _region_from_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and "region" not in data and isinstance(data.get("id"), str):
            data = {**data, "region": data["id"].split("/", 1)[0]}
        return data


OutlineEntry.model_rebuild()

"""The fixed vocabulary of report kinds: what a 绩效自评 document is, independent of its region.

Every Report carries one of these ids in `Report.kind` and the JSON contract reports it per file.
Older normalized files wrote the Chinese document type (`部门整体支出绩效自评报告`); `normalize_kind`
reads those as the id they name, so a file written before kinds existed keeps its meaning.
"""

from __future__ import annotations

#: kind id → Chinese name (the document type as the forms title it)
KINDS: dict[str, str] = {
    "department-report": "部门整体支出绩效自评报告",
    "department-table": "部门整体支出绩效自评表",
    "project-report": "项目支出绩效自评报告",
    "project-table": "项目支出绩效自评表",
    "transfer-report": "转移支付绩效自评报告",
    "transfer-table": "转移支付绩效自评表",
    "summary-table": "绩效自评汇总表",
    "unknown": "未识别的文档",
}

UNKNOWN = "unknown"

#: Fragments of the older free-text kinds, most specific first, and the id each names.
_LEGACY: tuple[tuple[tuple[str, ...], str], ...] = (
    (("汇总",), "summary-table"),
    (("转移支付", "区域"), "transfer"),
    (("项目",), "project"),
    (("整体",), "department"),
)


def normalize_kind(value: str) -> str:
    """The kind id `value` names: an id as is, or a Chinese document type such as
    `部门整体支出绩效自评报告` (a 表 is a table, anything else a report). Unrecognized text is
    `unknown` rather than an error, so a hand-written file is still linted."""
    value = value.strip()
    if value in KINDS:
        return value
    for fragments, kind in _LEGACY:
        if any(fragment in value for fragment in fragments):
            if kind == "summary-table":
                return kind
            return f"{kind}-table" if value.endswith("表") else f"{kind}-report"
    return UNKNOWN


def kind_label(kind: str, lang: str = "zh") -> str:
    """How output names a kind: the Chinese document type, or the id in English output."""
    return kind if lang == "en" else KINDS.get(kind, kind)

"""The normalized report model that loaders produce and rules read."""

from perflint.model.quantity import Quantity, Text
from perflint.model.report import (
    FORMAT_VERSION,
    BalanceSheet,
    Breakdown,
    BudgetRow,
    BudgetTable,
    Evaluation,
    Fact,
    Indicator,
    Part,
    Ratio,
    Report,
    ReportPart,
    Section,
    Unit,
)
from perflint.model.span import Located, LocatedDict, LocatedList, LocatedStr, Span

__all__ = [
    "FORMAT_VERSION",
    "BalanceSheet",
    "Breakdown",
    "BudgetRow",
    "BudgetTable",
    "Evaluation",
    "Fact",
    "Indicator",
    "Located",
    "LocatedDict",
    "LocatedList",
    "LocatedStr",
    "Part",
    "Quantity",
    "Ratio",
    "Report",
    "ReportPart",
    "Section",
    "Span",
    "Text",
    "Unit",
]

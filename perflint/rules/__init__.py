"""Built-in rules, one module per rule, grouped by family (arithmetic, execution, scoring …)."""

from perflint.rules.base import CheckContext, CorpusRule, ReportRule, Rule

__all__ = ["CheckContext", "CorpusRule", "ReportRule", "Rule"]

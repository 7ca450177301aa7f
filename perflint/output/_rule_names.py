"""How the HTML report names a rule: its title in the reader's language and its family.

A bureau reader knows neither `PL103` nor `execution-rate`: each code is shown with its Chinese
title (perflint.ruledocs), and the overview counts findings by family (计算, 执行, 评分,
前后一致, 完整性, 文本), what kind of defect they are, not by code range. The family of
a code is the first of its rule's `groups` that names one (a plugin's rule grouped
`("cross-reference", "jiangxi")` counts as 前后一致); a code whose rule is not known, or names
no family, falls back to its code range (DESIGN.md: PL1xx arithmetic … PL6xx text); the reserved
PL000/PL001 are `input` (the file or perflint failed, not the report); anything else is `other`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from perflint.findings import Finding
from perflint.output._common import family as code_range
from perflint.ruledocs import title

#: Families in the order the overview shows them.
FAMILIES: tuple[str, ...] = ("input", "arithmetic", "execution", "scoring", "crossref", "completeness",
                             "text", "other")

#: Shown only when some finding is in them: most runs have none.
OCCASIONAL = frozenset({"input", "other"})

NAMES: dict[str, dict[str, str]] = {
    "zh": {"input": "无法检查", "arithmetic": "计算", "execution": "执行", "scoring": "评分",
           "crossref": "前后一致", "completeness": "完整性", "text": "文本", "other": "其他"},
    "en": {"input": "not checked", "arithmetic": "arithmetic", "execution": "execution",
           "scoring": "scoring", "crossref": "consistency", "completeness": "completeness",
           "text": "text", "other": "other"},
}

#: Group names rules use for a family under another spelling.
_ALIASES = {"cross-reference": "crossref"}

_BY_RANGE = {"PL0xx": "input", "PL1xx": "arithmetic", "PL2xx": "execution", "PL3xx": "scoring",
             "PL4xx": "crossref", "PL5xx": "completeness", "PL6xx": "text"}


def _rule_class(rules: Mapping[str, Any], code: str) -> Any:
    """The rule class of `code` in a host's `{code: RegisteredRule}` (or `{code: rule class}`)."""
    registered = rules.get(code)
    return getattr(registered, "rule", registered)


def family_of(code: str, rules: Mapping[str, Any]) -> str:
    """The family of `code` among `rules` (a host's `{code: RegisteredRule}`)."""
    rule = _rule_class(rules, code)
    for group in getattr(rule, "groups", ()) or ():
        name = _ALIASES.get(group, group)
        if name in FAMILIES and name not in OCCASIONAL:
            return name
    return _BY_RANGE.get(code_range(code), "other")


def families(codes: Iterable[str], rules: Mapping[str, Any] | None) -> dict[str, str]:
    """`family_of` for each code; without `rules`, the installed ones (built-in and plugins)."""
    rules = _installed(rules)
    return {code: family_of(code, rules) for code in set(codes)}


def _installed(rules: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if rules is not None:
        return rules
    from perflint.testing import default_host

    return default_host().rules


def titles(findings: Iterable[Finding], rules: Mapping[str, Any] | None, lang: str) -> dict[str, str]:
    """The title of each code the findings use. A code nothing documents (a `-p` plugin's rule
    without a title) is named by its finding's rule name, which says more than the code."""
    rules = _installed(rules)
    names: dict[str, str] = {}
    for finding in findings:
        names.setdefault(finding.code, finding.rule or finding.code)
    found = {code: title(code, lang, rule=_rule_class(rules, code)) for code in names}
    return {code: names[code] if text == code else text for code, text in found.items()}

"""What the machine and review formats (sarif, github, junit, html, xlsx) share.

Paths, rule families, severity labels and the rule catalogue are computed here once, so that a
finding reads the same in a CI annotation, in the auditor's HTML page and in the bureau's
workbook. This module has no FORMAT, so it is not offered as an output format itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, SEVERITY_RANK, Finding
from perflint.lang import SEVERITY_LABELS as SEVERITY_LABELS  # one table for every format
from perflint.model import Span
from perflint.runner import FileResult, RunResult

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


#: Rule families by code range (DESIGN.md); PL0xx are the reserved input/internal codes and
#: "other" collects codes of plugins that do not follow the PLnxx scheme.
FAMILIES: tuple[str, ...] = ("PL0xx", "PL1xx", "PL2xx", "PL3xx", "PL4xx", "PL5xx", "PL6xx", "other")

FAMILY_LABELS: dict[str, dict[str, str]] = {
    "zh": {"PL0xx": "输入/内部", "PL1xx": "算术", "PL2xx": "执行", "PL3xx": "评分", "PL4xx": "交叉核对",
           "PL5xx": "完整性", "PL6xx": "文本质量", "other": "其他"},
    "en": {"PL0xx": "input/internal", "PL1xx": "arithmetic", "PL2xx": "execution", "PL3xx": "scoring",
           "PL4xx": "cross-reference", "PL5xx": "completeness", "PL6xx": "text quality", "other": "other"},
}

_FAMILY_CODE = re.compile(r"PL(\d)\d\d")

#: Files whose text the review formats can show line by line (.docx/.xlsx show quotes only).
TEXT_SUFFIXES = frozenset({".txt", ".yaml", ".yml", ".json"})

#: Where each of perflint's rules (and the reserved PL000/PL001) is documented: SARIF's `helpUri`
#: and the link on a code in a terminal. One page per code, so a link never moves when rules are
#: added; a plugin's rule links to its own `docs_url` (a class attribute), if it declares one.
RULE_DOCS_URL = "https://github.com/perflint/perflint/blob/main/docs/rules/{code}.md"

#: Linted files whose bytes are stored elsewhere than their path (`check -`: stdin is saved to
#: a temporary file and shown as its `--stdin-filename`): shown path → stored path.
_STORED_AT: dict[Path, Path] = {}


def labels(table: Mapping[str, Mapping[str, str]], lang: str) -> Mapping[str, str]:
    """The table for `lang`, Chinese when the language is unknown (report-facing default)."""
    return table.get(lang) or table["zh"]


def family(code: str) -> str:
    """`PL101` → `PL1xx`; a plugin's own scheme (`JX101`) → `other`."""
    match = _FAMILY_CODE.fullmatch(code)
    return f"PL{match.group(1)}xx" if match else "other"


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when it lies below
    it (so CI annotations and SARIF URIs match the checkout), else as given; always with `/`."""
    try:
        if path.is_absolute():
            path = path.relative_to(Path.cwd())
    except ValueError:
        pass
    return path.as_posix()


def unit_name(file: FileResult) -> str | None:
    """The budget unit (预算单位) the report names, when the file could be read."""
    if file.unit_name:
        return file.unit_name
    report = file.report
    name = getattr(getattr(report, "unit", None), "name", None) if report is not None else None
    text = getattr(name, "text", None)
    return str(text) if text else None


@contextmanager
def stored_at(shown: Path, stored: Path) -> Iterator[None]:
    """While the output is made, the formats that quote the source read the file shown as
    `shown` from `stored` (a report read from stdin has no file of its own)."""
    _STORED_AT[shown] = stored
    try:
        yield
    finally:
        del _STORED_AT[shown]


def stored_path(path: Path) -> Path:
    """Where the bytes of the linted file shown as `path` are (`stored_at`)."""
    return _STORED_AT.get(path, path)


def source_text(path: Path) -> str | None:
    """The file's text for formats that are text (read like the loaders do), else None."""
    stored = stored_path(path)
    if stored.suffix.lower() not in TEXT_SUFFIXES:
        return None
    from perflint.reading import read_text

    try:
        return read_text(stored)
    except Exception:  # unreadable now (moved, binary): the report falls back to quotes
        return None


def docs_url(code: str, plugin: str | None, rule: Any = None) -> str | None:
    """The page documenting a rule: its own `docs_url` when it declares one, perflint's
    (`RULE_DOCS_URL`) for perflint's rules and reserved codes, else None (a plugin's rule that
    names no page: a link into perflint's docs would be a dead one)."""
    own = getattr(rule, "docs_url", None)
    if isinstance(own, str) and own:
        return own
    return RULE_DOCS_URL.format(code=code) if plugin in (None, "perflint") else None


def fix_replacement(finding: Finding) -> str | None:
    """What replaces a fixable finding's span (`fixable` and `expected` set): `expected` in the
    quotes the span is written in (a YAML/JSON string stays a string), a full-width ％ kept. None
    when there is no fix or no line and column to apply it at (a .docx cell, a multi-line span)."""
    span = finding.span
    if not finding.fixable or finding.expected is None or span is None:
        return None
    if span.location or span.end_line != span.line:
        return None
    expected = finding.expected
    if "％" in span.quote and expected.endswith("%"):
        expected = expected[:-1] + "％"
    quote = span.quote
    if len(quote) >= 2 and quote[0] == quote[-1] and quote[0] in "\"'":
        return quote[0] + expected + quote[0]
    return expected


@dataclass(frozen=True)
class Statistic:
    """One row of `--statistics`: a code, its rule's name, how many findings it has, how many
    of them are fixable, and the most severe of their severities."""

    code: str
    name: str
    severity: str
    count: int
    fixable: int


def statistics(result: RunResult) -> list[Statistic]:
    """Findings counted per code, most frequent first (ruff's `--statistics`). A code's severity
    is that of its most severe finding: a config may change a rule's severity for some files."""
    rows: dict[str, list[Finding]] = {}
    for file in result.files:
        for finding in file.unpacked():
            rows.setdefault(finding.code, []).append(finding)
    stats = [Statistic(code=code, name=findings[0].rule or code,
                       severity=max((f.severity for f in findings), key=SEVERITY_RANK.__getitem__),
                       count=len(findings), fixable=sum(fix_replacement(f) is not None for f in findings))
             for code, findings in rows.items()]
    return sorted(stats, key=lambda row: (-row.count, row.code))


def position(span: Span | None, lang: str) -> str:
    """A place a person can find: `第21行第12列` / `line 21, column 12`, or the cell a .docx/.xlsx
    loader named (`表2 第3行 第4列`)."""
    if span is None:
        return ""
    if span.location:
        return span.location
    if lang == "en":
        return f"line {span.line}, column {span.column}"
    return f"第{span.line}行第{span.column}列"


def counts_by(findings: Iterable[Finding]) -> tuple[dict[str, int], dict[str, int]]:
    """Counts by severity and by family, with every key present (zero when none)."""
    severities = dict.fromkeys(SEVERITIES, 0)
    families = dict.fromkeys(FAMILIES, 0)
    for finding in findings:
        severities[finding.severity] = severities.get(finding.severity, 0) + 1
        families[family(finding.code)] += 1
    return severities, families


@dataclass(frozen=True)
class RuleInfo:
    """What the catalogue says about a code: name, default severity, one line and the full docs."""

    code: str
    name: str
    severity: str
    summary: str
    documentation: str
    groups: tuple[str, ...] = ()
    plugin: str | None = None
    #: the rule's documentation page (`docs_url`)
    help_uri: str | None = None


_RESERVED: dict[str, dict[str, RuleInfo]] = {
    "zh": {
        INPUT_ERROR: RuleInfo(INPUT_ERROR, "input-error", "error", "文件无法读取或不符合格式。",
                              "文件无法读取、解码或校验（格式错误、编码错误、缺少必填项等）。"
                              "该文件的其他规则未运行。"),
        INTERNAL_ERROR: RuleInfo(INTERNAL_ERROR, "internal-error", "error", "某条规则运行时崩溃。",
                                 "某条规则（或其插件）在检查该文件时抛出异常；其结论缺失。"
                                 "请将消息报告给该插件的维护者。"),
    },
    "en": {
        INPUT_ERROR: RuleInfo(INPUT_ERROR, "input-error", "error", "The file could not be read.",
                              "The file could not be read, decoded or validated (syntax, encoding, "
                              "missing fields). No other rule ran on it."),
        INTERNAL_ERROR: RuleInfo(INTERNAL_ERROR, "internal-error", "error", "A rule crashed.",
                                 "A rule (or its plugin) raised an exception on this file, so its "
                                 "verdict is missing. Report the message to the plugin's maintainers."),
    },
}


def reserved_rules(lang: str = "zh") -> Mapping[str, RuleInfo]:
    """The codes perflint reserves for a file it could not check (PL000) and a rule that crashed
    (PL001), described in `lang`: they have no rule class, yet a documentation page each."""
    return labels(_RESERVED, lang)


def rule_catalogue(findings: Iterable[Finding], rules: Mapping[str, Any] | None = None,
                   lang: str = "zh") -> dict[str, RuleInfo]:
    """Every known rule plus every code the findings use, sorted by code.

    `rules` is a host's `{code: RegisteredRule}`; by default the installed rules (built-in and
    entry-point plugins). A finding from a rule the catalogue does not know (a `-p` plugin the
    formatter was not told about) still gets an entry built from the finding itself, so every
    SARIF result has a rule to point at.
    """
    if rules is None:
        from perflint.testing import default_host

        rules = default_host().rules
    catalogue: dict[str, RuleInfo] = {}
    for code, registered in rules.items():
        rule = getattr(registered, "rule", registered)
        plugin = getattr(registered, "plugin", None)
        catalogue[code] = RuleInfo(
            code=code, name=rule.name, severity=rule.severity, summary=rule.summary(),
            documentation=rule.documentation(), groups=tuple(getattr(rule, "groups", ())),
            plugin=plugin, help_uri=docs_url(code, plugin, rule))
    reserved = reserved_rules(lang)
    for finding in findings:
        if finding.code in catalogue:
            continue
        if finding.code in reserved:
            catalogue[finding.code] = replace(reserved[finding.code], help_uri=docs_url(finding.code, None))
        else:
            catalogue[finding.code] = RuleInfo(
                code=finding.code, name=finding.rule or finding.code, severity=finding.severity,
                summary=finding.rule or finding.code, documentation="", plugin=finding.plugin,
                help_uri=docs_url(finding.code, finding.plugin))
    return dict(sorted(catalogue.items()))

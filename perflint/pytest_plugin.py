"""pytest collects `*.cases.yaml` files: pass/fail cases for rules, written without Python.

A district adds a rule in YAML and proves it with cases next to it::

    rule: DH101                  # code(s) under test: only these run
    ruleset: nanchang-donghu     # optional
    cases:
      - name: 管理指标权重不是30分
        report: |                # a normalized report (YAML text or mapping)
          indicators:
            - {name: 管理指标, level: 1, weight: "28"}
        expect: [DH101]          # codes, or mappings {code, quote, line}
      - name: 正确
        report: {indicators: [{name: 管理指标, level: 1, weight: "30"}]}
        expect: []

A case may give the report's raw text instead, so a district can pin how perflint reads its own
layout (headings, sentences, tables) without writing Python::

      - name: 执行率算错
        source: |                # the report as exported to .txt
          二、预算执行情况
          支出预算数200万元，其中项目支出80万元；决算数150万元，其中项目支出50万元，执行率80%。
        expect:
          - {code: PL103, quote: "80%", line: 2}    # 150 ÷ 200 = 75%

`source` is linted exactly as a .txt file with that content would be (`format: txt`, the default;
`format: yaml` reads it as a normalized report instead), so `line` and `quote` refer to the text
of `source` itself: line 1 is its first line. A case gives either `report` or `source`, never
both; unknown keys, formats or `expect` fields are a usage error rather than a check that
silently does not happen.

Installed as a pytest11 entry point by perflint, so `pytest` in a plugin's folder runs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from perflint.config import ConfigError


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(".cases.yaml"):
        return CasesFile.from_parent(parent, path=file_path)
    return None


class CasesFile(pytest.File):
    def repr_failure(self, excinfo, style=None):
        """A malformed cases file is its author's mistake: say what is wrong, without a traceback
        into perflint."""
        if isinstance(excinfo.value, pytest.UsageError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def collect(self):
        from perflint.config import _read_yaml

        try:
            document = _read_yaml(self.path)
        except ConfigError as exc:
            raise pytest.UsageError(str(exc)) from None
        if not isinstance(document, dict) or "cases" not in document:
            raise pytest.UsageError(f"{self.path}: a cases file needs 'rule' and 'cases'")
        codes = document.get("rule")
        codes = [codes] if isinstance(codes, str) else list(codes or [])
        for index, case in enumerate(document["cases"] or []):
            name = str((case.get("name") if isinstance(case, dict) else None) or f"case {index + 1}")
            text, suffix = case_input(case, f"{self.path}: {name}")
            yield CaseItem.from_parent(self, name=name, case=case, codes=codes, text=text, suffix=suffix,
                                       ruleset=document.get("ruleset"),
                                       plugins=tuple(document.get("plugins") or ()))


#: What a case's `format` names: the suffix of the file its text is linted as.
FORMATS = {"txt": ".txt", "yaml": ".yaml"}
CASE_KEYS = frozenset({"name", "report", "source", "format", "expect"})
EXPECT_KEYS = frozenset({"code", "quote", "line"})


def case_input(case: Any, where: str) -> tuple[str, str]:
    """The text a case lints and the suffix of the file it is linted as, or a usage error that
    says what is wrong: a malformed case must stop the run, not pass by checking nothing."""
    if not isinstance(case, dict):
        raise pytest.UsageError(f"{where}: a case is a mapping with 'report' or 'source' and 'expect'")
    unknown = sorted(set(map(str, case)) - CASE_KEYS)
    if unknown:
        raise pytest.UsageError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                                f"known: {', '.join(sorted(CASE_KEYS))}")
    has_report, has_source = "report" in case, "source" in case
    if has_report == has_source:
        raise pytest.UsageError(f"{where}: give either 'report' (a normalized report) or 'source' (a "
                                f"report's raw text), not {'both' if has_report else 'neither'}")
    fmt = str(case.get("format", "txt" if has_source else "yaml"))
    if fmt not in FORMATS:
        raise pytest.UsageError(f"{where}: unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    _check_expect(case.get("expect"), where)
    if has_report:
        if fmt != "yaml":
            raise pytest.UsageError(f"{where}: 'report' is a normalized report (format yaml); "
                                    f"give raw text as 'source' with format: {fmt}")
        return _as_yaml(case["report"]), FORMATS["yaml"]
    if not isinstance(case["source"], str):
        raise pytest.UsageError(f"{where}: 'source' is the report's text, written as `source: |`")
    return case["source"], FORMATS[fmt]


def _check_expect(expect: Any, where: str) -> None:
    if expect is None:
        return
    if not isinstance(expect, list):
        raise pytest.UsageError(f"{where}: 'expect' is a list of codes or of {{code, quote, line}}")
    for item in expect:
        if isinstance(item, str):
            continue
        if not isinstance(item, dict) or "code" not in item:
            raise pytest.UsageError(f"{where}: expect entry {item!r} needs a 'code'")
        unknown = sorted(set(map(str, item)) - EXPECT_KEYS)
        if unknown:
            raise pytest.UsageError(f"{where}: expect entry {item!r} has unknown key(s) "
                                    f"{', '.join(unknown)}; known: {', '.join(sorted(EXPECT_KEYS))}")


def _as_yaml(report: Any) -> str:
    if isinstance(report, str):
        return str(report)
    import io

    from ruamel.yaml import YAML

    buffer = io.StringIO()
    YAML(typ="safe", pure=True).dump(_plain(report), buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, bool) else str(value)


class CaseItem(pytest.Item):
    def __init__(self, *, case: dict, codes: list[str], text: str, suffix: str, ruleset: str | None,
                 plugins: tuple, **kw):
        super().__init__(**kw)
        self.case, self.codes, self.ruleset, self.plugins = case, codes, ruleset, plugins
        self.text, self.suffix = text, suffix

    def runtest(self) -> None:
        from perflint.testing import lint_text

        findings = lint_text(self.text, suffix=self.suffix, select=self.codes or None,
                             ruleset=self.ruleset, plugins=self.plugins)
        expected = self.case.get("expect") or []
        actual = [f.code for f in findings]
        wanted = [e if isinstance(e, str) else e["code"] for e in expected]
        if sorted(actual) != sorted(wanted):
            raise CaseFailure(f"expected {wanted}, got {actual}: " + "; ".join(f.message for f in findings))
        for item in expected:
            if isinstance(item, dict):
                match = [f for f in findings if f.code == item["code"]]
                if "quote" in item and not any(f.span and f.span.quote == item["quote"] for f in match):
                    raise CaseFailure(f"no {item['code']} quoting {item['quote']!r}")
                if "line" in item and not any(f.span and f.span.line == int(item["line"]) for f in match):
                    raise CaseFailure(f"no {item['code']} on line {item['line']}")

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CaseFailure):
            return f"{self.path.name} » {self.name}: {excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, 0, f"case: {self.name}"


class CaseFailure(Exception):
    """A case whose findings differ from what it expects."""

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
        for index, case in enumerate(document["cases"]):
            name = str(case.get("name") or f"case {index + 1}")
            yield CaseItem.from_parent(self, name=name, case=case, codes=codes,
                                       ruleset=document.get("ruleset"),
                                       plugins=tuple(document.get("plugins") or ()))


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
    def __init__(self, *, case: dict, codes: list[str], ruleset: str | None, plugins: tuple, **kw):
        super().__init__(**kw)
        self.case, self.codes, self.ruleset, self.plugins = case, codes, ruleset, plugins

    def runtest(self) -> None:
        from perflint.testing import lint_yaml

        findings = lint_yaml(_as_yaml(self.case["report"]), select=self.codes or None,
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

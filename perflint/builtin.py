"""The built-in plugin: perflint's own loaders, rules and formats, registered through the hooks.

Registering them imports none of their modules, because a pre-commit hook runs `perflint check
ONEFILE` on every save and importing every rule, reader and format cost more than linting the file:

- the rules come from a static index (`perflint/data/rule_index.json`: code → name, module, class)
  and each rule's module is imported when the run first needs its class, so `--select PL101`
  imports one rule module. tests/cli/test_startup.py checks the index against the rule classes
  the modules under `perflint.rules` define (`python -m perflint.builtin` rewrites it);
- each loader imports its reader the first time it reads a file, so a `.yaml` run never imports
  the Office or PDF readers;
- each format imports its module when it is first rendered (perflint.output).
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.hookspecs import hookimpl
from perflint.loaders import Loader

if TYPE_CHECKING:
    from perflint.model import Report
    from perflint.rules.base import Rule

#: The built-in rules by code; see `scan_rules` for how it is made.
RULE_INDEX = Path(__file__).parent / "data" / "rule_index.json"


@dataclass(frozen=True)
class IndexedRule:
    """A built-in rule as the index names it: what selection needs (code and name) without its module."""

    code: str
    name: str
    module: str
    cls: str

    def load(self) -> type[Rule]:
        return getattr(importlib.import_module(self.module), self.cls)


def rule_index() -> list[IndexedRule]:
    """The built-in rules in code order, as the index lists them."""
    entries = json.loads(RULE_INDEX.read_text(encoding="utf-8"))
    return [IndexedRule(code, entry["name"], entry["module"], entry["class"])
            for code, entry in entries.items()]


def scan_rules() -> dict[str, dict[str, str]]:
    """The index as the rule modules define it: every ReportRule or CorpusRule subclass with a code
    found by importing each module under `perflint.rules`. Slow (it imports them all): for the
    test that keeps the index true and for rewriting it, never for a run."""
    import inspect
    import pkgutil

    import perflint.rules as rules_package
    from perflint.rules.base import CorpusRule, ReportRule

    found: dict[str, dict[str, str]] = {}
    for info in pkgutil.walk_packages(rules_package.__path__, rules_package.__name__ + "."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (issubclass(obj, ReportRule | CorpusRule) and obj.__module__ == module.__name__
                    and getattr(obj, "code", None)):
                found[obj.code] = {"name": obj.name, "module": obj.__module__, "class": obj.__qualname__}
    return {code: found[code] for code in sorted(found)}


@hookimpl
def perflint_rules() -> list[IndexedRule]:
    """Index entries, not classes: only the built-in plugin may register a rule this way
    (perflint.host), its rules' checks being the index's test."""
    return rule_index()


def _load_yaml(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.yaml_loader").load_yaml(path)


def _load_json(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.yaml_loader").load_json(path)


def _load_txt(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.text_loader").load_txt(path)


def _load_docx(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.docx_loader").load_docx(path)


def _load_xlsx(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.xlsx_loader").load_xlsx(path)


def _load_html(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.html_loader").load_html(path)


def _load_pdf(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.pdf_loader").load_pdf(path)


def _load_converted(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.convert_loader").load_converted(path)


def _load_xls(path: Path) -> Report:
    return importlib.import_module("perflint.loaders.xls_loader").load_xls(path)


@hookimpl
def perflint_loaders() -> list[Loader]:
    """Normalized YAML/JSON first, then the raw formats auditors receive. Names and extensions
    are the loader modules' own (`LOADERS`; tests/cli/test_startup.py compares them)."""
    return [Loader("yaml", (".yaml", ".yml"), _load_yaml), Loader("json", (".json",), _load_json),
            Loader("txt", (".txt",), _load_txt), Loader("docx", (".docx",), _load_docx),
            Loader("xlsx", (".xlsx", ".xlsm"), _load_xlsx), Loader("html", (".html", ".htm"), _load_html),
            Loader("pdf", (".pdf",), _load_pdf),
            Loader("doc", (".doc", ".wps", ".rtf", ".odt"), _load_converted),
            Loader("xls", (".xls",), _load_xls)]


@hookimpl
def perflint_formatters() -> dict:
    """perflint.output's formats, each imported when it is first rendered."""
    from perflint.output import builtin_renderers

    return builtin_renderers()


if __name__ == "__main__":  # rewrite the index after adding, renaming or moving a rule
    RULE_INDEX.write_text(json.dumps(scan_rules(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

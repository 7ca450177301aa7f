"""The built-in plugin: perflint's own loaders, rules and formats, registered through the hooks.

Rules are collected from every module under ``perflint.rules`` that defines rule classes, so a new
rule module needs no registration line here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import perflint.rules as rules_package
from perflint.hookspecs import hookimpl
from perflint.loaders import Loader
from perflint.rules.base import CorpusRule, ReportRule, Rule


def _rule_classes() -> list[type[Rule]]:
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.walk_packages(rules_package.__path__, rules_package.__name__ + "."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (issubclass(obj, ReportRule | CorpusRule) and obj.__module__ == module.__name__
                    and getattr(obj, "code", None)):
                found[obj.code] = obj
    return [found[code] for code in sorted(found)]


@hookimpl
def perflint_rules() -> list[type[Rule]]:
    return _rule_classes()


@hookimpl
def perflint_loaders() -> list[Loader]:
    """Normalized YAML/JSON first, then the raw formats auditors receive."""
    from perflint.loaders import convert_loader, docx_loader, text_loader, xls_loader, xlsx_loader
    from perflint.loaders.yaml_loader import JSON_LOADER, YAML_LOADER

    return [YAML_LOADER, JSON_LOADER, *text_loader.LOADERS, *docx_loader.LOADERS, *xlsx_loader.LOADERS,
            *importlib.import_module("perflint.loaders.html_loader").LOADERS,
            *importlib.import_module("perflint.loaders.pdf_loader").LOADERS,
            *convert_loader.LOADERS, *xls_loader.LOADERS]


@hookimpl
def perflint_formatters() -> dict:
    """perflint.output's formats, each imported when it is first rendered."""
    from perflint.output import builtin_renderers

    return builtin_renderers()

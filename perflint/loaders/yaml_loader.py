"""Normalized YAML and JSON: validated into the Report model with every value's position.

The document is never constructed, so no tag can build an object, and every scalar keeps its
literal text: `21.20` stays `21.20`, not the float 21.2. A report as perflint writes it is built
into the model as its lines are read (`report_lines`, no pydantic); any other document is read into
located data (`compose`) and validated (`validate`), which decides its errors. The text perflint
writes is read into located data line by line (`yaml_lines`); any other document the general way
(`yaml_compose`, with ruamel.yaml, imported only then). JSON is read the same way (JSON is YAML
1.2) after a strict JSON syntax check.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from perflint.lang import pydantic_message
from perflint.limits import current
from perflint.loaders import report_lines, yaml_lines
from perflint.loaders.base import Loader
from perflint.loaders.yaml_lines import BUILD_DEPTH, plain_kind
from perflint.model import Report, Span
from perflint.reading import InputError, over_limit, read_text


def locate(data: Any, loc: tuple[int | str, ...]) -> Span | None:
    """The span of the deepest element of `data` on the pydantic error path `loc`."""
    span = getattr(data, "span", None)
    for key in loc:
        in_dict = isinstance(data, dict) and key in data
        in_list = isinstance(data, list) and isinstance(key, int) and key < len(data)
        if in_dict or in_list:
            data = data[key]
        else:
            continue
        span = getattr(data, "span", None) or span
    return span


def validate(data: Any) -> Report:
    """Validate loader output into a Report, turning the first schema error into an InputError:
    `字段 year 不合规：应为整数` (`year: Input should be a valid integer …` in English). The Chinese
    is perflint.lang.pydantic_message's: pydantic's English words stay for the rare error types
    it has no Chinese for."""
    if not isinstance(data, dict):
        raise InputError("报告的顶层应为映射（键: 值）", 1, 1,
                         english="a report must be a mapping at the top level")
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        path = ".".join(str(part) for part in error["loc"])
        span = locate(data, tuple(error["loc"]))
        reason = pydantic_message(error)
        message = f"字段 {path} 不合规：{reason}" if path else str(reason)
        english = f"{path}: {reason.text('en')}" if path else reason.text("en")
        if span is None:
            raise InputError(message, english=english) from None
        raise InputError(message, span.line, span.column, span.quote, english=english) from None


def compose(source: str) -> Any:
    """Parse YAML text into located plain data, with syntax errors as InputErrors. The run's
    limits are checked first, for every YAML perflint reads: reports, configs, rulesets, profiles
    and review records. The text perflint writes is read line by line (`yaml_lines`); any other
    the general way (`yaml_compose`), to the same data."""
    limits = current()
    read = yaml_lines.read(source, plain_kind, min(limits.nesting_depth, BUILD_DEPTH),
                           limits.document_nodes, limits.text_chars)
    if read is not None:
        return read
    from perflint.loaders import yaml_compose  # here: ruamel.yaml is for the other documents

    return yaml_compose.compose(source)


def load_yaml(path: Path) -> Report:
    """The report of a YAML file: built as its lines are read when it is perflint's own plainly
    valid YAML (`report_lines`), else composed and validated, which decides every error."""
    source = read_text(path)
    limits = current()
    report = report_lines.read(source, plain_kind, min(limits.nesting_depth, BUILD_DEPTH),
                               limits.document_nodes, limits.text_chars)
    return report if report is not None else validate(compose(source))


def load_json(path: Path) -> Report:
    source = read_text(path)
    check_json_syntax(source)
    return validate(compose(source))


def check_json_syntax(source: str) -> None:
    """Refuse what is not strict JSON, with the JSON parser's message and place. Numbers are
    left as text (a figure of 5,000 digits is over Python's int-str limit, and the composer
    keeps every literal anyway); a document nested deeper than the JSON parser follows is over
    `limits.nesting-depth`."""
    try:
        json.loads(source, parse_int=_literal, parse_float=_literal, parse_constant=_literal)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 格式错误：{exc.msg}", exc.lineno, exc.colno,
                         english=f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise over_limit("nesting-depth", ("JSON 数组与对象层层嵌套", "JSON arrays and objects nested")
                         ) from None


def _literal(text: str) -> str:
    """A JSON number or constant as written: only its syntax is checked here."""
    return text


YAML_LOADER = Loader("yaml", (".yaml", ".yml"), load_yaml)
JSON_LOADER = Loader("json", (".json",), load_json)

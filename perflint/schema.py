"""The JSON Schema of the normalized report format, as people write it (`perflint schema`).

The pydantic model (`perflint.model.Report`) is what perflint works on, and its own schema
describes that: figures as objects (`literal`, `value`, `decimals` …), every value with a `span`,
the source text of raw reports. A hand-written or extracted YAML file says less: a figure is its
literal (`"21.20万元"`, or a bare number `10`), a text is a string, spans are added by the loader
from the file's own positions. This module derives the format's schema from the model's, so the
two cannot drift: figures and texts become "a literal or the full object", spans and the source
text are left out. Editors (VS Code's YAML extension, JetBrains) validate with it as users type.
"""

from __future__ import annotations

from typing import Any

from perflint.model import Report

SCHEMA_ID = "https://perflint.invalid/schema/report-v1.json"
#: Model fields a document does not write: the loader or the extractor fills them.
_INTERNAL = frozenset({"span", "source_text"})
#: Definitions a document may write as one scalar: a figure as its literal, a text as itself.
_SCALAR_FORMS: dict[str, list[dict[str, Any]]] = {
    "Quantity": [{"type": "string"}, {"type": "number"}],
    "Text": [{"type": "string"}],
}


def _strip_internal(node: Any) -> None:
    """Remove the internal fields from every object schema under `node`, in place."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name in _INTERNAL & properties.keys():
                del properties[name]
            if "required" in node:
                node["required"] = [r for r in node["required"] if r not in _INTERNAL]
        for value in node.values():
            _strip_internal(value)
    elif isinstance(node, list):
        for value in node:
            _strip_internal(value)


def input_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) a normalized report document must satisfy."""
    schema = Report.model_json_schema(mode="validation")
    definitions: dict[str, Any] = schema.get("$defs", {})
    definitions.pop("Span", None)
    _strip_internal(schema)
    for name, scalars in _SCALAR_FORMS.items():
        if name in definitions:
            definitions[name] = {"anyOf": [*scalars, definitions[name]],
                                 "description": definitions[name].get("description", "")}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}

"""Pre-composed forms of the YAML data files perflint and its plugins ship.

Every `perflint check` reads the same rulesets and form profiles before it lints anything.
Parsing them (importing the YAML reader, warming it up, composing ≈ 1,500 located nodes) cost
≈ 30 ms of a one-file check's CPU, the largest part of start-up that did not depend on the file
linted. So each folder of shipped data files holds `_composed.json`: for each file, a digest of
its text and the located data the YAML reader composes from it, which is rebuilt in a fraction of
a millisecond without importing the reader. `python -m perflint.composed_forms [--plain] FOLDER …`
writes it; tests/core/test_composed_forms.py keeps every form equal to what the reader composes.

perflint's own plain data files (the phrase lists of perflint/data/boilerplate, read with a safe
YAML load, no spans) have the same in `_parsed.json` (`parsed`; `--plain`).

A form is used only for a file whose text has the digest it records (an edited file is read as
before) and only in the folders the host's hooks name (perflint's own and its plugins'
rulesets and profiles, `ship`): a config or ruleset in the folder being linted is always read by
the YAML reader, so a `_composed.json` planted beside it is never believed. Whatever the reader
refuses it still refuses with the same error: a refused file has no form.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from perflint.model.span import LocatedDict, LocatedList, LocatedStr, Span, restore

#: Bump when the encoding below changes: a form of another format is not used.
FORMAT = 1
FORM_NAME = "_composed.json"
PLAIN_FORM_NAME = "_parsed.json"

_FIELDS = ("line", "column", "end_line", "end_column", "offset", "end_offset", "location")
#: The fields the reader sets on every span (a file whose spans have others has no form).
_SET = frozenset({"line", "column", "end_line", "end_column", "quote", "offset", "end_offset"})

#: Folders whose forms may be used (absolute paths) → their form, loaded on first use.
_shipped: dict[str, dict[str, list] | None] = {}
#: perflint's plain data folders → their `_parsed.json`, loaded on first use.
_parsed: dict[str, dict[str, list]] = {}


class _Unencodable(Exception):
    """Composed data holding something the encoding does not keep exactly."""


def ship(paths: Iterable[Path]) -> None:
    """Allow the forms of the folders of these shipped data files (or folders)."""
    for path in paths:
        folder = os.path.abspath(path if path.is_dir() else path.parent)
        _shipped.setdefault(folder, None)


def composed(path: Path, text: str, compose: Callable[[str], Any]) -> Any:
    """The located data of `path`, whose text is `text`: its form's when a shipped folder's form
    records this very text, else `compose(text)`."""
    folder = os.path.dirname(os.path.abspath(path))
    if folder in _shipped:
        form = _shipped[folder]
        if form is None:
            form = _shipped[folder] = _read_form(Path(folder) / FORM_NAME)
        entry = form.get(path.name)
        if entry is not None and entry[0] == digest(text):
            try:
                return decode(entry[1], text)
            except (ValueError, TypeError, IndexError, KeyError):
                pass  # a damaged form: read the file as if it had none
    return compose(text)


def parsed(path: Path, text: str, parse: Callable[[str], Any]) -> Any:
    """The plain data of one of perflint's own data files, whose text is `text`: its folder's
    `_parsed.json`'s when that records this very text, else `parse(text)`. Only for the files
    perflint ships (the caller names them), never for a file a user or a ruleset names."""
    folder = os.path.dirname(os.path.abspath(path))
    form = _parsed.get(folder)
    if form is None:
        form = _parsed[folder] = _read_form(Path(folder) / PLAIN_FORM_NAME)
    entry = form.get(path.name)
    if isinstance(entry, list) and len(entry) == 2 and entry[0] == digest(text):
        return entry[1]
    return parse(text)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _read_form(path: Path) -> dict[str, list]:
    try:
        form = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(form, dict) or form.get("format") != FORMAT or not isinstance(form.get("files"), dict):
        return {}
    return form["files"]


def build_form(folder: Path) -> dict[str, Any]:
    """The form of every `.yaml` file of `folder` the reader accepts, as `_read_yaml` reads it."""
    from perflint.limits import DEFAULTS, applied
    from perflint.loaders.yaml_loader import compose
    from perflint.reading import InputError, read_text

    files = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            with applied(DEFAULTS):
                text = read_text(path)
                files[path.name] = [digest(text), encode(compose(text), text)]
        except (InputError, _Unencodable):
            continue  # read by the YAML reader at every run, refused or not as before
    return {"format": FORMAT, "files": files}


def build_plain_form(folder: Path, parse: Callable[[str], Any]) -> dict[str, Any]:
    """The plain form of every `.yaml` file of `folder` whose `parse`d data JSON keeps exactly."""
    files = {}
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = parse(text)
        if _plain(data):
            files[path.name] = [digest(text), data]
    return {"format": FORMAT, "files": files}


def _plain(value: Any) -> bool:
    """Whether JSON gives `value` back with the same types (no tuple, date or non-string key)."""
    kind = type(value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if kind is list:
        return all(_plain(item) for item in value)
    return kind in (str, int, float, bool) or value is None


def write_form(folder: Path, form: dict[str, Any], name: str) -> None:
    document = json.dumps(form, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    (folder / name).write_text(document + "\n", encoding="utf-8")


def _span(span: Span | None, text: str) -> list | None:
    if span is None:
        return None
    values = span.__dict__
    if type(span) is not Span or span.__pydantic_extra__ or span.__pydantic_private__ \
            or len(values) != len(_FIELDS) + 1 or span.__pydantic_fields_set__ != _SET:
        raise _Unencodable(span)
    encoded = [values[name] for name in _FIELDS]
    offset, end = values["offset"], values["end_offset"]
    if offset is None or end is None or text[offset:end] != values["quote"]:
        encoded.append(values["quote"])  # a quote that is not the text it spans, kept as it is
    return encoded


def _restore_span(encoded: list | None, text: str) -> Span | None:
    if encoded is None:
        return None
    values = dict(zip(_FIELDS, encoded, strict=False))
    values["quote"] = encoded[7] if len(encoded) > 7 else text[values["offset"]:values["end_offset"]]
    return restore(Span, values, set(_SET), None, None)


def _located(value: LocatedDict | LocatedList, text: str) -> list:
    """A located collection's own span, if it has one (the reader sets nothing else on it)."""
    attributes = vars(value)
    if set(attributes) - {"span"}:
        raise _Unencodable(value)
    return [_span(attributes["span"], text)] if "span" in attributes else []


def encode(value: Any, text: str) -> Any:
    """Composed data as JSON values: a plain string (a mapping's key) or scalar as itself, a
    located value as a tagged list (`S` string, `D` mapping, `L` list). The reader makes nothing
    else (numbers stay located strings until validated): anything else has no form."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is LocatedStr:
        if set(vars(value)) != {"span"}:
            raise _Unencodable(value)
        return ["S", str(value), _span(value.span, text)]
    if kind is LocatedDict:
        return ["D", _located(value, text), [[encode(k, text), encode(v, text)] for k, v in value.items()]]
    if kind is LocatedList:
        return ["L", _located(value, text), [encode(item, text) for item in value]]
    raise _Unencodable(value)


def decode(value: Any, text: str) -> Any:
    """`encode`'s inverse: equal data, each located value with an equal span."""
    if not isinstance(value, list):
        return value
    tag, own, payload = value
    if tag == "S":
        return LocatedStr(own, _restore_span(payload, text))
    if tag == "D":
        located: LocatedDict | LocatedList = LocatedDict()
        for key, item in payload:
            located[decode(key, text)] = decode(item, text)
    elif tag == "L":
        located = LocatedList([decode(item, text) for item in payload])
    else:
        raise ValueError(f"unknown tag {tag!r}")
    if own:
        located.span = _restore_span(own[0], text)
    return located


if __name__ == "__main__":  # rewrite the forms after editing a shipped data file
    if sys.argv[1:2] == ["--plain"]:  # perflint's plain data, loaded as perflint.textmatch.phrases loads it
        from ruamel.yaml import YAML

        for name in sys.argv[2:]:
            form = build_plain_form(Path(name), lambda text: YAML(typ="safe").load(text))
            write_form(Path(name), form, PLAIN_FORM_NAME)
    else:  # shipped rulesets and profiles
        for name in sys.argv[1:]:
            write_form(Path(name), build_form(Path(name)), FORM_NAME)

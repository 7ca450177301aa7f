"""Fixtures for the office-format tests: the committed fixtures, hand-built Word packages."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"


@pytest.fixture(scope="session")
def office_dir() -> Path:
    """fixtures/office: the .docx/.xlsx written by fixtures/make_office_fixtures.py."""
    return OFFICE


def _docx_with_body(body_xml: str, path: Path, *, styles_xml: str | None = None) -> Path:
    word = docx.Document()
    body = word.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    wrapper = parse_xml(f"<w:body {nsdecls('w')}>{body_xml}</w:body>")
    for index, child in enumerate(list(wrapper)):
        body.insert(index, child)
    if styles_xml:
        styles = word.styles.element
        for style in parse_xml(f"<w:styles {nsdecls('w')}>{styles_xml}</w:styles>"):
            styles.append(style)
    word.save(path)
    return path


@pytest.fixture
def docx_with_body() -> Callable[..., Path]:
    """docx_with_body(body_xml, path, styles_xml=None): a real .docx (python-docx's default
    package) whose body is `body_xml` (w: prefixed) and with extra paragraph styles."""
    return _docx_with_body


def _rewrite_zip(source: bytes, replace: dict[str, bytes | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    new.writestr(info.filename, replace[info.filename])
            else:
                new.writestr(info, old.read(info))
    return out.getvalue()


@pytest.fixture
def rewrite_zip() -> Callable[[bytes, dict[str, bytes | None]], bytes]:
    """rewrite_zip(package_bytes, {member: bytes or None}): a copy with members replaced/removed."""
    return _rewrite_zip

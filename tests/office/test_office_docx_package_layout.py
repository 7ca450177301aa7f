"""What python-docx's package reader finds in a .docx (its parts and relationships) is remembered
for the next package with the same member names, content types and relationship parts
(`docx_loader._package_layout`), and only for such a package."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from perflint.loaders import docx_loader, members
from perflint.loaders.docx_loader import read_docx
from perflint.reading import InputError


def _rewritten(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """`source` with the members named in `change` replaced (None: left out), all else as it was."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in change:
                new.writestr(info, old.read(info))
            elif change[info.filename] is not None:
                new.writestr(info, change[info.filename])
    return target


def _layout(path: Path) -> object:
    """The package's layout, or what the package reader raised (read_docx then asks python-docx)."""
    package, _ = docx_loader._open_members(path, kind="Word .docx", main_prefix="word/", quick=True)
    try:
        return docx_loader._package_layout(package)
    except KeyError as error:  # a relationship to a member the package does not hold
        return repr(error)


def _outcome(path: Path) -> object:
    try:
        document = read_docx(path)
    except InputError as error:
        return error.message, error.text("en")
    return [(type(block).__name__, getattr(block, "style", None), getattr(block, "location", None),
             block.text if hasattr(block, "piece") else block.texts()) for block in document.blocks]


def _variants(office_dir: Path, tmp_path: Path) -> list[Path]:
    """seed_004.docx and packages that differ from it only in what the package reader reads: a
    relationship part without the styles relationship, a relationship to a missing member, a
    content type changed, a member left out, and that relationship with its member added (its
    relationship parts are those of the package missing the member: only the member names differ)."""
    good = office_dir / "seed_004.docx"
    with zipfile.ZipFile(good) as archive:
        rels = archive.read("word/_rels/document.xml.rels")
        types = archive.read("[Content_Types].xml")
    no_styles = re.sub(rb"<Relationship Id=\"rId3\"[^>]*/>", b"", rels)
    assert no_styles != rels
    extra = rels.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                         b'officeDocument/2006/relationships/footer" Target="footer9.xml"/></Relationships>')
    other_type = types.replace(b"wordprocessingml.styles+xml", b"wordprocessingml.stylez+xml")
    assert other_type != types
    added = _rewritten(good, tmp_path / "added.docx", {"word/_rels/document.xml.rels": extra})
    with zipfile.ZipFile(added, "a") as archive:
        archive.writestr("word/footer9.xml", b"<x/>")
    return [good,
            _rewritten(good, tmp_path / "no-styles-rel.docx", {"word/_rels/document.xml.rels": no_styles}),
            _rewritten(good, tmp_path / "extra-rel.docx", {"word/_rels/document.xml.rels": extra}),
            _rewritten(good, tmp_path / "other-type.docx", {"[Content_Types].xml": other_type}),
            _rewritten(good, tmp_path / "no-numbering.docx", {"word/numbering.xml": None}),
            added]


def test_a_layout_is_remembered_only_for_the_same_package_parts(office_dir: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each variant's layout and document, found with nothing remembered, are what it gives after
    the original (and every other variant) was read: a changed relationship part, content type or
    member list is read again, never given the original's parts."""
    paths = _variants(office_dir, tmp_path)
    cold = []
    for path in paths:
        monkeypatch.setattr(members, "_KNOWN", {})
        cold.append((_layout(path), _outcome(path)))
    warm = [(_layout(path), _outcome(path)) for path in paths + paths]
    assert warm == cold + cold
    layouts = [layout for layout, _ in cold]
    assert layouts[1][1] is None and layouts[0][1] == "/word/styles.xml"  # no styles part found
    assert len({repr(layout) for layout in layouts}) == len(layouts)  # each variant's own layout


def test_the_remembered_layout_spares_the_relationship_walk(office_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a package whose layout is known does not run python-docx's package reader again,
    and gives the same document."""
    path = office_dir / "seed_004.docx"
    monkeypatch.setattr(members, "_KNOWN", {})
    first = _outcome(path)
    calls: list[int] = []
    real = docx_loader._package_reader
    monkeypatch.setattr(docx_loader, "_package_reader", lambda package: calls.append(1) or real(package))
    assert _outcome(path) == first and calls == []
    monkeypatch.setattr(members, "_KNOWN", {})
    assert _outcome(path) == first and calls == [1]


def test_packages_with_the_same_layout_share_it(tmp_path: Path, office_dir: Path) -> None:
    """Two reports made from one template (only word/document.xml differs) share the layout."""
    good = office_dir / "seed_004.docx"
    with zipfile.ZipFile(good) as archive:
        body = archive.read("word/document.xml")
    changed = body.replace("单位".encode(), "部门".encode())
    assert changed != body
    other = _rewritten(good, tmp_path / "other.docx", {"word/document.xml": changed})
    assert _layout(good) is _layout(other)
    assert _outcome(good) != _outcome(other)

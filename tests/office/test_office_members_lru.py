"""What is remembered of Office packages (`members._KNOWN`) is forgotten least recently used
first, so a template's facts outlive the facts of each report's own members; the main part a
root relationship part names is remembered like any other fact, and never changes an outcome."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from perflint.loaders import docx_loader, members
from perflint.loaders.docx_loader import read_docx
from perflint.loaders.members import PackageMembers
from perflint.reading import InputError


def _package(path: Path) -> PackageMembers:
    data = path.read_bytes()
    return PackageMembers(data, zipfile.ZipFile(io.BytesIO(data)))


def _outcome(path: Path) -> object:
    try:
        document = read_docx(path)
    except InputError as error:
        return error.message, error.text("en")
    return [(type(block).__name__, block.text if hasattr(block, "piece") else block.texts())
            for block in document.blocks]


def _rewritten(source: Path, target: Path, change: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change.get(info.filename, old.read(info)))
    return target


def test_a_fact_in_use_outlives_the_facts_of_each_report(office_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports keep adding facts no later package asks about (their main part, their core
    properties); the template's facts, asked for by every report, are never the ones forgotten."""
    monkeypatch.setattr(members, "_KNOWN", {})
    monkeypatch.setattr(members, "_known_bytes", [0])
    monkeypatch.setattr(members, "_MAX_KNOWN", 4)
    package = _package(office_dir / "seed_004.docx")
    infos = package.archive.infolist()
    styles = package.archive.getinfo("word/styles.xml")
    package.remember(styles, "template fact", "kept")
    for number in range(40):
        package.remember(infos[number % len(infos)], ("a report's own fact", number))
        assert package.known(styles, "template fact") == "kept"
        assert len(members._KNOWN) <= 4
    assert package.known(infos[0], ("a report's own fact", 0)) is None  # long forgotten
    assert members._known_bytes[0] == sum(size for _, size in members._KNOWN.values())


def test_the_bytes_remembered_stay_within_their_bound(office_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(members, "_KNOWN", {})
    monkeypatch.setattr(members, "_known_bytes", [0])
    package = _package(office_dir / "seed_004.docx")
    styles = package.archive.getinfo("word/styles.xml")
    record = len(package.record_key(styles)[-1])
    monkeypatch.setattr(members, "_MAX_KNOWN_BYTES", 2 * record)
    for number in range(5):
        package.remember(styles, ("fact", number))
        assert members._known_bytes[0] <= 2 * record
    assert [fact for (fact, _) in members._KNOWN] == [("fact", 3), ("fact", 4)]
    package.remember(styles, ("fact", 4), "again")  # remembered anew: counted once
    assert members._known_bytes[0] == 2 * record and package.known(styles, ("fact", 4)) == "again"


def test_the_main_part_is_remembered_only_for_the_same_root_relationships(
        office_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package whose `_rels/.rels` differs (another main part, Strict Open XML, no main part,
    not XML) gives what it gives with nothing remembered, before and after the original was read."""
    good = office_dir / "seed_004.docx"
    with zipfile.ZipFile(good) as archive:
        rels = archive.read("_rels/.rels")
    assert b"word/document.xml" in rels
    strict = rels.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                          b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
    variants = {"other-main": rels.replace(b"word/document.xml", b"word/other.xml"),
                "strict": strict, "workbook": rels.replace(b"word/document.xml", b"xl/workbook.xml"),
                "none": rels.replace(b"officeDocument\"", b"officeDocumentX\""), "broken": rels[:-20]}
    paths = [good] + [_rewritten(good, tmp_path / f"{name}.docx", {"_rels/.rels": data})
                      for name, data in variants.items()]
    cold = []
    for path in paths:
        monkeypatch.setattr(members, "_KNOWN", {})
        cold.append(_outcome(path))
    assert len({repr(outcome) for outcome in cold}) == len(paths)
    assert all(isinstance(outcome, tuple) for outcome in cold[1:])
    assert [_outcome(path) for path in paths + paths] == cold + cold
    package = _package(good)
    root_rels = package.archive.getinfo("_rels/.rels")
    assert package.known(root_rels, docx_loader._MAIN_PART) == "word/document.xml"

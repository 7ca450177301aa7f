"""A warm hit restores its findings from the sealed entry without validating them again
(perflint.cache._finding, or straight as packed rows: _rows): each is equal to the Finding that
validation gives, field sets, field order and nested spans included, and anything not shaped
exactly like perflint's own Finding is validated as before. A parallel warm run reads each file
once for its key."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from perflint.cache import _finding, _rows
from perflint.findings import Finding
from perflint.results import FileResult
from perflint.testing import lint_paths

ROOT = Path(__file__).resolve().parents[2]


def _narrative(unit: str, assets: float, share: float) -> str:
    """A narrative self-evaluation report in the shape of the bench's `.txt` corpus."""
    return (f"2023年度{unit}整体支出绩效自评报告\n\n一、部门基本概况\n\n"
            f"{unit}是全额拨款事业单位，主要职责是负责辖区道路养护的组织实施。\n\n"
            f"2023年年末，本单位资产合计{assets:.2f}万元，其中流动资产{assets * share:.2f}万元，"
            f"占比{share * 100 + 1:.2f}%。\n\n二、当年部门预算及执行情况\n\n"
            f"2023年全年预算数为{assets / 3:.2f}万元，其中基本支出{assets / 5:.2f}万元。\n"
            f"2023年全年执行数为{assets / 4:.2f}万元，执行率为87.21%，低于年初目标。\n\n"
            "三、绩效目标完成情况\n\n认真组织财政支出绩效评价工作，健全制度设计，规范评价流程。\n")


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[Finding]:
    """Findings of every shape: spans with and without offsets and locations, related figures,
    expected values, corpus findings (reports that share paragraphs)."""
    folder = tmp_path_factory.mktemp("reports")
    for index, (unit, assets, share) in enumerate([("某某县博物馆", 9505.27, 0.8255),
                                                   ("某某区文化馆", 1203.4, 0.61),
                                                   ("某某市图书馆", 877.0, 0.5)]):
        (folder / f"u{index}.txt").write_text(_narrative(unit, assets, share), encoding="utf-8")
    paths = [ROOT / "fixtures" / "seed_001.yaml", ROOT / "fixtures" / "seed_004.yaml",
             ROOT / "fixtures" / "office" / "seed_004.docx", *sorted(folder.iterdir())]
    found = [f for file in lint_paths(paths).files for f in file.unpacked()]
    assert any(f.related for f in found) and any(f.expected for f in found)
    assert any(f.span is None for f in found) or any(f.span.location for f in found if f.span)
    return found


def _same_model(restored, validated) -> None:
    assert type(restored) is type(validated)
    assert list(restored.__dict__) == list(validated.__dict__)
    assert restored.__dict__ == validated.__dict__
    assert restored.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert restored.__pydantic_extra__ == validated.__pydantic_extra__
    assert restored.__pydantic_private__ == validated.__pydantic_private__


def test_restored_findings_equal_validated_ones(findings):
    for finding in findings:
        stored = finding.model_dump_json()  # as Cache.put writes it
        validated = Finding.model_validate(orjson.loads(stored))
        restored = _finding(orjson.loads(stored))
        assert restored == validated == finding
        _same_model(restored, validated)
        assert type(restored.related) is tuple
        if validated.span is not None:
            _same_model(restored.span, validated.span)
        for mine, theirs in zip(restored.related, validated.related, strict=True):
            _same_model(mine, theirs)
            _same_model(mine.span, theirs.span)
        assert restored.model_dump_json() == stored


def test_findings_restored_as_rows_are_those_a_settled_file_packs(findings):
    """A warm hit packs an entry's findings straight from its JSON (perflint.cache._rows): the
    same rows, in the same order, as restoring each finding and settling the file gives."""
    stored = [orjson.loads(finding.model_dump_json()) for finding in findings]
    rows = _rows([dict(item) for item in stored])
    settled = FileResult(Path("a.txt"), [_finding(dict(item)) for item in stored])
    settled.settle()
    assert rows is not None and rows == settled.rows()
    unusual = [*stored[:2], {**stored[2], "plugin_field": 1}]
    assert _rows(unusual) is None


def test_objects_not_shaped_as_a_finding_are_validated(findings):
    with_span = next(f for f in findings if f.span is not None and f.related)
    extra_field = {**orjson.loads(with_span.model_dump_json()), "plugin_field": 1}  # a subclass's
    _same_model(_finding(dict(extra_field)), Finding.model_validate(dict(extra_field)))
    odd_related = orjson.loads(with_span.model_dump_json())
    odd_related["related"][0]["note"] = "x"
    _same_model(_finding(odd_related), Finding.model_validate(orjson.loads(with_span.model_dump_json())))
    with pytest.raises(ValueError):  # a value validation rejects still fails: the cache calls it a miss
        _finding({**orjson.loads(with_span.model_dump_json()), "severity": 3, "plugin_field": 1})


def test_a_warm_parallel_run_reads_each_file_once_for_its_key(tmp_path, monkeypatch, capsys):
    """`--jobs 2` asks each file's key twice (is it cached? then get it): the file is read once."""
    from perflint import cache as cache_module
    from perflint.cli import main

    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(5):
        (folder / f"u{index}.txt").write_text(_narrative(f"某某{index}号中心", 1000.0 + index, 0.6),
                                              encoding="utf-8")
    args = ["check", "--format", "json", "--no-progress", "--jobs", "2", "--cache", "--cache-dir",
            str(tmp_path / "cache"), str(folder)]
    main(args)
    cold = capsys.readouterr().out
    read: list[Path] = []
    real = cache_module.read_bytes
    monkeypatch.setattr(cache_module, "read_bytes", lambda path: read.append(path) or real(path))
    main(args)
    assert capsys.readouterr().out == cold
    assert sorted(read) == sorted(folder.iterdir())

"""Recall and false alarms on planted defects (bench/planted.py), so that a change to an extractor or
a rule that loses defects perflint used to find, or starts flagging correct texts, fails here.

The generator writes each case twice from the same random draws: a clean report and the same
report with one defect planted at a known place. Seed and count are fixed, so the cases are the
same on every run; the thresholds are the recall measured on them (rounded down to two decimals).
The causes of the measured misses are noted next to each threshold (`python bench/planted.py -v`
prints the missed texts); raise a threshold when a fix catches them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from perflint.testing import lint_paths, prepared

ROOT = Path(__file__).resolve().parents[2]
SEED, COUNT = 0, 40


def _load_planted():
    name = "perflint_bench_planted"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "planted.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


planted = _load_planted()

#: Recall measured with SEED and COUNT (fraction of planted defects found at their place).
THRESHOLDS = {
    "pl101-exceed": 1.0,
    "pl101-short": 1.0,
    "pl110-blocks": 1.0,
    "pl101-block": 1.0,
    "pl103-spaced": 1.0,
    "pl510-spaced": 1.0,
    "pl109-unit": 1.0,
    "pl311-note": 1.0,
    "pl506-year": 1.0,
    "pl506-docno": 1.0,
    "pl506-name": 1.0,
    "pl508-numbering": 1.0,
    "pl404-claim": 1.0,
    "pl405-docamount": 1.0,
    "pl509-count": 0.9,  # 走访脱贫户户, 慰问监测户户: household nouns ending in 户 are not counts
}

@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    available = set(prepared()[0].rules)
    runnable = [c.name for c in planted.CLASSES if c.code in available]
    cases = planted.generate(SEED, COUNT, runnable)
    folder = tmp_path_factory.mktemp("planted")
    planted.write_cases(cases, folder)
    codes = sorted({code for case in cases for code in case.codes})
    result = lint_paths([folder], select=codes)
    return {o.case.id: o for o in planted.collect(cases, folder, result.files)}


def _class(outcomes, name: str) -> list:
    chosen = [o for o in outcomes.values() if o.case.cls == name]
    if not chosen:
        pytest.skip(f"the rule of {name} is not registered")
    return chosen


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_recall_does_not_drop(outcomes, name):
    chosen = _class(outcomes, name)
    recall = sum(o.caught for o in chosen) / len(chosen)
    missed = [(o.case.id, o.case.anchor, o.case.knobs) for o in chosen if not o.caught]
    assert recall >= THRESHOLDS[name], (recall, missed)


def _clean_findings(outcomes, name: str) -> list:
    codes = {code for o in outcomes.values() for code in o.case.codes}
    return [(o.case.id, f.code, f.span.quote if f.span else None, f.message)
            for o in _class(outcomes, name) for f in o.clean if f.code in codes]


@pytest.mark.parametrize("name", list(THRESHOLDS))
def test_clean_twins_give_no_finding(outcomes, name):
    assert _clean_findings(outcomes, name) == []


def test_cases_are_seeded_and_marked():
    one, two = planted.generate(7, 2), planted.generate(7, 2)
    assert [c.defective for c in one] == [c.defective for c in two]
    assert [c.defective for c in one] != [c.defective for c in planted.generate(8, 2)]
    marks = set(planted.OPEN + planted.CLOSE + planted.OPEN2 + planted.CLOSE2)
    for case in one:
        assert case.defective[case.at:case.at + len(case.anchor)] == case.anchor
        assert case.clean != case.defective
        assert not set(case.clean + case.defective) & marks
        assert case.defective.splitlines()[0]  # a title line


def test_a_class_whose_rule_is_not_registered_is_skipped(monkeypatch, tmp_path):
    monkeypatch.setattr(planted, "registered_codes", lambda: {"PL506"})
    outcomes, scores, _ = planted.evaluate(SEED, 2, tmp_path, only=["pl506-name", "pl509-count"])
    assert scores["pl509-count"].skipped and scores["pl509-count"].planted == 0
    assert scores["pl506-name"].planted == 2 and not scores["pl506-name"].skipped
    assert {o.case.cls for o in outcomes} == {"pl506-name"}

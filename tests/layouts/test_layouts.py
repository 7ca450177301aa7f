"""Per-layout corpus: real-shaped inputs of each form profile, their extracted report and findings.

The idea is ruff's fixture + snapshot tests, one folder per case:

    tests/layouts/<profile id, '/' written '__'>/<case>/
        input.txt, input-*.txt, input.docx, input.xlsx
                        one or more inputs: the same document in several shapes (bar-separated
                        text, tab-separated text, Word's one-cell-per-line text export, Word,
                        Excel). tests/layouts/make_inputs.py writes the other shapes from a
                        bar-separated input.txt.
        expected.yaml   optional: the hand-normalized expected report, a *subset* of what
                        `perflint extract` writes for every input (perflint.extract.serialize:
                        kind, profile, year, budget_tables with their rows, indicators,
                        evaluation …). Mappings: only the keys written are compared. Lists: compared
                        item by item and must have the same length (a list written is the whole
                        list). Values are compared as their stated literals ("380.00", "94.00%",
                        "—"), so 380 and 380.00 differ. Spans and source comments are ignored.
        findings.txt    the findings snapshot of the first input (input.txt if there is one), one
                        line per finding in output order: `CODE severity line message`, where line
                        is the line of a text input or the place in an Office file (`表1 第4行第7列`,
                        `自评表!G6`), `-` when the finding has no place.
        case.yaml       optional:
                          ruleset: name            the ruleset to lint with (default: national)
                          plugins: [module, …]     extra plugin modules (`-p`)
                          correct: true|false      a correct case has no error-severity finding
                                                   (default: true for a case named `correct` or
                                                   `correct-…`, else false)
                          compare: messages|codes  what every input must share with the first:
                                                   code, severity and message of each finding
                                                   (default), or only code and severity

Every input is linted on its own (all rules selected, as `perflint.testing.lint_paths` does), so
corpus rules that compare reports never see the copies of one document. All inputs of a case must
give the same findings (see `compare`), the same extracted report where expected.yaml says what
it is, and the first input's findings must match findings.txt.

Snapshots: run with PERFLINT_UPDATE_SNAPSHOTS=1 to (re)write every case's findings.txt from what
perflint finds now, then review the diff:

    PERFLINT_UPDATE_SNAPSHOTS=1 pytest -q -p no:cacheprovider tests/layouts
    PERFLINT_UPDATE_SNAPSHOTS=1 pytest -q -p no:cacheprovider tests/layouts -k national__project-table

A case without findings.txt fails (never a skip that would hide a regression): write it with
the update run above and review it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from perflint.extract.serialize import to_yaml
from perflint.profiles.context import ExtractionSettings, extraction_settings
from perflint.testing import lint_paths, prepared

HERE = Path(__file__).resolve().parent


def _load(text: str):
    """YAML text as plain data, with the project's YAML library (safe: no tags, no objects)."""
    return YAML(typ="safe", pure=True).load(text)
INPUT_SUFFIXES = (".txt", ".docx", ".xlsx")
CASE_KEYS = frozenset({"ruleset", "plugins", "correct", "compare"})
UPDATE = os.environ.get("PERFLINT_UPDATE_SNAPSHOTS") == "1"


@dataclass(frozen=True)
class Case:
    folder: Path

    @property
    def name(self) -> str:
        return f"{self.folder.parent.name}/{self.folder.name}"

    @property
    def profile(self) -> str:
        return self.folder.parent.name.replace("__", "/")

    @property
    def inputs(self) -> list[Path]:
        """input.txt first, then the other inputs by name."""
        found = [p for p in self.folder.iterdir()
                 if p.is_file() and p.name.startswith("input") and p.suffix in INPUT_SUFFIXES]
        return sorted(found, key=lambda p: (p.name != "input.txt", p.name))

    def settings(self) -> dict:
        path = self.folder / "case.yaml"
        data = _load(path.read_text(encoding="utf-8")) if path.exists() else None
        data = data or {}
        unknown = set(data) - CASE_KEYS
        assert not unknown, f"{path}: unknown keys {sorted(unknown)}; known: {sorted(CASE_KEYS)}"
        return data


def cases() -> list[Case]:
    found = []
    for profile in sorted(p for p in HERE.iterdir() if p.is_dir() and "__" in p.name):
        for folder in sorted(p for p in profile.iterdir() if p.is_dir()):
            case = Case(folder)
            if case.inputs:
                found.append(case)
    return found


def finding_line(finding) -> str:
    span = finding.span
    place = "-" if span is None else span.location or (str(span.line) if span.line else "-")
    message = finding.message.replace("\n", "⏎")
    return f"{finding.code} {finding.severity} {place} {message}"


def normalized(path: Path, ruleset: str | None, plugins: tuple[str, ...]) -> dict:
    """What `perflint extract` writes for `path`, as plain data."""
    host, _ = prepared(ruleset, plugins)
    loader = host.loader_for(path)
    assert loader is not None, f"{path}: no loader"
    with extraction_settings(ExtractionSettings(host.profiles)):
        report = loader.load(path)
    return _load(to_yaml(report))


def subset_problems(expected: object, actual: object, where: str = "") -> list[str]:
    """Where `actual` does not contain `expected` (see the module docstring)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where or '.'}: expected a mapping, got {actual!r}"]
        problems = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{where}.{key}: missing (expected {value!r})")
            else:
                problems.extend(subset_problems(value, actual[key], f"{where}.{key}"))
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list, got {actual!r}"]
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} items, got {len(actual)}: {actual!r}"]
        problems = []
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            problems.extend(subset_problems(want, got, f"{where}[{index}]"))
        return problems
    if expected is None:
        return [] if actual is None else [f"{where}: expected nothing, got {actual!r}"]
    if str(expected) != str(actual):
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.name)
def test_layout_case(case: Case):
    snapshot = case.folder / "findings.txt"
    settings = case.settings()
    ruleset = settings.get("ruleset")
    plugins = tuple(settings.get("plugins") or ())
    named_correct = case.folder.name == "correct" or case.folder.name.startswith("correct-")
    correct = settings.get("correct", named_correct)
    compare = settings.get("compare", "messages")
    assert compare in ("messages", "codes"), f"{case.name}: compare must be messages or codes"

    results = {}
    for path in case.inputs:
        run = lint_paths([path], ruleset=ruleset, plugins=plugins)
        assert not run.problems, f"{path.name}: {run.problems}"
        results[path] = run.files[0].findings
    first, *others = case.inputs

    def key(finding):
        return (finding.code, finding.severity) + ((finding.message,) if compare == "messages" else ())

    for path in others:
        assert [key(f) for f in results[path]] == [key(f) for f in results[first]], (
            f"{case.name}: {path.name} and {first.name} give different findings")

    if correct:
        errors = [finding_line(f) for f in results[first] if f.severity == "error"]
        assert not errors, f"{case.name} is a correct case but has errors: {errors}"

    expected_path = case.folder / "expected.yaml"
    if expected_path.exists():
        expected = _load(expected_path.read_text(encoding="utf-8")) or {}
        for path in case.inputs:
            problems = subset_problems(expected, normalized(path, ruleset, plugins))
            assert not problems, (f"{case.name}: {path.name} differs from expected.yaml:\n"
                                  + "\n".join(problems))

    lines = [finding_line(f) for f in results[first]]
    text = "".join(f"{line}\n" for line in lines)
    if UPDATE:
        if not snapshot.exists() or snapshot.read_text(encoding="utf-8") != text:
            snapshot.write_text(text, encoding="utf-8")
        return
    assert snapshot.exists(), f"{case.name}: no findings.txt (PERFLINT_UPDATE_SNAPSHOTS=1 writes it)"
    assert snapshot.read_text(encoding="utf-8").splitlines() == lines, (
        f"{case.name}: findings differ from findings.txt (PERFLINT_UPDATE_SNAPSHOTS=1 rewrites it)")


def test_subset_comparison_reports_what_differs():
    actual = {"kind": "project-table", "budget_tables": [{"total": {"budget": "380.00"}, "rows": [1, 2]}]}
    assert subset_problems({"kind": "project-table"}, actual) == []
    assert subset_problems({"budget_tables": [{"total": {"budget": "390.00"}}]}, actual) == [
        ".budget_tables[0].total.budget: expected '390.00', got '380.00'"]
    assert subset_problems({"budget_tables": [{"rows": [1]}]}, actual) == [
        ".budget_tables[0].rows: expected 1 items, got 2: [1, 2]"]
    assert subset_problems({"year": 2023}, actual) == [".year: missing (expected 2023)"]

"""CLI properties: `perflint check` on a folder of generated files beside two good reports.

Each example runs the CLI in a subprocess under the security harness' 1 GB address-space limit
and time limit, with `--jobs 1` and `--jobs 2`: whatever the generated files hold, the run exits
0, 1 or 2, prints no traceback, prints JSON that parses, gives the same bytes for both job
counts, names every generated file, and leaves the good reports' findings exactly as a run
without them. The hostile scales of issue 20's table (deep nesting, alias expansion, huge spans
and merges, sparse sheets, minified JSON) are run the same way, one process each.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import HOSTILE, Sample, any_sample, fuzz_settings, hostile_samples

from tests.security.harness import GOOD_FILES, Outcome, check_folder, good_findings, good_folder

#: Seconds one CLI run on a hostile file may take. The good reports alone take about one
#: second, and an input over a limit must be refused before it costs more than a few.
HOSTILE_SECONDS = 20


@pytest.fixture(scope="module")
def good_baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """The good reports' findings from a run without generated files (harness, cached)."""
    return good_findings(tmp_path_factory.mktemp("fuzz-good"))


def _folder_with(samples: list[Sample], root: Path) -> tuple[Path, list[str]]:
    folder = good_folder(root / "run")
    names = []
    for index, sample in enumerate(samples):
        name = f"generated_{index}{sample.suffix}"
        (folder / name).write_bytes(sample.data)
        names.append(name)
    return folder, names


def _assert_sound(outcome: Outcome, names: list[str], baseline: dict[str, list[dict]]) -> dict:
    """What every run owes, whatever the inputs: an exit code of the three, no traceback, JSON
    that parses, each generated file named, and the good files' findings untouched."""
    assert outcome.returncode in (0, 1, 2), (outcome.returncode, outcome.stderr[-2000:])
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    document = json.loads(outcome.stdout)
    by_name = {Path(entry["path"]).name: entry["findings"] for entry in document["files"]}
    skipped = {Path(entry["path"]).name for entry in document.get("skipped", [])}
    for name in names:
        assert name in by_name or name in skipped, (name, outcome.stdout[:2000])
    for name in GOOD_FILES:
        assert by_name[name] == baseline[name], name
    generated = [f for name in names for f in by_name.get(name, [])]
    if any(f["code"] in ("PL000", "PL001") for f in generated):
        assert outcome.returncode == 2, "a file perflint could not read must make the run exit 2"
    if outcome.returncode == 0:
        assert not [f for fs in by_name.values() for f in fs if f["severity"] == "error"]
    return document


@fuzz_settings(3, deep_examples=300)
@given(samples=st.lists(any_sample(), min_size=2, max_size=2))
def test_cli_run_is_sound_and_independent_of_jobs(samples: list[Sample], good_baseline) -> None:
    """Two generated files of any format beside the good reports (four files, so `--jobs 2`
    really forks a worker): sound output, byte-identical for one and two processes."""
    with tempfile.TemporaryDirectory(prefix="perflint-fuzz-cli-") as root:
        folder, names = _folder_with(samples, Path(root))
        one = check_folder(folder, "--jobs", "1")
        _assert_sound(one, names, good_baseline)
        two = check_folder(folder, "--jobs", "2")
        _assert_sound(two, names, good_baseline)
        assert (one.returncode, one.stdout) == (two.returncode, two.stdout), samples


#: In CI, each attack at the largest scale issue 20 reports (the smaller ones run with --deep).
CI_HOSTILE = [(name, suffix, build, sizes[-1]) for name, suffix, build, sizes in HOSTILE]


@pytest.mark.parametrize(("name", "suffix", "build", "size"), CI_HOSTILE, ids=[c[0] for c in CI_HOSTILE])
def test_hostile_scale_is_contained(name: str, suffix: str, build, size, good_baseline) -> None:
    """One attack file at issue 20's scale beside the good reports: the run ends within the
    memory limit and `HOSTILE_SECONDS`, with sound output (a refused file makes it exit 2)."""
    with tempfile.TemporaryDirectory(prefix="perflint-fuzz-hostile-") as root:
        folder, names = _folder_with([Sample(suffix, build(size), note=f"{name} {size}")], Path(root))
        outcome = check_folder(folder, timeout=HOSTILE_SECONDS)
        _assert_sound(outcome, names, good_baseline)


@fuzz_settings(1, deep_examples=100)
@given(sample=hostile_samples())
def test_hostile_scales_are_contained(sample: Sample, good_baseline) -> None:
    """Every attack at every scale it is drawn at (one example in CI, all of them with --deep)."""
    with tempfile.TemporaryDirectory(prefix="perflint-fuzz-hostile-") as root:
        folder, names = _folder_with([sample], Path(root))
        _assert_sound(check_folder(folder, timeout=HOSTILE_SECONDS), names, good_baseline)

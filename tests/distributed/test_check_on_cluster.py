"""`perflint check --scheduler ADDRESS`: the files are linted on a Dask cluster's workers and the
output is byte for byte that of `--jobs 1`, in every format, with and without the cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from perflint import runner
from perflint.rules.text import shared_paragraph
from tests.cli_driver import Cli, cli_runner
from tests.distributed.reports import FIXTURES, make_reports

distributed = pytest.importorskip("distributed")  # installed by the `test` extra, so in CI

FORMATS = ("json", "text", "github", "html", "junit", "sarif", "xlsx")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return cli_runner(capsys, monkeypatch)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reports, named relative to the current directory (the workers must name them alike)."""
    make_reports(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the HTML report's run time
    return Path("reports")


def _nowhere_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """No file may be linted in this process, nor the corpus analysed: the workers must do it."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("a file was linted in the parent, not on the cluster")

    def refuse_analysis(*_args, **_kwargs):
        raise AssertionError("the corpus was analysed in the parent, not on the cluster")

    monkeypatch.setattr(runner, "lint_planned", refuse)
    monkeypatch.setattr(shared_paragraph, "analyze", refuse_analysis)


def test_every_format_is_byte_identical_to_a_local_run(cli, folder, tmp_path, scheduler_address,
                                                       monkeypatch):
    local = {}
    for name in FORMATS:
        done = cli("check", "--no-progress", "--jobs", "1", "--format", name, "-o", f"local.{name}",
                   str(folder))
        local[name] = (done.code, (tmp_path / f"local.{name}").read_bytes(), done.err)
    assert local["json"][0] == 2, local["json"][2]  # findings, and files not read (PL000)
    assert b"PL607" in local["json"][1] or b"PL608" in local["json"][1]  # corpus findings compared too

    _nowhere_here(monkeypatch)
    for name in FORMATS:
        done = cli("check", "--no-progress", "--scheduler", scheduler_address, "--format", name,
                   "-o", f"cluster.{name}", str(folder))
        assert (done.code, (tmp_path / f"cluster.{name}").read_bytes(), done.err) == local[name], name


def test_stdout_and_the_nested_config_are_identical(cli, folder, scheduler_address, monkeypatch):
    """The workers read the district's own config (English messages, PL602 ignored) as the
    parent does, and the command line's options travel with the run."""
    local = cli("check", "--no-progress", "--jobs", "1", "--select", "PL1,PL5,PL6", str(folder))
    lines = local.out.splitlines()
    assert any(line.startswith("reports/0_seed_000.yaml:") and " PL602 [提示] " in line for line in lines)
    district = [line for line in lines if line.startswith("reports/district/") and " PL" in line
                and " PL60" not in line]  # the corpus rules run with the root config
    assert any("execution rate" in line for line in district), district  # its messages: English
    assert not any(" PL602 " in line for line in district), district
    _nowhere_here(monkeypatch)
    on_cluster = cli("check", "--no-progress", "--scheduler", scheduler_address, "--select", "PL1,PL5,PL6",
                     str(folder))
    assert on_cluster == local


def test_the_config_names_the_scheduler_and_the_command_line_wins(cli, folder, scheduler_address,
                                                                  monkeypatch):
    local = cli("check", "--no-progress", "--format", "json", "--jobs", "1", str(folder))
    Path("perflint.yaml").write_text(f"scheduler: {scheduler_address}\n", encoding="utf-8")
    _nowhere_here(monkeypatch)
    from_config = cli("check", "--no-progress", "--format", "json", str(folder))
    assert from_config == local
    Path("perflint.yaml").write_text("scheduler: tcp://127.0.0.1:9\n", encoding="utf-8")
    overridden = cli("check", "--no-progress", "--format", "json", "--scheduler", scheduler_address,
                     str(folder))
    assert overridden == local


def _entries(cache: Path) -> dict[Path, tuple[int, int]]:
    """Each file of the cache folder, with its modification time and size."""
    return {path: (path.stat().st_mtime_ns, path.stat().st_size)
            for path in cache.rglob("*") if path.is_file()}


def test_the_cache_is_shared_with_the_workers(cli, folder, tmp_path, scheduler_address, monkeypatch):
    """Workers on this machine write the cache entries the parent and the next run read: a warm
    run on the cluster rewrites none, a warm local run lints nothing, and every output is the
    uncached local run's."""
    reference = cli("check", "--no-progress", "--format", "json", "--jobs", "1", str(folder))
    cache = tmp_path / "cache"
    cached = ("--cache", "--cache-dir", str(cache))
    with monkeypatch.context() as patched:
        _nowhere_here(patched)
        cold = cli("check", "--no-progress", "--format", "json", "--scheduler", scheduler_address,
                   *cached, str(folder))
        written = _entries(cache)
        warm = cli("check", "--no-progress", "--format", "json", "--scheduler", scheduler_address,
                   *cached, str(folder))
    assert cold == reference and warm == reference
    assert len(written) > 20 and _entries(cache) == written

    monkeypatch.setattr(runner, "lint_file", lambda *_args: pytest.fail("a cached file was linted"))
    local_warm = cli("check", "--no-progress", "--format", "json", "--jobs", "1", *cached, str(folder))
    assert local_warm == reference


#: A corpus rule that collects, from odd.yaml only, something pickle cannot send.
UNSENDABLE = '''\
from perflint.hookspecs import hookimpl
from perflint.rules.base import CorpusRule


class Unsendable(CorpusRule):
    """XU001 unsendable-corpus: collects a function from odd.yaml."""

    code = "XU001"
    name = "unsendable-corpus"
    severity = "warning"
    messages = {"zh": "无法传回", "en": "unsendable"}

    def collect(self, report, ctx):
        return (lambda: None) if ctx.path.name == "odd.yaml" else len(report.sections)

    def check_corpus(self, reports, ctx):
        yield from ()


@hookimpl
def perflint_rules():
    return [Unsendable]
'''


def test_data_a_worker_cannot_send_is_that_files_pl001(cli, folder, scheduler_address, monkeypatch):
    """As with `--jobs`: the data is dropped with a PL001 naming the rule, on that file only."""
    shutil.copyfile(FIXTURES / "seed_001.yaml", folder / "odd.yaml")
    Path("unsendable.py").write_text(UNSENDABLE, encoding="utf-8")
    options = ("check", "--no-progress", "--format", "json", "-p", "unsendable.py", str(folder))
    local = json.loads(cli(*options, "--jobs", "1").out)["files"]
    _nowhere_here(monkeypatch)
    on_cluster = json.loads(cli(*options, "--scheduler", scheduler_address).out)["files"]
    assert [entry["path"] for entry in on_cluster] == [entry["path"] for entry in local]
    for here, there in zip(local, on_cluster, strict=True):
        if Path(here["path"]).name != "odd.yaml":
            assert there == here
            continue
        (added,) = [finding for finding in there["findings"] if finding not in here["findings"]]
        assert added["code"] == "PL001" and "XU001" in added["message"], added
        assert len(there["findings"]) == len(here["findings"]) + 1

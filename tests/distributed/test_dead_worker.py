"""A Dask worker that dies while it lints (a plugin's `os._exit`): the files of its chunk are each a
PL000 saying so, the other files are linted as on this machine, and the run ends normally.

A worker holds more than the chunk it runs (distributed sends it the next one early), so a chunk
queued behind the fatal one may fail with it: the test allows that, not a wrong result."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.cli_driver import cli_runner
from tests.distributed.reports import FIXTURES, make_reports

distributed = pytest.importorskip("distributed")  # installed by the `test` extra, so in CI

#: A rule that ends its process on attack.yaml, in a worker process only (a local `--jobs 1` run
#: gives the reference findings).
KILLER = '''\
import multiprocessing
import os

from perflint.hookspecs import hookimpl
from perflint.rules.base import ReportRule


class Killer(ReportRule):
    """XK001 killer-rule: ends a worker process on attack.yaml."""

    code = "XK001"
    name = "killer-rule"
    severity = "warning"
    messages = {"zh": "结束进程", "en": "ends the process"}

    def check(self, report, ctx):
        if ctx.path.name == "attack.yaml" and multiprocessing.parent_process() is not None:
            os._exit(3)
        yield from ()


@hookimpl
def perflint_rules():
    return [Killer]
'''


def _report_findings(entry: dict) -> list[dict]:
    """A file's findings but the corpus rules' (PL607–PL609): a file the run could not read is
    not in the corpus, so the others' shared paragraphs may change with it."""
    return [finding for finding in entry["findings"] if finding["code"] not in ("PL607", "PL608", "PL609")]


def test_the_files_of_a_dead_workers_chunk_are_pl000(capsys, monkeypatch, tmp_path, scheduler_address):
    folder = make_reports(tmp_path)
    shutil.copyfile(FIXTURES / "seed_001.yaml", folder / "attack.yaml")
    (tmp_path / "killer.py").write_text(textwrap.dedent(KILLER), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli = cli_runner(capsys, monkeypatch)
    options = ("check", "--no-progress", "--format", "json", "-p", "killer.py", "reports")
    local = cli(*options, "--jobs", "1")
    on_cluster = cli(*options, "--scheduler", scheduler_address)

    assert on_cluster.code == 2 and "Traceback" not in on_cluster.err, on_cluster.err
    expected = {entry["path"]: _report_findings(entry) for entry in json.loads(local.out)["files"]}
    died, same = [], []
    for entry in json.loads(on_cluster.out)["files"]:
        if entry["findings"] and "KilledWorker" in entry["findings"][0]["message"]:
            assert [f["code"] for f in entry["findings"]] == ["PL000"], entry
            died.append(Path(entry["path"]).name)
        else:
            assert _report_findings(entry) == expected[entry["path"]]
            same.append(entry["path"])
    assert "attack.yaml" in died and len(same) > len(died), died
    assert len(died) + len(same) == len(expected)

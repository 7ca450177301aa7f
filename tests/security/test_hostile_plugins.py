"""A hostile or broken plugin never takes a run down (issue 20, items 2 and 3).

Each test writes a `-p` plugin into tmp_path (outside the linted folder), and runs `perflint
check` on a folder holding the two good reports and, where the plugin's rule misbehaves on one
file, `attack.yaml` (a copy of a good report: the rule misbehaves on that name only). Every run
is a subprocess under the harness's memory and time limits, and asserts what issue 20 asks: exit
2, a message naming the plugin or rule, no traceback, and the built-in rules' findings on the good
files (and, where the run goes on, on the attack file) exactly those of a run without the plugin.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.security.harness import (
    FIXTURES,
    GOOD_FILES,
    Outcome,
    assert_contained,
    check_folder,
    good_findings,
    good_folder,
    run_perflint,
)

#: A plugin with one rule, XH001, that runs `body` on the file named attack.yaml and reports
#: nothing elsewhere; `extra` is more module-level code (hooks, an import-time action).
PLUGIN = '''\
import multiprocessing
import os
import re
import signal
import sys
import time

from perflint.hookspecs import hookimpl
from perflint.findings import Finding
from perflint.rules.base import ReportRule


class Hostile(ReportRule):
    """XH001 hostile-rule: misbehaves on attack.yaml only."""

    code = "XH001"
    name = "hostile-rule"
    severity = "warning"
    messages = {{"zh": "敌意规则", "en": "hostile rule"}}

    def check(self, report, ctx):
        if ctx.path is None or ctx.path.name != "attack.yaml":
            return
{body}
        yield from ()


@hookimpl
def perflint_rules():
    return [Hostile]

{extra}
'''

ATTACK = "attack.yaml"


def plugin(tmp_path: Path, body: str = "pass", extra: str = "", name: str = "hostile_plugin.py") -> Path:
    """The plugin file, outside the linted folder (a .py file in it would be a file to lint)."""
    path = tmp_path / name
    path.write_text(PLUGIN.format(body=textwrap.indent(textwrap.dedent(body), " " * 8), extra=extra),
                    encoding="utf-8")
    return path


def folder_with_attack(tmp_path: Path, pads: int = 0) -> Path:
    """The good reports, `attack.yaml` (a copy of a third good report) and `pads` more copies
    (a parallel run needs at least two files per job)."""
    folder = good_folder(tmp_path / "run")
    shutil.copyfile(FIXTURES / "seed_004.yaml", folder / ATTACK)
    for index in range(pads):
        shutil.copyfile(FIXTURES / "seed_004.yaml", folder / f"pad_{index}.yaml")
    return folder


def limits_config(tmp_path: Path, **limits: float) -> Path:
    """A config file (outside the folder) setting `limits`."""
    path = tmp_path / "limits.yaml"
    path.write_text("limits:\n" + "".join(f"  {key}: {value}\n" for key, value in limits.items()),
                    encoding="utf-8")
    return path


_ATTACK_ALONE: dict[str, list[dict]] = {}


def attack_findings_without_plugin(tmp_path: Path) -> list[dict]:
    """attack.yaml's findings in a run without any plugin: what the built-in rules find on it."""
    if "findings" not in _ATTACK_ALONE:
        outcome = check_folder(folder_with_attack(tmp_path / "_alone"))
        assert outcome.returncode == 1, outcome.stderr
        _ATTACK_ALONE["findings"] = outcome.findings(ATTACK)
    return _ATTACK_ALONE["findings"]


def assert_rule_failed(outcome: Outcome, tmp_path: Path, words: list[str]) -> None:
    """The attack file has one PL001 naming the rule and `words`, and every built-in finding it
    has without the plugin; the good files are unchanged; exit 2."""
    assert_contained(outcome, ATTACK, tmp_path, words=["XH001", "hostile-rule", *words])
    findings = outcome.findings(ATTACK)
    assert [f["code"] for f in findings].count("PL001") == 1, findings
    assert [f for f in findings if f["code"] != "PL001"] == attack_findings_without_plugin(tmp_path)


# --- sys.exit and other BaseExceptions -----------------------------------------------------------

@pytest.mark.parametrize(("body", "words"), [
    ("sys.exit(0)", ["sys.exit(0)"]),
    ("raise SystemExit(3)", ["sys.exit(3)"]),
    ("raise GeneratorExit('closed')", ["GeneratorExit"]),
    ("raise KeyboardInterrupt", ["KeyboardInterrupt"]),  # the plugin's, not the user's Ctrl-C
])
def test_a_rule_that_exits_is_a_pl001_and_the_run_goes_on(tmp_path: Path, body: str, words: list[str]):
    outcome = check_folder(folder_with_attack(tmp_path), "-p", str(plugin(tmp_path, body)))
    assert_rule_failed(outcome, tmp_path, words)


def test_a_plugin_calling_sys_exit_at_import_is_named_and_the_builtin_rules_run(tmp_path: Path):
    hostile = plugin(tmp_path, extra="sys.exit(0)\n")
    outcome = check_folder(good_folder(tmp_path / "run"), "-p", str(hostile))
    assert_contained(outcome, hostile.name, tmp_path, where="stderr", words=["sys.exit(0)"])


def test_a_hook_calling_sys_exit_is_named_and_the_builtin_rules_run(tmp_path: Path):
    hostile = plugin(tmp_path, extra="@hookimpl\ndef perflint_configure(config):\n    sys.exit(0)\n")
    outcome = check_folder(good_folder(tmp_path / "run"), "-p", str(hostile))
    assert_contained(outcome, hostile.name, tmp_path, where="stderr",
                     words=["perflint_configure", "sys.exit(0)"])


def test_a_rules_hook_calling_sys_exit_loses_only_that_plugin(tmp_path: Path):
    hostile = tmp_path / "exiting_rules.py"
    hostile.write_text("import sys\nfrom perflint.hookspecs import hookimpl\n\n\n@hookimpl\n"
                       "def perflint_rules():\n    sys.exit(0)\n", encoding="utf-8")
    outcome = check_folder(good_folder(tmp_path / "run"), "-p", str(hostile))
    assert_contained(outcome, hostile.name, tmp_path, where="stderr", words=["perflint_rules", "sys.exit(0)"])


# --- time budget -------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_rule_looping_forever_is_stopped_at_its_budget(tmp_path: Path, jobs: str):
    config = limits_config(tmp_path, **{"rule-seconds": 1})
    hostile = plugin(tmp_path, "while True:\n    pass")
    outcome = check_folder(folder_with_attack(tmp_path, pads=3), "--jobs", jobs, "--config", str(config),
                           "-p", str(hostile), timeout=30)
    assert_rule_failed(outcome, tmp_path, ["limits.rule-seconds = 1"])
    assert outcome.seconds < 20


def test_a_rule_swallowing_every_stop_in_a_worker_is_killed_and_the_file_relinted(tmp_path: Path):
    """Past its hard deadline (twice the budget, at least 2 s more) the worker running the rule
    is ended; the file is linted again without that rule, so the output is that of a stopped
    rule: PL001 and every other rule's findings."""
    config = limits_config(tmp_path, **{"rule-seconds": 1})
    hostile = plugin(tmp_path, """\
        if multiprocessing.parent_process() is not None:
            while True:
                try:
                    time.sleep(10)
                except BaseException:
                    pass""")
    outcome = check_folder(folder_with_attack(tmp_path, pads=3), "--jobs", "2", "--config", str(config),
                           "-p", str(hostile), timeout=40)
    assert_rule_failed(outcome, tmp_path, ["limits.rule-seconds = 1"])


def test_a_rule_stuck_in_c_code_in_a_worker_is_killed_at_the_hard_deadline(tmp_path: Path):
    """A catastrophic regex holds the interpreter: no signal handler runs, the parent kills."""
    config = limits_config(tmp_path, **{"rule-seconds": 1})
    hostile = plugin(tmp_path, """\
        if multiprocessing.parent_process() is not None:
            re.match(r"(a+)+$", "a" * 64 + "b")""")
    outcome = check_folder(folder_with_attack(tmp_path, pads=3), "--jobs", "2", "--config", str(config),
                           "-p", str(hostile), timeout=40)
    assert_rule_failed(outcome, tmp_path, ["limits.rule-seconds = 1"])
    assert outcome.seconds < 25


def test_a_rule_swallowing_every_stop_in_the_main_process_ends_the_run_with_exit_2(tmp_path: Path):
    """In the process that reports, a rule that swallows every stop cannot be taken from it:
    past the hard deadline the run ends, naming the rule and file, exit 2 (never hangs)."""
    config = limits_config(tmp_path, **{"rule-seconds": 1})
    hostile = plugin(tmp_path, """\
        while True:
            try:
                time.sleep(10)
            except BaseException:
                pass""")
    outcome = check_folder(folder_with_attack(tmp_path), "--jobs", "1", "--config", str(config),
                           "-p", str(hostile), timeout=30)
    assert outcome.returncode == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr
    line = next(line for line in outcome.stderr.splitlines() if "XH001" in line)
    assert ATTACK in line and "limits.rule-seconds = 1" in line
    assert outcome.seconds < 20


# --- what a rule yields, how it is declared --------------------------------------------------------

def test_a_rule_yielding_a_non_finding_is_a_pl001(tmp_path: Path):
    outcome = check_folder(folder_with_attack(tmp_path), "-p",
                           str(plugin(tmp_path, "yield {'code': 'XH001'}")))
    assert_rule_failed(outcome, tmp_path, ["dict", "Finding"])


@pytest.mark.parametrize(("declaration", "words"), [
    ("Hostile.Options = None", ["XH001", "Options"]),
    ("class Plain:\n    code = 'XH002'\n    name = 'plain'\n\n\n@hookimpl\ndef perflint_rules():\n"
     "    return [Plain]", ["XH002", "ReportRule"]),
])
def test_a_malformed_rule_class_is_refused_with_a_message(tmp_path: Path, declaration: str, words: list[str]):
    hostile = plugin(tmp_path, extra=declaration, name="malformed_rules.py")  # a second perflint_rules wins
    outcome = check_folder(good_folder(tmp_path / "run"), "-p", str(hostile))
    assert_contained(outcome, hostile.name, tmp_path, where="stderr", words=words)


def test_a_raising_formatter_is_one_line_and_exit_2(tmp_path: Path):
    hostile = plugin(tmp_path, extra="@hookimpl\ndef perflint_formatters():\n"
                     "    def boom(result, **options):\n        raise RuntimeError('no template')\n"
                     "    return {'boom': boom}\n")
    outcome = run_perflint(["check", "--format", "boom", "-p", str(hostile), "."],
                           good_folder(tmp_path / "run"))
    assert outcome.returncode == 2
    assert "Traceback" not in outcome.stderr and outcome.stdout == ""
    (line,) = [line for line in outcome.stderr.splitlines() if "boom" in line]
    assert "hostile_plugin" in line and "no template" in line


# --- built-in codes belong to core -----------------------------------------------------------------

def test_a_plugin_registering_a_pl_code_is_refused_and_the_builtin_rules_stay(tmp_path: Path):
    hostile = plugin(tmp_path, name="squatter.py").read_text(encoding="utf-8")
    squatter = tmp_path / "squatter.py"
    squatter.write_text(hostile.replace('code = "XH001"', 'code = "PL101"'), encoding="utf-8")
    outcome = check_folder(good_folder(tmp_path / "run"), "-p", str(squatter))
    assert_contained(outcome, squatter.name, tmp_path, where="stderr", words=["PL101", "PL"])
    rules = run_perflint(["rules", "--format", "json", "-p", str(squatter)], tmp_path)
    assert rules.returncode == 2
    import json

    listed = {row["code"]: row["plugin"] for row in json.loads(rules.stdout)}
    assert listed["PL101"] == "perflint" and len([c for c in listed if c.startswith("PL")]) >= 38


# --- workers that die --------------------------------------------------------------------------------

def test_a_worker_killed_by_a_signal_costs_only_the_file_it_held(tmp_path: Path):
    """The rule kills its own process when it runs in a worker: the file it held is a PL000
    naming the signal, every other file's findings are those of `--jobs 1` (where the rule,
    in the main process, does nothing)."""
    hostile = plugin(tmp_path, """\
        if multiprocessing.parent_process() is not None:
            os.kill(os.getpid(), signal.SIGKILL)""")
    folder = folder_with_attack(tmp_path, pads=5)
    parallel = check_folder(folder, "--jobs", "2", "-p", str(hostile))
    serial = check_folder(folder, "--jobs", "1", "-p", str(hostile))
    assert parallel.returncode == 2 and "Traceback" not in parallel.stderr, parallel.stderr
    (died,) = parallel.findings(ATTACK)
    assert died["code"] == "PL000" and "SIGKILL" in died["message"] and "XH001" in died["message"]
    names = {Path(entry["path"]).name for entry in serial.json()["files"]}
    for name in names - {ATTACK}:
        assert parallel.findings(name) == serial.findings(name), name
    for name in GOOD_FILES:
        assert parallel.findings(name) == good_findings(tmp_path)[name]


def test_a_worker_calling_os_exit_costs_only_the_file_it_held(tmp_path: Path):
    hostile = plugin(tmp_path, """\
        if multiprocessing.parent_process() is not None:
            os._exit(0)""")
    outcome = check_folder(folder_with_attack(tmp_path, pads=5), "--jobs", "3", "-p", str(hostile))
    assert_contained(outcome, ATTACK, tmp_path, words=["XH001", "0"])


# --- output size -------------------------------------------------------------------------------------

def test_findings_per_rule_are_capped_with_one_note_and_any_jobs_agree(tmp_path: Path):
    flood = """\
        for index in range(5000):
            yield ctx.finding(None)"""
    hostile = plugin(tmp_path, flood)
    config = limits_config(tmp_path, **{"findings-per-rule": 10})
    folder = folder_with_attack(tmp_path, pads=3)
    outputs = [check_folder(folder, "--jobs", jobs, "--config", str(config), "-p", str(hostile))
               for jobs in ("1", "2")]
    assert outputs[0].stdout == outputs[1].stdout
    mine = [f for f in outputs[0].findings(ATTACK) if f["code"] == "XH001"]
    assert len(mine) == 11
    (note,) = [f for f in mine if f["severity"] == "info"]
    assert "4990" in note["message"] and "limits.findings-per-rule = 10" in note["message"]
    default = check_folder(folder, "-p", str(hostile))
    assert len([f for f in default.findings(ATTACK) if f["code"] == "XH001"]) == 1001


# --- the user's Ctrl-C -------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_run_with_130_and_says_what_was_linted(tmp_path: Path, jobs: str):
    marker = tmp_path / "sleeping"
    hostile = plugin(tmp_path, f"""\
        open({str(marker)!r}, "w").close()
        time.sleep(60)""")
    folder = folder_with_attack(tmp_path, pads=3)
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "perflint", "check", "--format", "json", "--jobs", jobs,
                                "-p", str(hostile), "."], cwd=folder, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert time.monotonic() < deadline and process.poll() is None, process.communicate()
            time.sleep(0.05)
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    finally:
        process.kill()
    text = err.decode("utf-8")
    assert process.returncode == 130, text
    assert time.monotonic() - started < 10
    assert "Traceback" not in text and out == b""
    (line,) = [line for line in text.splitlines() if "已中断" in line]
    assert "/6 个文件" in line and "个错误" in line

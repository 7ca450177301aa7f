"""A plugin whose perflint_configure hook raises is reported by name, and the run goes on.

The plugin is a `-p` .py file, as a district would write one, so the test goes through the same
import, registration and configure path as a real run.
"""

import json
from pathlib import Path

from perflint.cli import main
from perflint.host import create_host

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

WRONG_SUM = """\
year: 2021
breakdowns:
  - label: 供应土地
    total: "32宗"
    parts:
      - {label: 出让用地, value: "7宗"}
      - {label: 划拨用地, value: "24宗"}
"""

BROKEN_CONFIGURE = '''\
from perflint.hookspecs import hookimpl


@hookimpl
def perflint_configure(config):
    raise ValueError("district option table is missing")
'''

RECORDING_CONFIGURE = '''\
from perflint.hookspecs import hookimpl

SEEN = []


@hookimpl
def perflint_configure(config):
    SEEN.append(config.lang)
'''


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_raising_configure_hook_is_reported_and_the_run_goes_on(capsys, tmp_path):
    plugin = _write(tmp_path, "broken_district.py", BROKEN_CONFIGURE)
    report = _write(tmp_path, "wrong.yaml", WRONG_SUM)
    code = main(["check", "--format", "json", "-p", str(plugin), str(report)])
    captured = capsys.readouterr()
    assert code == 2
    problem = next(line for line in captured.err.splitlines() if "perflint_configure" in line)
    assert str(plugin) in problem and "district option table is missing" in problem
    assert "Traceback" not in captured.err
    doc = json.loads(captured.out)
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["PL101"]


def test_text_output_still_lists_findings_after_a_configure_failure(capsys, tmp_path):
    plugin = _write(tmp_path, "broken_district.py", BROKEN_CONFIGURE)
    report = _write(tmp_path, "wrong.yaml", WRONG_SUM)
    assert main(["check", "-p", str(plugin), str(report)]) == 2
    captured = capsys.readouterr()
    assert "wrong.yaml:4:12 PL101" in captured.out
    assert "broken_district.py" in captured.err


def test_fix_reports_a_raising_configure_hook_as_a_usage_error(capsys, tmp_path):
    plugin = _write(tmp_path, "broken_district.py", BROKEN_CONFIGURE)
    report = _write(tmp_path, "seed_004.yaml", (FIXTURES / "seed_004.yaml").read_text(encoding="utf-8"))
    assert main(["fix", "--diff", "-p", str(plugin), str(report)]) == 2
    captured = capsys.readouterr()
    assert "broken_district.py" in captured.err and "perflint_configure" in captured.err
    assert '+        rate: "146.55%"' in captured.out  # the fix was still computed


def test_call_each_passes_arguments_and_isolates_each_plugin(tmp_path):
    broken = _write(tmp_path, "broken_district.py", BROKEN_CONFIGURE)
    recording = _write(tmp_path, "recording_district.py", RECORDING_CONFIGURE)
    host = create_host([str(broken), str(recording)], load_entry_points=False)

    class Config:
        lang = "en"

    host.call_each("perflint_configure", config=Config())
    module = host.manager.get_plugin(str(recording))
    assert module.SEEN == ["en"]  # the plugin after the broken one was still configured
    assert len(host.problems) == 1 and str(broken) in host.problems[0]


def _formatter_plugin(tmp_path: Path, name: str, format_name: str, marker: str = "", *,
                      tryfirst: bool = False) -> Path:
    decorator = "@hookimpl(tryfirst=True)" if tryfirst else "@hookimpl"
    return _write(tmp_path, name, f'''\
from perflint.hookspecs import hookimpl


{decorator}
def perflint_formatters():
    return {{{format_name!r}: lambda result, **options: {marker!r}}}
''')


def test_hooks_run_in_registration_order_whatever_a_plugin_asks(tmp_path):
    """pluggy calls the last registered first (and `tryfirst` earlier still); perflint calls the
    built-in plugin first, then the others as they were named: a plugin adds, never replaces."""
    first = _formatter_plugin(tmp_path, "first.py", "shared", "first")
    second = _formatter_plugin(tmp_path, "second.py", "shared", "second", tryfirst=True)
    takeover = _formatter_plugin(tmp_path, "takeover.py", "json", "taken", tryfirst=True)
    host = create_host([str(first), str(second), str(takeover)], load_entry_points=False)
    names = [name for name, _ in host.call_each("perflint_formatters")]
    assert names == ["perflint", str(first), str(second), str(takeover)]
    formatters = host.formatters()
    assert formatters["shared"](None) == "first"
    assert not str(formatters["json"].__module__).startswith("perflint_local")  # perflint's own json


def test_a_plugin_rule_with_a_pl_code_is_refused_and_perflint_keeps_its_rules(tmp_path):
    squatter = _write(tmp_path, "squatter.py", '''\
from perflint.hookspecs import hookimpl
from perflint.rules.base import ReportRule


class Squat(ReportRule):
    """PL999 squat."""

    code = "PL999"
    name = "squat"
    messages = {"zh": "x", "en": "x"}


@hookimpl
def perflint_rules():
    return [Squat]
''')
    host = create_host([str(squatter)], load_entry_points=False)
    assert "PL999" not in host.rules
    assert {r.plugin for code, r in host.rules.items() if code.startswith("PL")} == {"perflint"}
    assert len(host.rules) >= 38
    (problem,) = host.problems
    assert "PL999" in problem and str(squatter) in problem and "PL" in problem.text("en")


def test_a_hook_that_exits_is_a_problem_not_the_end_of_the_process(tmp_path):
    exiting = _write(tmp_path, "exiting.py", BROKEN_CONFIGURE.replace(
        'raise ValueError("district option table is missing")', "raise SystemExit(0)"))
    host = create_host([str(exiting)], load_entry_points=False)

    class Config:
        lang = "zh"

    host.call_each("perflint_configure", config=Config())
    (problem,) = host.problems
    assert "sys.exit(0)" in problem and "called sys.exit(0)" in problem.text("en")

"""`perflint --version` and `--help` answer before configuration, plugins and pydantic load: a
pre-commit hook or a shell completion asking for them should not pay for a whole run's start-up.
A one-file `check` (the hook's run) imports only what linting that file needs, and the `perflint`
process leaves nothing for the collector to scan at shutdown."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_reports import REPORT

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

HEAVY = ("pydantic", "rich", "ruamel", "pluggy", "perflint.config", "perflint.host",
         "perflint.profiles.registry", "perflint.runner")
PROBE = ("import sys; from perflint.cli import main\n"
         "try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
         "print('LOADED', sorted(m for m in {heavy!r} if m in sys.modules))")


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["check", "--help"], ["review", "--help"],
                                  ["--lang", "en", "--help"]])
def test_version_and_help_load_nothing_heavy(argv):
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, heavy=HEAVY)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "LOADED []", done.stdout + done.stderr
    assert "用法" in done.stdout or "usage" in done.stdout or "perflint " in done.stdout


#: What a one-file `check` of a normalized YAML report rendered as JSON must not import: the text
#: format's terminal library, the other formats' readers (perflint.builtin's lazy loaders).
NOT_FOR_YAML_JSON = ("rich", "perflint.output.text", "perflint.loaders.docx_loader",
                     "perflint.loaders.xlsx_loader", "perflint.loaders.xls_loader",
                     "perflint.loaders.pdf_loader", "perflint.loaders.html_loader",
                     "perflint.loaders.convert_loader", "perflint.loaders.text_loader",
                     "perflint.loaders.package")


def test_a_yaml_check_imports_only_its_loader_and_format(tmp_path):
    report = tmp_path / "report.yaml"
    report.write_text("unit: 某单位\nyear: 2024\n", encoding="utf-8")
    argv = ["check", "--no-progress", "--no-cache", "--format", "json", str(report)]
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, heavy=NOT_FOR_YAML_JSON)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "LOADED []", done.stdout + done.stderr
    assert '"files"' in done.stdout, done.stdout + done.stderr


def test_the_rule_index_lists_the_rules_the_modules_define():
    """The index (perflint/data/rule_index.json) is what a run registers perflint's rules from;
    a rule added, renamed or moved without rewriting it would silently never run."""
    from perflint import builtin

    assert json.loads(builtin.RULE_INDEX.read_text(encoding="utf-8")) == builtin.scan_rules(), (
        "perflint/data/rule_index.json is out of date: run `python -m perflint.builtin`")


def test_the_host_registers_the_indexed_classes():
    from perflint import builtin
    from perflint.host import create_host

    host = create_host(load_entry_points=False)
    builtin_rules = {code: r for code, r in host.rules.items() if r.plugin == "perflint"}
    assert list(builtin_rules) == list(json.loads(builtin.RULE_INDEX.read_text(encoding="utf-8")))
    assert not host.problems
    for code, registered in builtin_rules.items():
        assert (registered.rule.code, registered.rule.name) == (code, registered.name)


def test_the_lazy_loaders_match_the_loader_modules():
    """perflint.builtin names each reader without importing it; the names and extensions are the
    reader modules' own, so a format added to a module cannot be missed."""
    import importlib

    from perflint import builtin

    declared = {loader.name: loader.extensions for loader in builtin.perflint_loaders()}
    modules = ("yaml_loader", "text_loader", "docx_loader", "xlsx_loader", "html_loader", "pdf_loader",
               "convert_loader", "xls_loader")
    actual = {}
    for name in modules:
        module = importlib.import_module(f"perflint.loaders.{name}")
        loaders = getattr(module, "LOADERS", None) or [module.YAML_LOADER, module.JSON_LOADER]
        actual.update({loader.name: loader.extensions for loader in loaders})
    assert declared == actual


def test_a_selected_rule_imports_only_its_module(tmp_path):
    """Selection reads codes and names from the index: `--select PL101` imports PL101's module
    (and those a ruleset's parameters name), not the other built-in rules'."""
    report = tmp_path / "report.yaml"
    report.write_text("unit: 某单位\nyear: 2024\n", encoding="utf-8")
    argv = ["check", "--no-progress", "--no-cache", "--format", "json", "--select", "PL101", str(report)]
    probe = ("import sys; from perflint.cli import main\n"
             f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
             "print('RULES', sorted(m for m in sys.modules if m.startswith('perflint.rules.arithmetic.')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    loaded = done.stdout.strip().splitlines()[-1]
    assert "perflint.rules.arithmetic.breakdown_sum" in loaded, done.stdout + done.stderr
    assert "perflint.rules.arithmetic.ratio" not in loaded, loaded


#: What a one-file `check` in the text format must not import: the columnar and cluster
#: libraries, rich's console and progress bar (text is written plain without colour:
#: perflint.output.text), the reference corpus and cache stores (no `--corpus`, no `--cache`) and
#: the declarative rules' selector language (the national ruleset declares none).
NOT_FOR_ONE_FILE = ("numpy", "pyarrow", "dask", "distributed", "perflint.distributed", "rich.console",
                    "rich.progress", "perflint.corpusstore.store", "perflint.cache",
                    "perflint.declarative.selectors")


@pytest.mark.parametrize("name", ["report.txt", "seed_000.yaml"])
def test_a_one_file_text_check_imports_nothing_it_does_not_use(tmp_path, name):
    report = tmp_path / name
    if name == "report.txt":
        report.write_text(REPORT, encoding="utf-8")
    else:
        shutil.copy(FIXTURES / name, report)
    argv = ["check", "--no-progress", str(report)]
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, heavy=NOT_FOR_ONE_FILE)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "LOADED []", done.stdout + done.stderr
    assert f"{report}:" in done.stdout, done.stdout + done.stderr  # it linted and printed findings


def test_the_command_collects_rarely_and_freezes_what_is_left():
    """The `perflint` process (main without arguments) runs the collector as a run does and
    freezes what is left at the end, so the interpreter's shutdown does not scan it."""
    probe = ("import gc, sys\nsys.argv = ['perflint', '--version']\nfrom perflint.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('GC', gc.get_freeze_count() > 0, gc.get_threshold())")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    from perflint.runner import GC_THRESHOLDS

    assert done.stdout.strip().splitlines()[-1] == f"GC True {GC_THRESHOLDS}", done.stdout + done.stderr


def test_main_with_arguments_leaves_the_collector_alone(capsys):
    from perflint.cli import main

    before = gc.get_threshold(), gc.get_freeze_count()
    with pytest.raises(SystemExit):
        main(["--version"])
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert "perflint" in capsys.readouterr().out


def test_the_text_format_writes_what_rich_writes(tmp_path):
    """Uncoloured, the text format writes its lines without rich: the same bytes as rich's
    console, in both languages, with and without fixes; a problem holding a tab (which rich
    expands) goes through rich."""
    from perflint.output import text
    from perflint.testing import lint_paths

    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    shutil.copy(FIXTURES / "seed_000.yaml", tmp_path / "seed_000.yaml")
    result = lint_paths([tmp_path / "report.txt", tmp_path / "seed_000.yaml"])
    assert sum(result.counts().values()) > 5
    for lang in ("zh", "en"):
        for show_fixes in (False, True):
            through_rich = text._through_rich(list(text._lines(result, lang, show_fixes)), color=False)
            assert text.render(result, lang=lang, show_fixes=show_fixes) == through_rich
    result.problems.append("一个问题\t含制表符")
    written = text.render(result)
    assert "\t" not in written and written == text._through_rich(list(text._lines(result, "zh", False)),
                                                                 color=False)

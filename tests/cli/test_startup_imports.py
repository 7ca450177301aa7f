"""A normalized YAML report is linted without the raw-text reader, and the YAML perflint writes
without ruamel.yaml.

perflint.extract (its clause, figure and heading patterns) and perflint.document are what
`.txt`/`.docx` extraction reads with, and a pre-commit hook's `perflint check report.yaml` paid
for importing them in every rule that might read a narrative. The rules that do (PL109's bare
totals, PL405's cited documents, PL502's inferred headings) import them when a report gives them
something to read, and find what they found before."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

#: The raw-text reader's modules.
RAW_TEXT_READER = ("perflint.document", "perflint.extract", "perflint.extract.clauses",
                   "perflint.extract.figures", "perflint.extract.headings", "perflint.extract.textdoc")
PROBE = ("import sys; from perflint.cli import main\n"
         "try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
         "print('LOADED', sorted(m for m in {modules!r} if m in sys.modules))")

#: A transfer-payment report whose narrative cites one allocation document with two amounts
#: (PL405), written for this test.
CITES_A_DOCUMENT = """\
某某县2023年中央农田建设补助资金绩效自评报告
一、项目基本情况
某市财政局某财农〔2023〕41号文件《关于下达2023年中央农田建设补助资金的通知》，下达我县2023年资金5万元。
二、资金使用情况
某财农〔2023〕41号文件下达我县农田灌溉设施维修资金6万元，已全部拨付。
"""


def _check(report: Path, cwd: Path, modules: tuple[str, ...] = RAW_TEXT_READER) -> list[str]:
    """The text output of `perflint check REPORT` (every rule) and, last, which of `modules` it
    imported."""
    argv = ["check", "--no-progress", "--no-cache", str(report)]
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, modules=modules)],
                          capture_output=True, text=True, timeout=60, cwd=cwd)
    assert done.stdout.strip(), done.stderr
    return done.stdout.strip().splitlines()


def test_a_yaml_check_does_not_import_the_raw_text_reader(tmp_path):
    report = tmp_path / "seed_000.yaml"
    shutil.copy(FIXTURES / "seed_000.yaml", report)
    lines = _check(report, tmp_path)
    assert lines[-1] == "LOADED []"
    assert any(line.startswith(f"{report}:") for line in lines), lines  # it linted and found


def test_a_yaml_narrative_citing_a_document_is_still_read(tmp_path, cli):
    """The deferred imports happen where the narrative needs them: the YAML that `perflint
    extract` writes of a report citing a document twice gets the text report's PL405."""
    text = tmp_path / "report.txt"
    text.write_text(CITES_A_DOCUMENT, encoding="utf-8")
    normalized = tmp_path / "report.yaml"
    assert cli("extract", str(text), "-o", str(normalized)).code == 0
    lines = _check(normalized, tmp_path)
    assert "perflint.extract.clauses" in lines[-1]
    assert any(" PL405 " in line for line in lines), lines


def test_the_yaml_perflint_writes_is_read_without_ruamel(tmp_path, cli):
    """The line reader reads what `perflint extract` writes, and knows which plain words are no
    text (yaml_lines.plain_kind) without ruamel.yaml's resolvers; a hand-written file in another
    style (seed_000's flow mappings) is read with ruamel.yaml, as before."""
    text = tmp_path / "report.txt"
    text.write_text(CITES_A_DOCUMENT, encoding="utf-8")
    normalized = tmp_path / "report.yaml"
    assert cli("extract", str(text), "-o", str(normalized)).code == 0
    lines = _check(normalized, tmp_path, ("ruamel.yaml",))
    assert lines[-1] == "LOADED []"
    assert any(" PL405 " in line for line in lines), lines
    shutil.copy(FIXTURES / "seed_000.yaml", tmp_path / "seed_000.yaml")
    assert _check(tmp_path / "seed_000.yaml", tmp_path, ("ruamel.yaml",))[-1] == "LOADED ['ruamel.yaml']"

"""A one-file `check` reads the rulesets and profiles perflint and its plugins ship from their
pre-composed forms (perflint.composed_forms): the YAML reader is imported only for a file that
has none, such as the user's own config, which no form beside it can stand in for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cli_reports import REPORT

from perflint import composed_forms
from perflint.loaders.yaml_loader import compose

PROBE = ("import sys; from perflint.cli import main\n"
         "try:\n    code = main({argv!r})\nexcept SystemExit as exit:\n    code = exit.code\n"
         "print('EXIT', code, 'YAML READER', 'perflint.loaders.yaml_loader' in sys.modules)")
ARGV = ["check", "--no-progress", "--no-cache", "--format", "json", "report.txt"]


def _run(cwd: Path) -> tuple[list[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=ARGV)], capture_output=True, text=True,
                          timeout=120, cwd=cwd)
    return done.stdout.splitlines(), done.stderr


def test_a_txt_check_reads_the_shipped_data_without_the_yaml_reader(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    out, err = _run(tmp_path)
    assert out[-1] == "EXIT 1 YAML READER False", (out, err)
    assert '"PL103"' in "\n".join(out)


def test_a_form_beside_the_users_config_is_not_believed(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    text = "lang: zh\n"
    (tmp_path / "perflint.yaml").write_text(text, encoding="utf-8")
    clean = _run(tmp_path)
    planted = "lang: zh\nignore: [PL103]\n"
    form = {"format": composed_forms.FORMAT, "files": {"perflint.yaml": [
        composed_forms.digest(text), composed_forms.encode(compose(planted), planted)]}}
    (tmp_path / composed_forms.FORM_NAME).write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    out, err = _run(tmp_path)
    assert (out, err) == clean
    assert out[-1] == "EXIT 1 YAML READER True", (out, err)
    assert '"PL103"' in "\n".join(out)

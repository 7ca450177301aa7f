"""`limits:` in a config file: named, validated, applied to the linted files only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perflint.cli import main
from perflint.limits import DEFAULTS, Limits, LimitSettingError, applied, current

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "seed_000.yaml"


@pytest.mark.parametrize(("setting", "words"), [
    ("bogus: 3", ["未知的上限“bogus”", "file-bytes"]),
    ("text-chars: 0", ["上限“text-chars”应为正数"]),
    ("rule-seconds: true", ["上限“rule-seconds”应为正数"]),
])
def test_a_wrong_limit_is_a_configuration_error(tmp_path, capsys, setting, words):
    config = tmp_path / "perflint.yaml"
    config.write_text(f"limits:\n  {setting}\n", encoding="utf-8")
    shutil.copy(FIXTURE, tmp_path / "report.yaml")
    assert main(["check", "--config", str(config), str(tmp_path / "report.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{config}:2" in err
    for word in words:
        assert word in err


def test_a_lowered_limit_applies_to_linted_files_not_to_perflints_own(tmp_path, capsys):
    """The run's profiles and ruleset are far larger than 100 bytes and still load."""
    config = tmp_path / "perflint.yaml"
    config.write_text("limits:\n  file-bytes: 100\n", encoding="utf-8")
    shutil.copy(FIXTURE, tmp_path / "report.yaml")
    assert main(["check", "--config", str(config), "--format", "json", str(tmp_path / "report.yaml")]) == 2
    out = capsys.readouterr()
    assert "limits.file-bytes = 100" in out.out
    assert "profile" not in out.err and "表式" not in out.err


def test_settings_keep_their_types_and_the_defaults_outside_a_run():
    limits = Limits.from_settings({"rule_seconds": 2, "table-cells": 10.0})
    assert limits.rule_seconds == 2 and isinstance(limits.table_cells, int)
    assert current() == DEFAULTS
    with applied(limits):
        assert current().table_cells == 10
    assert current() == DEFAULTS
    with pytest.raises(LimitSettingError):
        Limits.from_settings({"file-bytes": -1})

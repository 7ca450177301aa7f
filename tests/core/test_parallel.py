"""Parallel runs give exactly the serial output, in the same order."""

import json
import shutil
from pathlib import Path

from perflint.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_jobs_do_not_change_the_output(tmp_path, capsys):
    for index in range(12):
        for seed in ("seed_001", "seed_004"):
            shutil.copy(ROOT / "fixtures" / f"{seed}.yaml", tmp_path / f"{index:02d}_{seed}.yaml")
    (tmp_path / "05_broken.yaml").write_text("year: [\n", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2", "3"):
        main(["check", "--format", "json", "--jobs", jobs, str(tmp_path)])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    document = json.loads(outputs[0])
    assert len(document["files"]) == 25
    assert document["summary"]["error"] > 0

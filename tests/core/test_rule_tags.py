"""Rule tags (perflint.runner.rule_tag) are given once per config's rules, not once per file: every
file of a config shares one plan, so a larger run gives no more tags than a smaller one."""

import shutil
from pathlib import Path

from perflint import runner
from perflint.config import Config
from perflint.host import create_host

ROOT = Path(__file__).resolve().parents[2]


def _tags_given(folder: Path, files: int, monkeypatch) -> int:
    for index in range(files):
        shutil.copy(ROOT / "fixtures" / "seed_001.yaml", folder / f"{index:02d}.yaml")
    calls = []

    def counted(code: str) -> int:
        calls.append(code)
        return runner._TAGS.setdefault(code, len(runner._TAGS))

    monkeypatch.setattr(runner, "rule_tag", counted)
    result = runner.run([folder], create_host([]), Config())
    assert len(result.files) == files
    return len(calls)


def test_tags_do_not_grow_with_the_files(tmp_path, monkeypatch):
    (tmp_path / "two").mkdir()
    (tmp_path / "six").mkdir()
    assert _tags_given(tmp_path / "six", 6, monkeypatch) == _tags_given(tmp_path / "two", 2, monkeypatch)

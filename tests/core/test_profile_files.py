"""perflint's own profile files are loaded without compiling their patterns at start-up
(perflint.profiles.model.OWN_FILE); this test compiles them instead, and every other profile file
(a plugin's, a user's, even one a plugin called `perflint` ships) still has its patterns checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.profiles.registry import BUILTIN_DIR, build, load_profile_file, profile_files

_OWN = profile_files([BUILTIN_DIR])


def test_there_are_builtin_profile_files():
    assert len(_OWN) >= 8


@pytest.mark.parametrize("path", _OWN, ids=lambda path: path.name)
def test_every_pattern_of_perflints_own_profiles_compiles_and_reads_the_same_unchecked(path: Path):
    checked = load_profile_file(path)  # raises, naming the pattern, if one does not compile
    assert load_profile_file(path, own=True) == checked


_BROKEN = {
    "titles": "id: x/a\nkind: project-table\ndetect:\n  titles: ['(unclosed']\n",
    "lexicon": "id: x/a\nkind: project-table\nlexicon:\n  - {role: budget, labels: ['[预算数']}\n",
    "columns": "id: x/a\nkind: project-table\ncolumns:\n  budget:\n    budget: ['预算数(']\n",
}


@pytest.mark.parametrize("plugin", ["perflint", "region"])
@pytest.mark.parametrize("where", sorted(_BROKEN))
def test_any_other_profile_files_patterns_are_checked(tmp_path: Path, plugin: str, where: str):
    path = tmp_path / "p.yaml"
    path.write_text(_BROKEN[where], encoding="utf-8")
    profiles, problems = build([(plugin, path)])
    assert len(problems) == 1 and "正则表达式" in problems[0] and "p.yaml" in problems[0], problems
    assert "x/a" not in profiles.profiles

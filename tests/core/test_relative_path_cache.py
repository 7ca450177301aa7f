"""`review.relative_path` works a file's path out from its folder's, remembered: the same text as
working it out from the file's own path, wherever the file, the base and the working folder are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from perflint import review

FILES = ["甲县/2023/报告.txt", "报告.txt", "./报告.txt", "a/../报告.txt", "a//b/报告.txt", "../x/报告.txt",
         "/abs/甲县/报告.txt", "/报告.txt", "甲县/inner", "inner", "/srv/inner"]
BASES = [".", "甲县", "甲县/2023", "..", "a/b", "/", "/abs", "/abs/甲县", "inner/deeper", "/srv/inner/x",
         "甲县/inner/x", "inner"]


@pytest.mark.parametrize("base", BASES)
def test_the_same_path_as_from_the_file_alone(base, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for name in FILES:
        assert review.relative_path(Path(name), Path(base)) == review._relative_path(Path(name), Path(base))
        assert review.relative_path(name, base) == review._relative_path(Path(name), Path(base))


def test_a_file_whose_name_the_base_lies_under_is_worked_out_alone(tmp_path, monkeypatch):
    """The base inside `folder/name` (a base named after a file): not the folder's path joined
    with the name, which would read `../inner` where the file is `..`."""
    monkeypatch.chdir(tmp_path)
    assert review.relative_path(Path("inner"), Path("inner/x")) == ".."
    assert review.relative_path(Path("other"), Path("inner/x")) == "../../other"


def test_the_working_folder_counts_for_relative_names(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    first = review.relative_path(Path("报告.txt"), tmp_path)
    monkeypatch.chdir(tmp_path / "b")
    assert first == "a/报告.txt"
    assert review.relative_path(Path("报告.txt"), tmp_path) == "b/报告.txt"


def test_the_folders_remembered_are_bounded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for index in range(review.FOLDERS_KEPT * 2):
        review.relative_path(Path(f"d{index}/报告.txt"), Path("."))
    assert review._folder_relative.cache_info().currsize <= review.FOLDERS_KEPT
    assert os.sep != "/" or review.relative_path(Path("d1/报告.txt"), Path(".")) == "d1/报告.txt"

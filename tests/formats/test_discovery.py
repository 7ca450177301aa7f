"""What a folder run lints, and the list of what it did not lint and why (perflint.discovery).

Nothing passes silently: an unsupported file is a PL000 (exit 2) unless excluded; perflint's own
files, excluded and gitignored files and folders, documentation and other data are listed on
stderr (`未检查的文件`) and under the JSON output's `skipped`; hidden files, Office lock files and
the default excludes (`node_modules` …) are left out without a word, as ruff does.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from perflint.cli import main
from perflint.discovery import own_file

ROOT = Path(__file__).resolve().parents[2]

WRONG_SUM = """\
year: 2021
breakdowns:
  - label: 供应土地
    total: "32宗"
    parts:
      - {label: 出让用地, value: "7宗"}
      - {label: 划拨用地, value: "24宗"}
"""
CORRECT_SUM = WRONG_SUM.replace('"24宗"', '"25宗"')


def _write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def check(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", "--no-progress", "-j", "1", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def check_text(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--no-progress", "-j", "1", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def linted(document: dict) -> list[str]:
    return [Path(f["path"]).as_posix() for f in document["files"]]


def skipped(document: dict) -> list[tuple[str, str]]:
    return [(s["path"], s["reason"]) for s in document["skipped"]]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    """A district's folder as an auditor receives it, with the run started inside it."""
    work = tmp_path / "work"
    _write(work / "reports" / "a.yaml", WRONG_SUM)
    _write(work / "reports" / "b.yaml", CORRECT_SUM)
    _write(work / "reports" / "c.pages", b"PK\x03\x04 a Pages document")  # no loader reads it
    _write(work / "reports" / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    _write(work / "reports" / "~$a.docx", b"\x05owner")
    _write(work / "reports" / "Thumbs.db", b"\x00")
    _write(work / "reports" / ".hidden" / "x.yaml", WRONG_SUM)
    _write(work / "reports" / "node_modules" / "x.yaml", WRONG_SUM)
    _write(work / "reports" / "drafts" / "d.yaml", WRONG_SUM)
    _write(work / "reports" / "old" / "o.yaml", WRONG_SUM)
    _write(work / "reports" / "README.md", "# 2023 年绩效自评材料\n")
    _write(work / "reports" / "audit.yaml", "partial: true\nreport: a.yaml\nfindings: []\n")
    _write(work / "reports" / "local_rules.py", "# a district's plugin\n")
    _write(work / "reports" / ".gitignore", "old/\n*.bak.yaml\n")
    _write(work / "reports" / "x.bak.yaml", WRONG_SUM)
    _write(work / "reports" / "rules.yaml", (ROOT / "rulesets" / "national.yaml").read_text("utf-8"))
    _write(work / "reports" / "profile.yaml", (ROOT / "perflint" / "profiles" / "data" / "national"
                                               / "project-table.yaml").read_text("utf-8"))
    _write(work / "perflint.yaml", "extend-exclude: [drafts]\n")
    monkeypatch.chdir(work)
    return work


def test_a_folder_run_lists_every_file_it_did_not_lint(capsys, folder):
    assert main(["check", "--no-progress", "-j", "1", "--write-baseline", "reports/baseline.json",
                 "reports"]) == 0
    capsys.readouterr()
    code, document, err = check(capsys, "reports")
    assert code == 2  # the .pages file: a format no loader reads is an input error
    assert linted(document) == ["reports/a.yaml", "reports/b.yaml", "reports/c.pages"]
    assert [f["code"] for f in document["files"][2]["findings"]] == ["PL000"]
    assert skipped(document) == [
        ("reports/README.md", "documentation"),
        ("reports/audit.yaml", "not-report-data"),
        ("reports/baseline.json", "baseline"),
        ("reports/c.pages", "unsupported"),
        ("reports/drafts/", "excluded"),
        ("reports/local_rules.py", "source"),
        ("reports/old/", "gitignored"),
        ("reports/profile.yaml", "profile"),
        ("reports/rules.yaml", "ruleset"),
        ("reports/x.bak.yaml", "gitignored"),
    ]  # not listed: .DS_Store, .hidden/, ~$a.docx, Thumbs.db, node_modules/
    details = {s["path"]: s["detail"] for s in document["skipped"]}
    assert details["reports/drafts/"] == "drafts (perflint.yaml: extend-exclude)"
    assert details["reports/old/"] == "reports/.gitignore:1: old/"
    assert details["reports/x.bak.yaml"] == "reports/.gitignore:2: *.bak.yaml"
    assert details["reports/c.pages"].startswith("不支持的文件格式 .pages")
    assert err == ""  # JSON: the list is in the document, not on stderr


def test_the_text_output_ends_with_the_table_on_stderr(capsys, folder):
    code, out, err = check_text(capsys, "reports")
    assert code == 2
    assert "reports/c.pages" in out and "PL000" in out
    lines = err.splitlines()
    assert lines[0] == "未检查的文件（9 个）："
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {"reports/README.md", "reports/audit.yaml", "reports/c.pages", "reports/drafts/",
                         "reports/local_rules.py", "reports/old/", "reports/profile.yaml",
                         "reports/rules.yaml", "reports/x.bak.yaml"}
    assert "已排除：drafts (perflint.yaml: extend-exclude)" in rows["reports/drafts/"]
    assert "被 .gitignore 忽略" in rows["reports/old/"]
    assert "（PL000）" in rows["reports/c.pages"]
    code, _, err = check_text(capsys, "--lang", "en", "reports")
    assert err.splitlines()[0] == "files not linted (9):"


def test_an_excluded_unsupported_file_is_no_error(capsys, folder):
    code, document, _ = check(capsys, "--extend-exclude", "*.pages", "reports")
    assert code == 1  # PL101 in a.yaml; the .pages file is listed, not an error
    assert ("reports/c.pages", "excluded") in skipped(document)
    assert "reports/c.pages" not in linted(document)


def test_exclude_on_the_command_line_replaces_the_config_and_the_defaults(capsys, folder):
    code, document, _ = check(capsys, "--exclude", "*.pages,old", "--no-respect-gitignore", "reports")
    assert code == 1
    # node_modules is walked (the defaults are gone); the config's extend-exclude still counts
    assert linted(document) == ["reports/a.yaml", "reports/b.yaml", "reports/node_modules/x.yaml",
                                "reports/x.bak.yaml"]
    assert {path for path, reason in skipped(document) if reason == "excluded"} == {
        "reports/c.pages", "reports/drafts/", "reports/old/"}


def test_a_pattern_with_a_slash_is_a_path_from_the_config_folder(capsys, folder):
    _write(folder / "perflint.yaml", "extend-exclude: [reports/b.yaml, 'reports/**/d.yaml']\n")
    _, document, _ = check(capsys, "reports")
    assert "reports/b.yaml" not in linted(document) and "reports/drafts/d.yaml" not in linted(document)
    assert ("reports/b.yaml", "excluded") in skipped(document)
    # from the command line: relative to the current directory
    _write(folder / "perflint.yaml", "{}\n")
    _, document, _ = check(capsys, "--extend-exclude", "reports/a.yaml", "reports")
    assert ("reports/a.yaml", "excluded") in skipped(document)
    assert "reports/drafts/d.yaml" in linted(document)
    # a path that leaves the current directory
    os.chdir(folder / "reports" / "drafts")
    _, document, _ = check(capsys, "--extend-exclude", "../a.yaml", "..")
    assert ("../a.yaml", "excluded") in skipped(document) and "../b.yaml" in linted(document)


def test_a_nested_config_excludes_in_its_own_folder(capsys, folder):
    _write(folder / "reports" / "old" / "perflint.yaml", "exclude: [o.yaml]\n")
    _, document, _ = check(capsys, "--no-respect-gitignore", "reports")
    assert ("reports/old/o.yaml", "excluded") in skipped(document)
    assert ("reports/old/perflint.yaml", "config") in skipped(document)
    details = {s["path"]: s["detail"] for s in document["skipped"]}
    assert details["reports/old/o.yaml"] == "o.yaml (reports/old/perflint.yaml: exclude)"


def test_a_file_named_on_the_command_line_is_linted_even_when_excluded(capsys, folder):
    code, document, _ = check(capsys, "reports/drafts/d.yaml", "reports/x.bak.yaml")
    assert code == 1 and linted(document) == ["reports/drafts/d.yaml", "reports/x.bak.yaml"]
    code, document, _ = check(capsys, "--force-exclude", "reports/drafts/d.yaml", "reports/b.yaml")
    assert code == 0 and linted(document) == ["reports/b.yaml"]
    assert skipped(document) == [("reports/drafts/d.yaml", "excluded")]
    # a folder named on the command line is walked even when excluded, unless forced
    code, document, _ = check(capsys, "reports/drafts")
    assert linted(document) == ["reports/drafts/d.yaml"]
    code, document, _ = check(capsys, "--force-exclude", "reports/drafts")
    assert linted(document) == [] and skipped(document) == [("reports/drafts/", "excluded")]


def test_force_exclude_in_the_config(capsys, folder):
    _write(folder / "perflint.yaml", "exclude: [drafts]\nforce-exclude: true\n")
    code, document, _ = check(capsys, "reports/drafts/d.yaml")
    assert code == 0 and skipped(document) == [("reports/drafts/d.yaml", "excluded")]
    code, document, _ = check(capsys, "--no-force-exclude", "reports/drafts/d.yaml")
    assert code == 1 and linted(document) == ["reports/drafts/d.yaml"]


def test_perflints_own_files_named_on_the_command_line_are_not_linted(capsys, folder):
    main(["check", "--no-progress", "--write-baseline", "baseline.json", "reports/a.yaml"])
    capsys.readouterr()
    code, document, _ = check(capsys, "perflint.yaml", "reports/rules.yaml", "reports/profile.yaml",
                              "baseline.json", "reports/b.yaml")
    assert code == 0
    assert linted(document) == ["reports/b.yaml"]
    assert skipped(document) == [("baseline.json", "baseline"), ("perflint.yaml", "config"),
                                 ("reports/profile.yaml", "profile"), ("reports/rules.yaml", "ruleset")]


def test_an_unsupported_file_named_on_the_command_line_is_an_error(capsys, folder):
    code, document, _ = check(capsys, "reports/c.pages")
    assert code == 2 and skipped(document) == [("reports/c.pages", "unsupported")]
    # data that is not a report, named: linted, so the user sees why it is no report
    code, document, _ = check(capsys, "reports/audit.yaml")
    assert code == 2 and [f["code"] for f in document["files"][0]["findings"]] == ["PL000"]


def test_gitignore_as_git_reads_it(capsys, tmp_path, monkeypatch):
    """Negation, a deeper .gitignore winning, the repository's .gitignore above the walked
    folder and .git/info/exclude; outside a repository, nothing above the walked folder."""
    repository = tmp_path / "repo"
    _write(repository / ".git" / "info" / "exclude", "secret.yml\n")
    _write(repository / ".gitignore", "*.yaml\n!keep.yaml\n")
    _write(repository / "reports" / ".gitignore", "!other.yaml\nlocal.yaml\n")
    for name in ("keep.yaml", "other.yaml", "local.yaml", "secret.yml"):
        _write(repository / "reports" / name, CORRECT_SUM)
        _write(repository / name, CORRECT_SUM)
    monkeypatch.chdir(tmp_path)
    code, document, _ = check(capsys, "repo")
    assert code == 0
    assert linted(document) == ["repo/keep.yaml", "repo/reports/keep.yaml", "repo/reports/other.yaml"]
    assert dict(skipped(document)) == {
        "repo/local.yaml": "gitignored", "repo/other.yaml": "gitignored", "repo/secret.yml": "gitignored",
        "repo/reports/local.yaml": "gitignored", "repo/reports/secret.yml": "gitignored"}
    details = {s["path"]: s["detail"] for s in document["skipped"]}
    assert details["repo/secret.yml"].endswith(".git/info/exclude:1: secret.yml")
    assert details["repo/other.yaml"] == "repo/.gitignore:1: *.yaml"
    assert details["repo/reports/local.yaml"] == "repo/reports/.gitignore:2: local.yaml"
    # a walk that starts inside the repository still reads the .gitignore files above it
    code, document, _ = check(capsys, "repo/reports")
    assert linted(document) == ["repo/reports/keep.yaml", "repo/reports/other.yaml"]
    # outside a repository, only the walked folders' .gitignore files count
    shutil.rmtree(repository / ".git")
    code, document, _ = check(capsys, "repo/reports")
    assert linted(document) == ["repo/reports/keep.yaml", "repo/reports/other.yaml",
                                "repo/reports/secret.yml"]
    code, document, _ = check(capsys, "--no-respect-gitignore", "repo")
    assert len(linted(document)) == 8 and skipped(document) == []


def test_a_broken_nested_config_lists_its_files(capsys, folder):
    _write(folder / "reports" / "old" / "perflint.yaml", "select: [NOPE999]\n")
    code, document, _ = check(capsys, "--no-respect-gitignore", "reports")
    assert code == 2 and document["summary"]["problems"]
    assert ("reports/old/o.yaml", "config-error") in skipped(document)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symlinked_folder_is_listed_not_followed(capsys, folder):
    os.symlink(folder / "reports" / "drafts", folder / "reports" / "link")
    _, document, _ = check(capsys, "reports")
    assert ("reports/link/", "symlink") in skipped(document)


def test_hidden_and_default_excluded_are_silent_even_in_text_mode(capsys, tmp_path, monkeypatch):
    _write(tmp_path / "r" / "a.yaml", CORRECT_SUM)
    _write(tmp_path / "r" / ".DS_Store", b"\x00")
    _write(tmp_path / "r" / "~$a.docx", b"\x00")
    _write(tmp_path / "r" / "__pycache__" / "x.yaml", WRONG_SUM)
    _write(tmp_path / "r" / "__MACOSX" / "._a.docx", b"\x00")
    monkeypatch.chdir(tmp_path)
    code, _, err = check_text(capsys, "r")
    assert code == 0 and err == ""


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("perflint.yaml", "select: [ALL]\n", "config"),
    ("pyproject.toml", "[project]\nname = 'x'\n", "config"),
    ("strict.yaml", "select: [ALL]\nignore: [PL6]\nseverity: {PL101: warning}\n", "config"),
    ("b.json", '{"perflint-baseline": 1, "findings": []}\n', "baseline"),
    ("r.yaml", "name: district\nextends: national\nrules: []\n", "ruleset"),
    ("p.yaml", "id: x/project-table\nkind: project-table\nextends: national/project-table\n", "profile"),
    ("report.yaml", WRONG_SUM, None),
    ("kind-only.yaml", "kind: project-table\n", None),  # could be a report: linted
    ("report.json", json.dumps({"year": 2021, "breakdowns": []}), None),
    ("data.json", json.dumps({"rows": [1, 2]}), None),  # named: linted (found: not-report-data)
    ("list.yaml", "- a\n- b\n", None),
    ("broken.yaml", "year: [\n", None),
])
def test_own_files_are_told_by_name_or_content(tmp_path, name, text, expected):
    path = _write(tmp_path / name, text)
    assert own_file(path) == expected


def test_data_found_in_a_folder_that_is_no_report(tmp_path):
    path = _write(tmp_path / "data.json", json.dumps({"rows": [1, 2]}))
    assert own_file(path, found_in_folder=True) == "not-report-data"
    path = _write(tmp_path / "r.json", json.dumps({"year": 2021}))
    assert own_file(path, found_in_folder=True) is None


def test_fix_walks_folders_the_same_way(tmp_path):
    from perflint.host import create_host
    from perflint.runner import discover

    _write(tmp_path / "a.yaml", WRONG_SUM)
    _write(tmp_path / "c.pages", b"x")
    _write(tmp_path / "perflint.yaml", "{}\n")
    _write(tmp_path / "node_modules" / "x.yaml", WRONG_SUM)
    _write(tmp_path / "rules.yaml", "name: district\nextends: national\n")
    assert [p.name for p in discover([tmp_path], create_host())] == ["a.yaml"]


def test_the_json_document_is_written_with_skipped(tmp_path):
    from perflint.discovery import Skipped
    from perflint.output import json_format
    from perflint.runner import FileResult, RunResult

    run = RunResult([FileResult(tmp_path / "a.yaml")],
                    skipped=[Skipped(tmp_path / "drafts", "excluded", "drafts (--exclude)", True)])
    text = json_format.render(run)
    assert text == json.dumps(json_format.to_document(run), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(text)["skipped"] == [
        {"path": f"{tmp_path / 'drafts'}/", "reason": "excluded", "detail": "drafts (--exclude)"}]


def test_the_resources_folder_of_a_saved_page_is_listed_not_linted(tmp_path, capsys):
    """A page saved "complete" brings `<name>_files/` with frame and script pieces; they are the
    page's, not reports. A folder that merely ends in `_files` is walked as usual."""
    from perflint.cli import main

    page = Path(__file__).resolve().parent / "seed_000.html"
    (tmp_path / "报告.html").write_bytes(page.read_bytes())
    resources = tmp_path / "报告_files"
    resources.mkdir()
    (resources / "frame.htm").write_text("<html><body>导航</body></html>", encoding="utf-8")
    other = tmp_path / "2023_files"
    other.mkdir()
    (other / "notes.pages").write_text("x", encoding="utf-8")
    code = main(["check", str(tmp_path), "--format", "json", "--no-progress"])
    doc = json.loads(capsys.readouterr().out)
    assert sorted(Path(f["path"]).name for f in doc["files"]) == ["notes.pages", "报告.html"]
    reasons = {Path(s["path"].rstrip("/")).name: s["reason"] for s in doc["skipped"]}
    assert reasons["报告_files"] == "page-resources" and reasons["notes.pages"] == "unsupported"
    assert code == 2  # the unsupported file in the ordinary folder

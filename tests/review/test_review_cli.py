"""`perflint review` records decisions; `perflint check` then shows only undecided findings, says
how many it hid, lists decisions whose finding is gone, and `--show-decided` shows them marked."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from review_samples import findings

from perflint import review
from tests.cli_driver import Cli


def fingerprint_of(cli: Cli, name: str, code: str, *paths: str) -> str:
    run = cli("check", "--format", "json", *(paths or ("reports",)))
    return next(fp for file, c, fp in findings(run.out) if file == name and c == code)


def decide(cli: Cli, fingerprint: str, *extra: str, decision: str = "误报") -> None:
    run = cli("review", "reports", "--decide", fingerprint, "--decision", decision,
              "--reason", "单位已在附件说明", "--reviewer", "张三", *extra)
    assert run.code == 0, run.err
    assert "已记录" in run.err


def test_a_decided_finding_is_hidden_and_the_others_remain(cli: Cli, folder: Path) -> None:
    before = findings(cli("check", "--format", "json", "reports").out)
    target = fingerprint_of(cli, "甲县.txt", "PL103")
    decide(cli, target[:8])  # a unique prefix will do
    saved = review.load(folder / "perflint-review.yaml").decisions
    assert [(d.fingerprint, d.path, d.code, d.decision, d.reviewer, d.date) for d in saved] == [
        (target, "reports/甲县.txt", "PL103", "误报", "张三", date.today().isoformat())]
    assert "执行率" in saved[0].message
    run = cli("check", "--format", "json", "reports")
    assert findings(run.out) == [f for f in before if f[2] != target]
    assert "隐藏了 1 个已审核的问题" in run.err
    assert run.code == 1  # 乙县's PL103 still fails the run


def test_decided_findings_do_not_fail_the_run(cli: Cli, folder: Path) -> None:
    decide(cli, fingerprint_of(cli, "甲县.txt", "PL103", "reports/甲县.txt"))
    assert cli("check", "reports/甲县.txt").code == 0
    assert cli("check", "--show-decided", "reports/甲县.txt").code == 0


def test_same_decisions_from_another_folder_and_by_absolute_path(cli: Cli, folder: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = fingerprint_of(cli, "乙县.txt", "PL201")
    decide(cli, target)
    monkeypatch.chdir(folder / "reports")
    for args in (["乙县.txt"], [str(folder / "reports" / "乙县.txt")], ["."]):
        run = cli("check", "--format", "json", "--review", "../perflint-review.yaml", *args)
        shown = findings(run.out)
        assert target not in {fp for _, _, fp in shown} and shown, args
        assert "隐藏了 1 个" in run.err
    monkeypatch.chdir(folder.parent)
    run = cli("check", "--format", "json", "--review", str(folder / "perflint-review.yaml"),
              str(folder / "reports"))
    assert target not in {fp for _, _, fp in findings(run.out)}


def test_show_decided_marks_them(cli: Cli, folder: Path) -> None:
    target = fingerprint_of(cli, "乙县.txt", "PL103")
    decide(cli, target, decision="已说明")
    run = cli("check", "--format", "json", "--show-decided", "reports")
    document = json.loads(run.out)
    decided = [f for file in document["files"] for f in file["findings"] if "decision" in f]
    assert [f["fingerprint"] for f in decided] == [target]
    assert decided[0]["decision"] == {"decision": "已说明", "reason": "单位已在附件说明", "reviewer": "张三",
                                      "date": date.today().isoformat()}
    assert "显示了 1 个已审核的问题" in run.err
    text = cli("check", "--show-decided", "reports").out
    assert "［已审核：已说明（张三，" in text
    assert "［已审核" not in cli("check", "reports").out
    english = cli("check", "--show-decided", "--lang", "en", "reports").out
    assert "[reviewed: explained (张三, " in english


def test_stale_decisions_are_listed_and_pruned(cli: Cli, folder: Path) -> None:
    target = fingerprint_of(cli, "甲县.txt", "PL103")
    decide(cli, target)
    decide(cli, fingerprint_of(cli, "乙县.txt", "PL103"))
    report = folder / "reports" / "甲县.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("执行率95%", "执行率90%"), encoding="utf-8")
    run = cli("check", "reports")
    assert "1 条决定对应的问题已不存在" in run.err and target in run.err
    # a run that did not look for the finding does not call its decision stale
    assert "已不存在" not in cli("check", "--select", "PL5", "reports").err
    assert "已不存在" not in cli("check", "reports/乙县.txt").err
    listed = cli("review", "--stale")
    assert listed.code == 0 and target in listed.err
    assert len(review.load(folder / "perflint-review.yaml").decisions) == 2
    pruned = cli("review", "--stale", "--prune")
    assert pruned.code == 0 and "删除 1 条" in pruned.err
    assert [d.code for d in review.load(folder / "perflint-review.yaml").decisions] == ["PL103"]
    assert "没有失效的决定" in cli("review", "--stale").err


def test_a_deleted_report_makes_its_decisions_stale(cli: Cli, folder: Path) -> None:
    decide(cli, fingerprint_of(cli, "甲县.txt", "PL502"))
    (folder / "reports" / "甲县.txt").unlink()
    assert "1 条决定对应的问题已不存在" in cli("check", "reports").err
    assert "PL502" in cli("review", "--stale").err


def test_list_shows_undecided_and_with_all_decided(cli: Cli, folder: Path) -> None:
    target = fingerprint_of(cli, "甲县.txt", "PL502")
    listed = cli("review", "reports", "--list")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert len(lines) == 7
    assert any(line.startswith(f"{target}  reports/甲县.txt:5:1  PL502") for line in lines)
    decide(cli, target, decision="确认")
    assert target not in cli("review", "reports", "--list").out
    everything = cli("review", "reports", "--list", "--all").out
    assert f"{target}  reports/甲县.txt:5:1  PL502  ［确认（张三，" in everything
    assert "6 个未审核的问题，1 个已审核" in cli("review", "reports", "--list", "--all").err


def test_a_decision_replaces_the_earlier_one(cli: Cli, folder: Path) -> None:
    target = fingerprint_of(cli, "甲县.txt", "PL502")
    decide(cli, target)
    decide(cli, target, decision="确认")
    assert [d.decision for d in review.load(folder / "perflint-review.yaml").decisions] == ["确认"]


def test_the_config_names_the_review_file(cli: Cli, folder: Path) -> None:
    (folder / "audit").mkdir()
    (folder / "perflint.yaml").write_text("review: audit/decisions.yaml\n", encoding="utf-8")
    target = fingerprint_of(cli, "甲县.txt", "PL502")
    decide(cli, target)
    saved = review.load(folder / "audit" / "decisions.yaml").decisions
    assert saved[0].path == "../reports/甲县.txt"  # relative to the review file's folder
    assert not (folder / "perflint-review.yaml").exists()
    run = cli("check", "--format", "json", "reports")
    assert target not in {fp for _, _, fp in findings(run.out)}


def test_the_review_file_is_not_linted_as_a_report(cli: Cli, folder: Path) -> None:
    decide(cli, fingerprint_of(cli, "甲县.txt", "PL502"))
    (folder / "reports" / "perflint-review.yaml").write_bytes((folder / "perflint-review.yaml").read_bytes())
    document = json.loads(cli("check", "--format", "json", ".").out)
    skipped = {(entry["path"], entry["reason"]) for entry in document["skipped"]}
    assert ("reports/perflint-review.yaml", "review") in skipped
    assert "perflint-review.yaml" not in {Path(f["path"]).name for f in document["files"]}


@pytest.mark.parametrize(("args", "named"), [
    (["review", "reports"], "--list"),
    (["review", "reports", "--list", "--stale"], "--list"),
    (["review", "reports", "--list", "--prune"], "--prune"),
    (["review", "reports", "--stale", "--decision", "误报"], "--decision"),
    (["review", "--list"], "文件"),
    (["review", "reports", "--decide", "xyz"], "--decide xyz"),
    (["review", "reports", "--decide", "abc"], "--decide abc"),
    (["review", "reports", "--decide", "abcdef12", "--decision", "maybe", "--reviewer", "张三"],
     "--decision maybe"),
    (["review", "reports", "--decide", "abcdef12", "--decision", "误报", "--reviewer", "张三"], "--reason"),
    (["review", "reports", "--decide", "abcdef12", "--decision", "确认"], "--reviewer"),
    (["review", "reports", "--decide", "abcdef12", "--decision", "确认", "--reviewer", "张三"], "abcdef12"),
    (["review", "reports", "--decide", "abcdef12", "--decision", "确认", "--reviewer", "张三",
      "--review", "missing/r.yaml"], "missing/r.yaml"),
    (["review", "reports", "--decide", "abcdef12", "--decision", "确认", "--reviewer", "张三",
      "--review", "reports"], "reports"),
    (["review", "reports", "--list", "--review", "missing.yaml"], "missing.yaml"),
    (["review", "--stale", "--review", "broken.yaml"], "broken.yaml:2"),
    (["check", "reports", "--review", "missing.yaml"], "missing.yaml"),
    (["check", "reports", "--review", "broken.yaml"], "broken.yaml:2"),
    (["check", "reports", "--review", "reports"], "reports"),
])
def test_a_mistake_is_a_chinese_line_and_exit_2(cli: Cli, folder: Path, args: list[str], named: str) -> None:
    (folder / "broken.yaml").write_text("perflint-review: 1\ndecisions: 3\n", encoding="utf-8")
    before = sorted(folder.rglob("*"))
    run = cli(*args)
    assert run.code == 2, run.err
    message = run.err.strip().splitlines()[-1]
    assert "Traceback" not in run.err and named in message, message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert sorted(folder.rglob("*")) == before


def test_an_ambiguous_prefix_is_refused(cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("perflint.review_cli.MIN_PREFIX", 1)
    keys = [fp for _, _, fp in findings(cli("check", "--format", "json", "reports").out)]
    shared = next(fp[0] for fp in keys if sum(other.startswith(fp[0]) for other in keys) > 1)
    run = cli("review", "reports", "--decide", shared, "--decision", "确认", "--reviewer", "张三")
    assert run.code == 2 and "请写完整" in run.err


def test_english_messages(cli: Cli, folder: Path) -> None:
    run = cli("review", "reports", "--lang", "en")
    assert run.code == 2 and "choose one of --list" in run.err
    target = fingerprint_of(cli, "甲县.txt", "PL502")
    run = cli("review", "reports", "--lang", "en", "--decide", target, "--decision", "false alarm",
              "--reason", "ok", "--reviewer", "Li")
    assert run.code == 0 and "recorded" in run.err
    assert review.load(folder / "perflint-review.yaml").decisions[0].decision == "误报"

"""The review file: its exact shape (a browser writes it too), loading with errors that name
file:line in Chinese, atomic saving, and fingerprints that survive edits elsewhere in a report."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_samples import FIGURE_LINE, TITLE_REPORT

from perflint import review
from perflint.review import Decision, Review, ReviewError
from perflint.testing import lint_paths

EXAMPLE = '''\
# perflint 审核记录
perflint-review: 1
decisions:
- fingerprint: "3f2a9c0000000000abcd"
  path: "reports/甲县.txt"
  code: "PL101"
  decision: "误报"
  reason: "单位已在附件说明"
  reviewer: "张三"
  date: "2026-12-03"
  message: "供应土地为32宗，但其各组成部分之和为31宗"
'''


def decision(**changes: str) -> Decision:
    values = {"fingerprint": "3f2a9c0000000000abcd", "path": "reports/甲县.txt", "code": "PL101",
              "decision": "误报", "reason": "单位已在附件说明", "reviewer": "张三", "date": "2026-12-03",
              "message": "供应土地为32宗，但其各组成部分之和为31宗"}
    return Decision(**{**values, **changes})


def test_the_documented_example_round_trips_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "perflint-review.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    loaded = review.load(path)
    assert loaded.decisions == [decision()]
    assert review.dumps(loaded.decisions) == EXAMPLE
    review.save(loaded)
    assert path.read_text(encoding="utf-8") == EXAMPLE


def test_every_scalar_is_a_json_string_yaml_reads_back(tmp_path: Path) -> None:
    """Quotes, backslashes, newlines, controls, C1 characters and line separators: written as
    JSON.stringify would, plus \\u escapes YAML needs, and read back unchanged."""
    nasty = 'a "b" \\c\nd\te\x01f\x7fg\x85h\u2028i\u2029j\ufeffk: - # [x] {y} &z *w !t %p @q `r 单位'
    path = tmp_path / "r.yaml"
    review.save(Review(path, [decision(reason=nasty, message=nasty, path="a b/'c'.txt")]))
    text = path.read_text(encoding="utf-8")
    assert "\x7f" not in text and "\u2028" not in text and "\ufeff" not in text
    assert '\\u007f' in text and '\\u2028' in text
    assert review.load(path).decisions[0].reason == nasty
    for line in text.splitlines()[3:]:
        value = line.lstrip("- ").partition(": ")[2]
        assert value.startswith('"') and value.endswith('"'), line


def test_record_replaces_in_place_and_appends(tmp_path: Path) -> None:
    reviewed = Review(tmp_path / "r.yaml", [decision(), decision(fingerprint="0" * 20)])
    reviewed.record(decision(decision="确认", reason=""))
    reviewed.record(decision(fingerprint="1" * 20))
    assert [(d.fingerprint[:1], d.decision) for d in reviewed.decisions] == [("3", "确认"), ("0", "误报"),
                                                                              ("1", "误报")]
    assert reviewed.remove([decision(fingerprint="0" * 20)]) == 1
    assert len(reviewed.decisions) == 2


def test_an_empty_or_missing_file_has_no_decisions(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# perflint 审核记录\n\n", encoding="utf-8")
    assert review.load(empty).decisions == []
    assert review.load_or_empty(tmp_path / "missing.yaml").decisions == []
    assert review.dumps([]) == "# perflint 审核记录\nperflint-review: 1\ndecisions: []\n"
    path = tmp_path / "none.yaml"
    path.write_text(review.dumps([]), encoding="utf-8")
    assert review.load(path).decisions == []


@pytest.mark.parametrize(("edit", "line", "said"), [
    (('decision: "误报"', 'decision: "错了"'), 7, "decision 应为 确认、已说明 或 误报"),
    (('  reason: "单位已在附件说明"\n', ""), 4, "“误报”需要写明 reason（理由）"),
    (('reviewer: "张三"', 'reviewer: "  "'), 9, "reviewer（审核人）不能为空"),
    (('date: "2026-12-03"', 'date: "2026-13-03"'), 10, "date 应为“年-月-日”日期"),
    (('fingerprint: "3f2a9c0000000000abcd"', 'fingerprint: "3F2A"'), 4, "fingerprint 应为 20 位"),
    (('  code: "PL101"\n', '  code: "PL101"\n  colour: "red"\n'), 7, "未知字段 colour"),
    (('  code: "PL101"\n', ""), 4, "缺少 code"),
    (("perflint-review: 1", "perflint-review: 2"), 2, "不支持的版本"),
    (("decisions:\n-", "decisions:\n  oops: 1\nx:\n-"), 4, "decisions 应为列表"),
    (('reason: "单位已在附件说明"', 'reason: "单位已在附件说明'), None, "YAML 格式错误"),
    (('reviewer: "张三"', "reviewer: [张三]"), 9, "reviewer 应为带双引号的字符串"),
])
def test_a_broken_file_is_named_with_its_line_in_chinese(tmp_path: Path, edit: tuple[str, str],
                                                          line: int | None, said: str) -> None:
    path = tmp_path / "perflint-review.yaml"
    assert edit[0] in EXAMPLE
    path.write_text(EXAMPLE.replace(*edit), encoding="utf-8")
    with pytest.raises(ReviewError) as caught:
        review.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}：" if line else str(path)), message
    assert said in message, message
    assert caught.value.text("en").isascii() or "invalid" in caught.value.text("en")


def test_two_decisions_on_one_finding_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(review.dumps([decision(), decision(decision="确认")]), encoding="utf-8")
    with pytest.raises(ReviewError, match=r"r\.yaml:12：.*有两条决定"):
        review.load(path)


@pytest.mark.parametrize(("content", "said"), [
    (b"findings: []\n", "不是 perflint 审核记录"),
    (b"\xff\xfe\x00garbage", "不是 UTF-8"),
    (b"- a\n- b\n", "不是 perflint 审核记录"),
])
def test_not_a_review_file(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(content)
    with pytest.raises(ReviewError, match=said):
        review.load(path)
    with pytest.raises(ReviewError, match="是文件夹"):
        review.load(tmp_path)


# ---------------------------------------------------------------------------- fingerprints


def _fingerprints(path: Path, base: Path) -> dict[str, str]:
    result = lint_paths([path])
    file = result.files[0]
    return {f.code: review.fingerprint_for(file.path, f, base) for f in file.findings}


def test_paragraphs_inserted_above_keep_the_fingerprint(tmp_path: Path) -> None:
    report = tmp_path / "reports" / "甲县.txt"
    report.parent.mkdir()
    report.write_text(TITLE_REPORT, encoding="utf-8")
    before = _fingerprints(report, tmp_path)
    assert set(before) == {"PL103", "PL502"}
    edited = TITLE_REPORT.replace("一、项目基本情况\n", "一、项目基本情况\n本项目由县交通运输局实施。\n"
                                  "资金来源为上级补助和县级配套。\n\n", 1)
    report.write_text(edited, encoding="utf-8")
    result = lint_paths([report])
    assert result.files[0].findings[0].span.line == 7  # the finding moved down three lines …
    assert _fingerprints(report, tmp_path) == before  # … and kept its fingerprint


def test_changing_the_quoted_figure_changes_the_fingerprint(tmp_path: Path) -> None:
    report = tmp_path / "甲县.txt"
    report.write_text(TITLE_REPORT, encoding="utf-8")
    before = _fingerprints(report, tmp_path)
    report.write_text(TITLE_REPORT.replace(FIGURE_LINE, FIGURE_LINE.replace("95%", "96%")), encoding="utf-8")
    after = _fingerprints(report, tmp_path)
    assert after["PL103"] != before["PL103"]
    assert after["PL502"] == before["PL502"]


def test_the_path_is_relative_to_the_review_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From the folder, from inside it, by absolute path: one fingerprint."""
    report = tmp_path / "reports" / "甲县.txt"
    report.parent.mkdir()
    report.write_text(TITLE_REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_folder = _fingerprints(Path("reports/甲县.txt"), Path("."))
    monkeypatch.chdir(report.parent)
    assert _fingerprints(Path("甲县.txt"), Path("..")) == from_folder
    assert _fingerprints(report, tmp_path) == from_folder
    assert review.relative_path(Path("甲县.txt"), Path("..")) == "reports/甲县.txt"

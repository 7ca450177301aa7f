"""The corpus rules' findings kept in the cache (perflint.corpus_kept): a warm run of the same
files adds them back without running the rules, byte-identically; any change runs them again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pytest

from perflint import cache as cache_module
from perflint.cli import main
from perflint.corpus_kept import Kept
from perflint.findings import Finding
from perflint.model import Span
from perflint.results import FileResult
from perflint.textmatch import records_json

#: A paragraph several units' reports share (PL607 reports it) and each one's own.
SHARED = ("严格执行项目资金管理办法，按季度开展绩效运行监控，对偏离年度目标的项目及时督促整改，"
          "确保资金专款专用、项目按期完工，切实发挥财政资金效益。")
UNITS = {"某某区水利局": "完成河道清淤治理18公里，新建防洪堤坝2.4公里，受益群众1.6万人。",
         "某某县林业局": "完成人工造林3200亩，森林抚育1.1万亩，全年未发生重大森林火灾。",
         "某某市图书馆": "全年接待读者42万人次，举办公益讲座96场，新增馆藏图书3.8万册。",
         "某某镇卫生院": "全年门诊接诊2.6万人次，开展健康体检4100人次，家庭医生签约率达68%。"}


def _write(folder: Path, unit: str, own: str, number: int) -> None:
    (folder / f"unit_{number}.txt").write_text(
        f"2022年度{unit}整体支出绩效自评报告\n\n项目实施情况\n\n{SHARED}\n\n{own}\n", encoding="utf-8")


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for number, (unit, own) in enumerate(list(UNITS.items())[:3]):
        _write(folder, unit, own, number)
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    shutil.copy(fixtures / "seed_000.yaml", folder / "seed_000.yaml")
    return folder


def check(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", "--format", "json", "--no-progress", *args])
    return code, capsys.readouterr().out


def _no_corpus_rules(monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise AssertionError("a corpus rule ran")

    monkeypatch.setattr("perflint.rules.text.shared_paragraph.SharedParagraph.check_corpus", refused)
    monkeypatch.setattr("perflint.rules.text.boilerplate_share.BoilerplateShare.check_corpus", refused)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_warm_run_of_the_same_files_adds_the_kept_findings_without_running_the_rules(
        reports, tmp_path, capsys, monkeypatch, jobs):
    cache = str(tmp_path / "cache")
    uncached = check(capsys, "--jobs", jobs, str(reports))
    assert "PL607" in uncached[1]
    assert check(capsys, "--jobs", jobs, "--cache", "--cache-dir", cache, str(reports)) == uncached
    with monkeypatch.context() as patched:
        _no_corpus_rules(patched)
        restored: list = []  # what the corpus rules collected, restored from the entries: not needed
        real = records_json.from_json
        patched.setattr(records_json, "from_json", lambda data: restored.append(data) or real(data))
        wanted: list[bool] = []  # nor even inflated
        decoded = cache_module._decoded
        patched.setattr(cache_module, "_decoded",
                        lambda data, key, secret, records=True: wanted.append(records) or decoded(
                            data, key, secret, records))
        assert check(capsys, "--jobs", jobs, "--cache", "--cache-dir", cache, str(reports)) == uncached
        assert restored == [] and wanted == [False] * len(list(reports.iterdir()))


def test_a_changed_file_or_one_more_runs_the_rules_again(reports, tmp_path, capsys):
    cache = str(tmp_path / "cache")
    check(capsys, "--cache", "--cache-dir", cache, str(reports))
    (reports / "unit_0.txt").write_text((reports / "unit_0.txt").read_text(encoding="utf-8").replace(
        SHARED, "按月调度项目进度。"), encoding="utf-8")
    changed = check(capsys, str(reports))
    assert check(capsys, "--cache", "--cache-dir", cache, str(reports)) == changed
    unit, own = list(UNITS.items())[3]
    _write(reports, unit, own, 3)
    more = check(capsys, str(reports))
    assert more != changed
    assert check(capsys, "--cache", "--cache-dir", cache, str(reports)) == more


def test_a_run_with_another_root_config_does_not_take_them(reports, tmp_path, capsys):
    cache = str(tmp_path / "cache")
    check(capsys, "--cache", "--cache-dir", cache, str(reports))
    config = tmp_path / "perflint.yaml"
    config.write_text("severity: {PL607: error}\n", encoding="utf-8")
    configured = check(capsys, "--config", str(config), str(reports))
    assert '"code": "PL607",\n          "severity": "error"' in configured[1]
    assert check(capsys, "--config", str(config), "--cache", "--cache-dir", cache, str(reports)) == configured
    english = check(capsys, "--lang", "en", str(reports))
    assert check(capsys, "--lang", "en", "--cache", "--cache-dir", cache, str(reports)) == english


def test_a_file_name_json_cannot_hold_keeps_nothing_and_fails_nothing(reports, tmp_path, capsys):
    cache = str(tmp_path / "cache")
    os.rename(reports / "unit_1.txt", os.path.join(os.fsencode(reports), b"unit_\xff.txt"))
    uncached = check(capsys, str(reports))
    assert "\\xff" in uncached[1] and "PL607" in uncached[1]
    for _ in range(2):
        assert check(capsys, "--cache", "--cache-dir", cache, str(reports)) == uncached


class _Values:
    """A cache's named values, in memory."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def put_json(self, name: str, text: bytes) -> None:
        self.values[name] = orjson.loads(text)

    def get_value(self, name: str) -> object:
        return self.values.get(name)


def _settled(findings: list[Finding], key: str | None = "key") -> tuple[FileResult, int | None]:
    result = FileResult(Path("a.txt"), [])
    result.settle()
    result.cache_key = key
    before = result.packed_groups()
    result.add(findings)
    return result, before


def _finding(**extra: object) -> Finding:
    span = Span(line=3, column=1, end_line=3, end_column=9, quote="严格执行项目资金")
    finding = Finding(code="PL607", severity="warning", message="本段…", span=span, rule="shared-paragraph")
    finding.extra.update(extra)
    return finding


def test_findings_come_back_equal_field_sets_included():
    values = _Values()
    result, before = _settled([_finding(share=0.5), _finding()])
    Kept(values, "name").store([result], [before])
    kept = Kept(values, "name")
    kept.load(["another key"])
    assert kept.found is None  # kept for files with other contents
    kept.load(["key"])
    again, _ = _settled([])
    kept.restore([again])
    assert again.unpacked() == result.unpacked()
    assert [f.model_fields_set for f in again.unpacked()] == [f.model_fields_set for f in result.unpacked()]


def test_findings_json_would_not_give_back_equal_or_of_a_file_without_a_key_are_not_kept():
    values = _Values()
    result, before = _settled([_finding(pair=(1, 2))])
    Kept(values, "name").store([result], [before])
    result, before = _settled([_finding()], key=None)
    Kept(values, "name").store([result], [before])
    assert values.values == {}

"""The opt-in cache (`perflint check --cache`): same output as without it, for any --jobs, and
unchanged files are really not linted again while changed files, configs and rules are."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import pytest

from perflint import runner
from perflint.cache import MAGIC
from perflint.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Normalized YAML, raw text and Word reports, a broken file, and copies of one report under
    other names (so the corpus rules, e.g. shared paragraphs, have something to find)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(3):
        for seed in ("seed_000", "seed_001", "seed_004"):
            shutil.copy(FIXTURES / f"{seed}.yaml", folder / f"{index}_{seed}.yaml")
    shutil.copy(FIXTURES / "office" / "seed_004.docx", folder / "seed_004.docx")
    shutil.copy(FIXTURES / "office" / "variant_yuan.docx", folder / "variant_yuan.docx")
    (folder / "narrative.txt").write_text(_narrative(), encoding="utf-8")
    (folder / "broken.yaml").write_text("year: [\n", encoding="utf-8")
    return folder


def _narrative() -> str:
    return ("2022年度某某中心整体支出绩效自评报告\n\n部门基本概况\n\n"
            "2022年年末，我中心资产合计11016.94万元，其中流动资产10681.52万元，占比96.96%；"
            "非流动资产335.42万元，占比3.04%。\n\n当年部门预算及执行情况\n\n"
            "2022年全年预算数为2640.89万元，其中基本支出1221.65万元，项目支出1419.24万元。\n"
            "2022年全年执行数为2640.89万元，执行率为101%。\n")


def check(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", "--format", "json", "--no-progress", *args])
    return code, capsys.readouterr().out


def test_output_is_identical_with_and_without_the_cache_for_any_jobs(corpus, tmp_path, capsys):
    cache = tmp_path / "cache"
    code, reference = check(capsys, "--jobs", "1", str(corpus))
    assert code == 2  # the broken file
    document = json.loads(reference)
    assert document["summary"]["findings"] > 0
    assert any(f["code"] == "PL000" for file in document["files"] for f in file["findings"])
    for jobs in ("1", "2", "3", "1", "2"):  # cold, then warm, cache
        cached = check(capsys, "--jobs", jobs, "--cache", "--cache-dir", str(cache), str(corpus))
        assert cached == (2, reference)
    assert any(cache.rglob("*.json.z"))


def test_unchanged_files_are_not_linted_again(corpus, tmp_path, capsys, monkeypatch):
    cache = tmp_path / "cache"
    _, reference = check(capsys, "--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))
    linted: list[Path] = []
    real = runner.lint_file

    def counting(path, *args):
        linted.append(path)
        return real(path, *args)

    monkeypatch.setattr(runner, "lint_file", counting)
    assert check(capsys, "--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))[1] == reference
    assert linted == []
    # one file changes: only it is linted again, and the output is what a cold run gives
    changed = corpus / "1_seed_004.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("126.59%", "127.59%"), encoding="utf-8")
    warm = check(capsys, "--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))[1]
    assert linted == [changed]
    monkeypatch.setattr(runner, "lint_file", real)
    assert warm == check(capsys, "--jobs", "1", str(corpus))[1]
    assert warm != reference


@pytest.mark.parametrize("options", [["--lang", "en"], ["--ignore", "PL1"], ["--select", "PL101,PL607"],
                                     ["--ruleset", "national"]])
def test_a_different_configuration_does_not_reuse_entries(corpus, tmp_path, capsys, options):
    cache = tmp_path / "cache"
    check(capsys, "--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))
    expected = check(capsys, "--jobs", "1", *options, str(corpus))[1]
    cached = check(capsys, "--jobs", "2", "--cache", "--cache-dir", str(cache), *options, str(corpus))
    assert cached[1] == expected


def test_per_file_ignores_and_severities_from_a_config_file_are_part_of_the_key(corpus, tmp_path, capsys,
                                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    check(capsys, "--cache", "--cache-dir", str(cache), str(corpus))
    (tmp_path / "perflint.yaml").write_text(
        "severity:\n  PL202: error\nper-file-ignores:\n  '*seed_004*': [PL3]\n", encoding="utf-8")
    expected = check(capsys, "--jobs", "1", str(corpus))[1]
    assert check(capsys, "--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))[1] == expected


def test_corrupt_or_deleted_entries_are_misses(corpus, tmp_path, capsys):
    cache = tmp_path / "cache"
    _, reference = check(capsys, "--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))
    entries = sorted(cache.rglob("*.json.z"))
    entries[0].write_bytes(b"not zlib")
    entries[1].write_bytes(zlib.compress(b'{"findings": [{"code": 1}]}'))
    entries[2].write_bytes(zlib.compress(b"[]"))
    assert check(capsys, "--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))[1] == reference
    shutil.rmtree(cache)  # the folder is safe to delete at any time
    assert check(capsys, "--jobs", "2", "--cache", "--cache-dir", str(cache), str(corpus))[1] == reference


def test_entries_are_json_never_pickle_and_the_folder_is_tagged(corpus, tmp_path, capsys):
    cache = tmp_path / "cache"
    check(capsys, "--cache", "--cache-dir", str(cache), str(corpus))
    tag = (cache / "CACHEDIR.TAG").read_text(encoding="ascii")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text(encoding="ascii").splitlines()[-1] == "*"
    stored = next(p for p in cache.rglob("*.json.z") if len(_streams(p.read_bytes())) == 2).read_bytes()
    assert stored.startswith(MAGIC)
    entry, records = _streams(stored)
    assert set(entry) == {"findings", "unit_name", "kind", "year", "report", "failed", "collected"}
    assert isinstance(records, list)


def test_the_cache_is_off_unless_asked_for(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check(capsys, str(corpus))
    check(capsys, "--no-cache", str(corpus))
    assert not (tmp_path / ".perflint_cache").exists()
    check(capsys, "--cache", str(corpus))
    assert (tmp_path / ".perflint_cache" / "CACHEDIR.TAG").is_file()


def test_a_local_plugin_edit_invalidates_its_entries(corpus, tmp_path, capsys):
    """A district's `-p rules.py` has no version: the key covers its source."""
    cache = tmp_path / "cache"
    plugin = tmp_path / "local_rules.py"
    body = '''
from perflint.hookspecs import hookimpl
from perflint.rules.base import ReportRule


class Title(ReportRule):
    """XX001 title-check: {what}."""

    code = "XX001"
    name = "title-check"
    severity = "warning"
    messages = {{"zh": "{what}", "en": "{what}"}}

    def check(self, report, ctx):
        if report.title is not None:
            yield ctx.finding(report.title.span)


@hookimpl
def perflint_rules():
    return [Title]
'''
    plugin.write_text(body.format(what="first message"), encoding="utf-8")
    first = check(capsys, "-p", str(plugin), "--cache", "--cache-dir", str(cache), str(corpus))[1]
    assert "first message" in first
    plugin.write_text(body.format(what="second message"), encoding="utf-8")
    second = check(capsys, "-p", str(plugin), "--cache", "--cache-dir", str(cache), str(corpus))[1]
    assert "second message" in second and "first message" not in second


#: A paragraph three units' reports share (PL607 reports it) and each one's own.
_SHARED = ("严格执行项目资金管理办法，按季度开展绩效运行监控，对偏离年度目标的项目及时督促整改，"
           "确保资金专款专用、项目按期完工，切实发挥财政资金效益。")
_UNITS = {"某某区水利局": "完成河道清淤治理18公里，新建防洪堤坝2.4公里，受益群众1.6万人。",
          "某某县林业局": "完成人工造林3200亩，森林抚育1.1万亩，全年未发生重大森林火灾。",
          "某某市图书馆": "全年接待读者42万人次，举办公益讲座96场，新增馆藏图书3.8万册。"}


def _shared_paragraph_reports(folder: Path) -> None:
    for number, (unit, own) in enumerate(_UNITS.items()):
        (folder / f"unit_{number}.yaml").write_text(
            f"perflint: 1\nunit: {{name: {unit}}}\nsections:\n  - heading: 项目实施情况\n"
            f"    body: |-\n      {_SHARED}\n      {own}\n", encoding="utf-8")


def _streams(stored: bytes) -> list:
    """The JSON values of a sealed file's compressed streams: an entry has two (its fields, then
    what the corpus rules collected), a named value (the run's kept clustering and corpus
    findings) one."""
    blob, values = stored[len(MAGIC) + 32:], []
    while blob:
        inflater = zlib.decompressobj()
        values.append(json.loads(inflater.decompress(blob)))
        blob = inflater.unused_data
    return values


def _entries(cache: Path) -> list[dict]:
    """The files' entries, each a JSON object with its records."""
    stored = [_streams(p.read_bytes()) for p in cache.rglob("*.json.z")]
    return [{**values[0], "records": values[1]} for values in stored if len(values) == 2]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_warm_run_restores_what_the_corpus_rules_collected_without_a_report(corpus, tmp_path, capsys,
                                                                              monkeypatch, jobs):
    """PL607/PL608's paragraphs come from the entry: no file is linted, no report is validated
    and no corpus rule collects again, and the output is the cold run's, byte for byte."""
    cache = tmp_path / "cache"
    _shared_paragraph_reports(corpus)
    code, reference = check(capsys, "--jobs", jobs, "--cache", "--cache-dir", str(cache), str(corpus))
    assert code == 2 and "PL607" in reference
    entries = _entries(cache)
    kept = [e for e in entries if not e["failed"]]
    assert kept and all(e["report"] is None and e["collected"] == {"PL607": 0, "PL608": 0}
                        and len(e["records"]) == 1 for e in kept)
    assert [e for e in entries if e["failed"]] != []  # broken.yaml: its PL000 is stored, no report

    class NoReports:
        @staticmethod
        def model_validate(data):
            raise AssertionError("a warm run validated a report")

    def no_linting(*args):
        raise AssertionError("a warm run linted a file")

    collected_from: list = []
    real_collect = runner.collect

    def counting(result, *args):
        collected_from.append(result.report)
        return real_collect(result, *args)

    monkeypatch.setattr("perflint.cache.Report", NoReports)
    monkeypatch.setattr(runner, "lint_file", no_linting)
    monkeypatch.setattr(runner, "collect", counting)
    assert check(capsys, "--jobs", jobs, "--cache", "--cache-dir", str(cache), str(corpus)) == (2, reference)
    if jobs == "1":  # forked workers count in their own memory
        assert collected_from == []


def test_restored_paragraphs_are_one_object_for_both_rules(corpus, tmp_path):
    """PL607 and PL608 collected the same object; restored, they share one again, so that the
    second rule reuses the first one's corpus analysis (perflint.textmatch.corpus.cached_analysis)."""
    from perflint.cache import Cache
    from perflint.config import Config
    from perflint.runner import activate_rules, lint_cached
    from perflint.testing import default_host

    host = default_host()
    config = Config(select=["PL101", "PL607", "PL608"])
    rules, _ = activate_rules(host, config)
    corpus_rules = [r for r in rules if r.rule.code in ("PL607", "PL608")]
    cache = Cache(tmp_path / "cache", "run", keep_reports=True)
    path = corpus / "narrative.txt"
    cold = lint_cached(path, host, rules, config, cache, corpus_rules, config)
    warm = lint_cached(path, host, rules, config, cache, corpus_rules, config)
    assert cache.get(cache.entry_key(path, [], corpus_rules, config.lang)) is not None
    assert warm.report is None and set(warm.collected) == {"PL607", "PL608"}
    assert warm.collected["PL607"] is warm.collected["PL608"]
    assert warm.collected["PL607"] == cold.collected["PL607"] and warm.findings == cold.findings
    # the corpus rules' options (the root config's, which a file's own config may not share) are in the key
    other, _ = activate_rules(host, Config(select=["PL607", "PL608"],
                                           rule_options={"PL607": {"min_chars": 12}}))
    key = cache.entry_key(path, [], corpus_rules, "zh")
    assert cache.entry_key(path, [], other, "zh") != key
    assert cache.entry_key(path, [], corpus_rules, "en") != key


def test_a_plugin_corpus_rule_keeps_the_report_in_the_entry(corpus, tmp_path, capsys, monkeypatch):
    """A plugin's corpus rule may collect anything (here the whole report): its entries keep the
    report, and a warm run lets every corpus rule collect from it again, with the same output."""
    cache = tmp_path / "cache"
    plugin = tmp_path / "corpus_rules.py"
    plugin.write_text('''
from perflint.hookspecs import hookimpl
from perflint.rules.base import CorpusRule


class SameUnit(CorpusRule):
    """XX901 same-unit: two reports name one unit."""

    code = "XX901"
    name = "same-unit"
    severity = "warning"
    messages = {"zh": "与其他报告单位相同", "en": "same unit as another report"}

    def check_corpus(self, reports, ctx):
        names = [r.unit.name.text if r.unit and r.unit.name else None for _, r in reports]
        for (path, report), name in zip(reports, names):
            if name is not None and names.count(name) > 1:
                yield path, ctx.finding(report.unit.name.span)


@hookimpl
def perflint_rules():
    return [SameUnit]
''', encoding="utf-8")
    _shared_paragraph_reports(corpus)
    args = ("-p", str(plugin), "--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))
    code, reference = check(capsys, *args)
    assert "XX901" in reference and "PL607" in reference
    kept = [e for e in _entries(cache) if not e["failed"]]
    assert kept and all(e["report"] is not None and e["collected"] is None for e in kept)
    linted: list[Path] = []
    real = runner.lint_file

    def counting(path, *rest):
        linted.append(path)
        return real(path, *rest)

    monkeypatch.setattr(runner, "lint_file", counting)
    assert check(capsys, *args) == (code, reference)
    assert linted == []


def test_a_warm_run_forks_no_worker_and_a_partly_warm_one_sends_workers_only_the_misses(
        corpus, tmp_path, capsys, monkeypatch):
    from perflint import pool

    cache = tmp_path / "cache"
    _, reference = check(capsys, "--jobs", "2", "--cache", "--cache-dir", str(cache), str(corpus))
    orders: list[list[int]] = []
    real_run = pool.Pool.run

    def recording(self, chunks, progress=None):
        orders.append([task.index for chunk in chunks for task in chunk])
        return real_run(self, chunks, progress)

    monkeypatch.setattr(pool.Pool, "run", recording)
    assert check(capsys, "--jobs", "2", "--cache", "--cache-dir", str(cache), str(corpus))[1] == reference
    assert orders == []  # every file had an entry: read here, nothing forked
    # four files change: those go first, to the workers
    names = sorted(path.name for path in corpus.iterdir())
    changed = [name for name in names if name.endswith("seed_004.yaml")] + ["narrative.txt"]
    for name in changed:
        path = corpus / name
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    warm = check(capsys, "--jobs", "2", "--cache", "--cache-dir", str(cache), str(corpus))[1]
    misses = sorted(names.index(name) for name in changed)
    assert orders == [misses + [i for i in range(len(names)) if i not in misses]]
    monkeypatch.setattr(pool.Pool, "run", real_run)
    assert warm == check(capsys, "--jobs", "1", str(corpus))[1]


def test_a_warm_run_reuses_the_corpus_clustering_and_a_changed_text_does_not(corpus, tmp_path, capsys,
                                                                              monkeypatch):
    """The clustering of the run's paragraphs is kept in the cache folder under what it is a function
    of (the distinct texts, their counts, the settings): a warm run does not cluster again and gives
    the same output; a changed paragraph clusters again, as an uncached run would; a stored
    clustering that does not verify is a miss."""
    from perflint.textmatch import stages

    cache = tmp_path / "cache"
    args = ("--jobs", "1", "--cache", "--cache-dir", str(cache), str(corpus))
    _, reference = check(capsys, *args)
    clustered: list[int] = []
    real = stages.cluster_texts

    def counting(texts, *rest):
        clustered.append(len(texts))
        return real(texts, *rest)

    monkeypatch.setattr(stages, "cluster_texts", counting)
    assert check(capsys, *args)[1] == reference
    assert clustered == []
    narrative = corpus / "narrative.txt"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(text.replace("非流动资产", "非流动资产（含无形资产）"), encoding="utf-8")
    changed = check(capsys, *args)[1]
    assert len(clustered) == 1
    assert changed == check(capsys, "--jobs", "1", str(corpus))[1]
    for sealed in cache.rglob("*.json.z"):  # every entry and value spoiled: all are misses
        sealed.write_bytes(sealed.read_bytes()[:-1] + b"\0")
    assert check(capsys, *args)[1] == changed
    assert len(clustered) == 3  # the uncached run above, and this one

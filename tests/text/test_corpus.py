"""PL607/PL608 across reports, and the duplicate finder's recall and precision on a synthetic corpus."""

# ruff: noqa: E501  (report text is quoted whole, as it appears in the reports; CJK counts double)

from __future__ import annotations

import importlib.util
import pickle
import sys
from pathlib import Path

import pytest

from perflint.model import Report, Section, Text, Unit
from perflint.rules.text.common import CorpusOptions
from perflint.testing import default_host, lint_paths, prepared

BENCH = Path(__file__).resolve().parents[2] / "bench"


def bench_module(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


SHARED = ("压实项目单位主体责任，按月调度资金拨付进度，及时清理结转结余资金，对执行偏慢的项目逐一约谈督办，"
          "确保年度预算执行到位，提高财政资金使用效率和效益。")
OWN = {
    "a": "全年完成档案数字化扫描12万页，“东湖数字档案馆建设”项目于2021年11月通过验收，查档利用3.2万人次。",
    "b": "新增就业人数4753人，发放创业担保贷款2.3亿元，开展职业技能培训86期、培训3120人次。",
    "c": "完成高标准农田建设1.2万亩，“青岚灌区续建配套”项目完成投资3860万元，受益农户2100户。",
}


def write(folder: Path, name: str, unit: str, *paragraphs: str) -> Path:
    body = "\n".join(f"      {p}" for p in paragraphs)
    path = folder / f"{name}.yaml"
    path.write_text(f"perflint: 1\nunit: {{name: {unit}}}\nsections:\n  - heading: 改进的方向和具体措施\n"
                    f"    body: |-\n{body}\n", encoding="utf-8")
    return path


def test_paragraph_shared_by_other_units_is_reported_with_count_and_names(tmp_path):
    write(tmp_path, "a", "某某区教育体育局", SHARED, OWN["a"])
    write(tmp_path, "b", "某某区人力资源和社会保障局", SHARED.replace("提高", "提升").replace("，", "；", 1), OWN["b"])
    write(tmp_path, "c", "某某县农业农村局", "（一）" + SHARED.replace("按月调度资金拨付进度，", ""), OWN["c"])
    result = lint_paths([tmp_path], select=["PL607"])
    by_file = {f.path.name: [x for x in f.findings if x.code == "PL607"] for f in result.files}
    assert all(len(found) == 1 for found in by_file.values()), by_file
    finding = by_file["a.yaml"][0]
    assert finding.span.quote == SHARED and finding.span.line == 6
    assert "其他2份报告" in finding.message and "b.yaml" in finding.message and "c.yaml" in finding.message
    assert by_file["c.yaml"][0].span.quote.startswith("（一）压实项目单位主体")


#: an opening citing the governing documents, the kind every report of a region shares (invented)
OPENING = ("根据《某某市人民政府关于深化预算绩效管理改革的实施意见》（某政发[2019]8号）和《某某市市级部门整体支出"
           "绩效评价办法》（某财绩[2020]17号）的规定，为强化部门支出责任，提高财政资金配置效率，按照《某某市财政局"
           "关于做好{y}年度部门整体支出绩效自评工作的通知》（某财绩[{z}]3号）的要求，{u}开展了{y}年度部门整体支出"
           "绩效自评，现将自评情况报告如下：")


def test_unit_specific_paragraphs_same_unit_and_prescribed_text_are_not_reported(tmp_path):
    corpus = tmp_path / "corpus.yaml"  # the region's corpus file, beside the reports' folder
    corpus.write_text("paragraphs:\n  - id: opening\n    kind: prescribed\n    source: invented for this test\n"
                      f"    text: {OPENING.format(y=2020, z=2021, u='某某市某某中心')}\n", encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder, "a", "某某区教育体育局", OPENING.format(y=2021, z=2022, u="某某区教育体育局"), OWN["a"])
    write(folder, "b", "某某县农业农村局", OPENING.format(y=2022, z=2023, u="某某县农业农村局"), OWN["b"])
    write(folder, "c2021", "某某区教育体育局", SHARED, OWN["c"])
    write(folder, "c2022", "某某区教育体育局", SHARED, OWN["a"].replace("12万页", "15万页"))
    region = {"extra_corpus": [str(corpus)]}
    assert not [f for r in lint_paths([folder], select=["PL607"], rule_options={"PL607": region}).files
                for f in r.findings]
    # without the region's corpus the opening is a paragraph two units share
    plain = lint_paths([folder], select=["PL607"])
    assert sorted(r.path.stem for r in plain.files if r.findings) == ["a", "b"]
    same_unit = lint_paths([folder], select=["PL607"], rule_options={"PL607": {**region, "same_unit": True}})
    reported = sorted((r.path.stem, f.span.quote[:8]) for r in same_unit.files for f in r.findings)
    # the same unit's two years share the template, and a.yaml repeats that unit's own paragraph
    assert reported == [("a", "全年完成档案数字"), ("c2021", "压实项目单位主体"), ("c2022", "全年完成档案数字"),
                        ("c2022", "压实项目单位主体")]


def test_boilerplate_share_is_reported_per_report(tmp_path):
    write(tmp_path, "a", "某某区教育体育局", SHARED, OWN["a"])
    write(tmp_path, "b", "某某县农业农村局", SHARED, OWN["b"])
    write(tmp_path, "c", "某某区水利局", OWN["c"])
    result = lint_paths([tmp_path], select=["PL608"])
    shares = {f.path.name: [x.message for x in f.findings] for f in result.files}
    assert "（1段，共2段）" in shares["a.yaml"][0] and shares["c.yaml"] == []
    assert all(x.severity == "info" for f in result.files for x in f.findings)
    strict = lint_paths([tmp_path], select=["PL608"], rule_options={"PL608": {"share_floor": "0.9"}})
    assert not [x for f in strict.files for x in f.findings]


def _model(generated) -> Report:
    sections = [Section(heading=Text(text=s.heading), level=s.level,
                        body=Text(text="\n\n".join(s.paragraphs)) if s.paragraphs else None)
                for s in generated.sections]
    return Report(title=Text(text=generated.title), unit=Unit(name=Text(text=generated.unit)), sections=sections)


def test_duplicate_finder_recall_and_precision_on_a_synthetic_corpus():
    """200 synthetic reports with planted, perturbed shared paragraphs and near misses. The
    reports are laid out like Nanchang's, whose prescribed opening is the `jiangxi` ruleset's
    (perflint-jiangxi's corpus): with its options, the opening is not a false positive."""
    make_corpus, dup_eval = bench_module("make_corpus"), bench_module("dup_eval")
    generated, manifest = make_corpus.generate(200, seed=11)
    reports = [(Path(f"{g.id}.yaml"), _model(g)) for g in generated]
    options = CorpusOptions.model_validate(prepared("jiangxi")[1].rule_options["PL607"])
    assert options.extra_corpus
    result = dup_eval.evaluate(reports, manifest, options)
    print(f"\nsynthetic corpus, 200 reports: recall {result['recall']:.4f}, precision {result['precision']:.4f} "
          f"({result['true_positives']} of {result['positives']} planted found, {result['false_positives']} false)")
    assert result["positives"] > 800 and manifest["counts"]["near-miss"] > 20
    assert result["recall"] >= 0.95
    assert result["precision"] >= 0.95


def test_generated_reports_load_in_both_formats(tmp_path):
    make_corpus = bench_module("make_corpus")
    manifest = make_corpus.write_corpus(tmp_path, 4, seed=3)
    yaml_paths = sorted((tmp_path / "yaml").glob("*.yaml"))
    txt_paths = sorted((tmp_path / "txt").glob("*.txt"))  # the .txt loader ships with perflint
    assert len(yaml_paths) == len(txt_paths) == 4
    paths = yaml_paths + txt_paths
    result = lint_paths(paths, select=["PL6"])
    assert not result.problems and not any(f.input_failed for f in result.files)
    assert {r["layout"] for r in manifest["reports"]} == {"A", "B"}
    for path in paths:
        report = default_host().loader_for(path).load(path)
        assert report.sections and report.unit.name is not None


@pytest.mark.parametrize("n", [1, 2])
def test_small_runs_are_harmless(tmp_path, n):
    for i in range(n):
        write(tmp_path, f"r{i}", f"单位{i}", OWN["a"])
    result = lint_paths([tmp_path], select=["PL607", "PL608"], rule_options={"PL608": {"share_floor": "0"}})
    assert not result.problems


def test_options_validate():
    with pytest.raises(ValueError):
        CorpusOptions.model_validate({"threshold": "1.5"})
    with pytest.raises(ValueError):
        CorpusOptions.model_validate({"unknown": 1})


def test_corpus_rules_keep_paragraphs_not_reports(tmp_path):
    """Memory: after a file is linted the run keeps only what PL607/PL608 collected of it, one
    object shared by both rules, and no report."""
    from perflint.config import Config
    from perflint.runner import activate_rules, collect, lint_file
    from perflint.textmatch.corpus import ReportParagraphs

    path = write(tmp_path, "a", "某某区教育体育局", SHARED, OWN["a"], "短段落。")
    host = default_host()
    config = Config(select=["PL607", "PL608"])
    rules, _ = activate_rules(host, config)
    result = lint_file(path, host, rules, config)
    assert result.report is not None
    collect(result, rules, config)
    assert result.report is None
    kept = result.collected["PL607"]
    assert isinstance(kept, ReportParagraphs) and result.collected["PL608"] is kept
    assert kept.unit_name == "某某区教育体育局"
    # the short one is not compared; what is kept is plain data: where a finding points, its quote
    assert [p.span.quote for p in kept.paragraphs] == [SHARED, OWN["a"]]
    assert kept.paragraphs[0].excerpt == SHARED[:39] + "…"
    assert pickle.loads(pickle.dumps(kept)) == kept


def test_collected_paragraphs_keep_span_values_and_share_their_texts(tmp_path):
    """Memory: a collected paragraph keeps its span's values, and the Span a finding needs is
    built from them equal to the piece's; the process holding the run holds each normalized text
    once, whether it collected the paragraphs or received them pickled from a worker; the
    analysis gives the same outcomes either way."""
    from perflint.rules.text.shared_paragraph import collect_paragraphs
    from perflint.textmatch.corpus import AnalysisRequest, analyze, clear_cache, release_texts
    from perflint.textmatch.pieces import pieces_of

    host = default_host()
    paths = [write(tmp_path, name, unit, SHARED, OWN[name])
             for name, unit in (("a", "某某区教育体育局"), ("b", "某某区人力资源和社会保障局"), ("c", "某某县农业农村局"))]
    reports = [host.loader_for(path).load(path) for path in paths]
    options = CorpusOptions()
    release_texts()
    kept = [(path, collect_paragraphs(report, options)) for path, report in zip(paths, reports, strict=True)]
    for report, (_, collected) in zip(reports, kept, strict=True):
        assert all(type(p.place) is tuple for p in collected.paragraphs)
        spans = [piece.span() for piece in pieces_of(report, "paragraph")]
        assert [p.span for p in collected.paragraphs] == spans
        assert [p.span.model_dump() for p in collected.paragraphs] == [s.model_dump() for s in spans]
        assert collected.title_span == (report.title.span if report.title is not None else None)
    assert kept[0][1].paragraphs[0].norm is kept[1][1].paragraphs[0].norm is kept[2][1].paragraphs[0].norm
    release_texts()
    sent = [(path, pickle.loads(pickle.dumps(collected))) for path, collected in kept]
    assert [collected for _, collected in sent] == [collected for _, collected in kept]
    assert sent[0][1].paragraphs[0].norm is sent[1][1].paragraphs[0].norm is sent[2][1].paragraphs[0].norm
    request = AnalysisRequest(options.settings(), options.reference_args(), float(options.containment),
                              float(options.coverage), options.same_unit)
    outcomes = analyze(kept, request)
    assert outcomes == analyze(sent, request) and outcomes[0][0][0] == 2
    clear_cache()


def test_a_worker_process_keeps_no_table_of_texts():
    """A worker sends each report's paragraphs away at once: sharing their texts there would
    only hold memory."""
    import multiprocessing

    from perflint.textmatch.corpus import shared_texts

    assert shared_texts() is not None
    context = multiprocessing.get_context("fork")
    answers = context.SimpleQueue()
    child = context.Process(target=lambda: answers.put(shared_texts() is None))
    child.start()
    child.join(60)
    assert answers.get() is True


def test_per_file_ignores_hide_a_corpus_finding_but_the_file_still_counts(tmp_path):
    from perflint.config import Config
    from perflint.runner import run

    write(tmp_path, "a", "某某区教育体育局", SHARED, OWN["a"])
    write(tmp_path, "b", "某某区人力资源和社会保障局", SHARED, OWN["b"])
    write(tmp_path, "c", "某某县农业农村局", SHARED, OWN["c"])
    config = Config(select=["PL607"], per_file_ignores={"a.yaml": ["PL607"]})
    result = run([tmp_path], default_host(), config)
    messages = {f.path.name: [x.message for x in f.findings] for f in result.files}
    assert messages["a.yaml"] == []
    assert all(len(messages[name]) == 1 and "其他2份报告" in messages[name][0] for name in ("b.yaml", "c.yaml"))


def test_a_plugin_corpus_rule_without_collect_gets_whole_reports(tmp_path):
    """The default `collect` keeps the report, so a plugin's simple corpus rule still works."""
    from perflint.config import Config
    from perflint.host import create_host
    from perflint.rules.base import CorpusRule
    from perflint.runner import run

    class SameTitle(CorpusRule):
        """Two reports with one title."""

        code = "ZZ901"
        name = "same-title"
        messages = {"zh": "与其他报告标题相同", "en": "same title as another report"}

        def check_corpus(self, reports, ctx):
            titles = [report.unit.name.text for _, report in reports]
            for path, report in reports:
                if titles.count(report.unit.name.text) > 1:
                    yield path, ctx.finding(report.unit.name.span)

    write(tmp_path, "a", "某某区教育体育局", OWN["a"])
    write(tmp_path, "b", "某某区教育体育局", OWN["b"])
    write(tmp_path, "c", "某某县农业农村局", OWN["c"])
    host = create_host([])  # not the shared test host: this rule is for this test only
    host.add_rule(SameTitle, "test")
    result = run([tmp_path], host, Config(select=["ZZ901"]), jobs=2)
    assert {f.path.name: [x.code for x in f.findings] for f in result.files} == {
        "a.yaml": ["ZZ901"], "b.yaml": ["ZZ901"], "c.yaml": []}

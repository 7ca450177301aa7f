"""The corpus analysis on Dask (perflint.distributed.corpus) gives exactly the outcomes of the
in-process analysis (perflint.textmatch.corpus.analyze), whatever the partitioning and the order
of the reports, on synthetic corpora built to exercise every step: templates copied with
perturbations (a word replaced, a clause added, other punctuation), copies of copies (chains the
label propagation needs several rounds for), units with several reports, anchored paragraphs
matching the bundled reference corpus, reports without paragraphs, and a lone report."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe")  # a guard for a clone without the `test` extra: CI runs these
distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from perflint.rules.text.common import CorpusOptions  # noqa: E402
from perflint.textmatch.corpus import (  # noqa: E402
    AnalysisRequest,
    CorpusParagraph,
    ReportParagraphs,
    analyze,
)
from perflint.textmatch.normalize import normalize_many  # noqa: E402
from perflint.textmatch.textkey import text_key  # noqa: E402

WORDS = ("预算执行", "资金拨付", "绩效目标", "项目管理", "内部控制", "资产管理", "政府采购", "专项资金",
         "自评结果", "整改落实", "监督检查", "财务制度", "信息公开", "考核评价", "支出进度", "结余资金",
         "制度建设", "风险防控", "成本控制", "服务质量", "满意度调查", "指标体系", "工作机制", "责任分工")
MARKS = ("，", "；", "、", "。")
#: the reference corpus of the requests (the bundled one may be empty): a template, a prescribed text
TEMPLATE = ("单位高度重视预算绩效管理工作，成立了以主要负责人为组长的绩效评价工作领导小组，"
            "明确责任分工，按时完成自评。")
PRESCRIBED = ("根据财政部门关于开展部门整体支出绩效自评工作的通知要求，"
              "本单位对上年度部门整体支出情况开展了绩效自评。")
UNITS = ("甲市水务服务中心", "乙县农业农村局", "丙区文化馆", "丁镇卫生院", "戊市档案馆", "己县林业站")


def _sentence(rng: random.Random, words: int) -> str:
    parts = [rng.choice(WORDS) + rng.choice(("进一步加强", "持续规范", "认真做好", "不断完善", "切实落实"))
             + rng.choice(WORDS) for _ in range(words)]
    return "".join(part + rng.choice(MARKS[:3]) for part in parts[:-1]) + parts[-1] + "。"


def _perturb(rng: random.Random, text: str) -> str:
    """A copy as units make them: a word replaced, a clause added, or other punctuation."""
    edit = rng.randrange(3)
    if edit == 0:
        word = rng.choice([w for w in WORDS if w in text] or [WORDS[0]])
        return text.replace(word, rng.choice(WORDS), 1)
    if edit == 1:
        return text[:-1] + "，" + _sentence(rng, 1)
    return "".join(rng.choice(MARKS[:3]) if c in MARKS[:3] else c for c in text)


def _corpus(seed: int, reports: int = 24) -> list[tuple[Path, ReportParagraphs]]:
    """(path, paragraphs) for `reports` synthetic reports of a few units."""
    rng = random.Random(seed)
    templates = [_sentence(rng, rng.randint(4, 7)) for _ in range(6)]
    chain = [templates[0]]
    for _ in range(6):  # copies of copies: each resembles the previous, the last not the first
        chain.append(_perturb(rng, chain[-1]))
    bundled = [TEMPLATE, PRESCRIBED]
    out = []
    for number in range(reports):
        unit = rng.choice(UNITS)
        texts: list[tuple[str, bool]] = []
        if number % 9 != 4:  # some reports have no paragraph to compare
            for _ in range(rng.randint(3, 8)):
                pick = rng.random()
                if pick < 0.35:
                    texts.append((_perturb(rng, rng.choice(templates)) if rng.random() < 0.6
                                  else rng.choice(templates), False))
                elif pick < 0.5:
                    texts.append((rng.choice(chain), False))
                elif pick < 0.65:
                    entry = rng.choice(bundled)
                    texts.append((entry if rng.random() < 0.5 else _perturb(rng, entry), True))
                else:
                    texts.append((f"{unit}" + _sentence(rng, rng.randint(2, 5)), rng.random() < 0.2))
        if texts and rng.random() < 0.3:
            texts.append(texts[0])  # the same paragraph twice in a report
        norms = normalize_many([t for t, _ in texts], self_name=unit)
        paragraphs = tuple(CorpusParagraph(text_key(norm), norm, anchored, None, text[:20])
                           for (text, anchored), norm in zip(texts, norms, strict=True) if len(norm) >= 20)
        path = Path(f"reports/r{number:03d}.txt")
        out.append((path, ReportParagraphs(None if number % 5 == 3 else unit, None, paragraphs)))
    return out


def _request(same_unit: bool) -> AnalysisRequest:
    options = CorpusOptions.model_validate({"same_unit": same_unit, "extra_templates": [TEMPLATE],
                                            "extra_prescribed": [PRESCRIBED]})
    return AnalysisRequest(options.settings(), options.reference_args(), float(options.containment),
                           float(options.coverage), options.same_unit)


@pytest.fixture(scope="module")
def client(scheduler_address: str) -> Iterator[distributed.Client]:
    with distributed.Client(scheduler_address, set_as_default=False) as client:
        yield client


def test_the_corpus_exercises_every_step() -> None:
    """The generator gives what the equality tests below rely on: shared clusters, clusters of
    several distinct texts, reference kinds, empty reports, reports of the same unit."""
    reports = _corpus(1)
    outcomes = analyze(reports, _request(False))
    assert any(not p.paragraphs for _, p in reports)
    assert sum(1 for row in outcomes for count, _, _ in row if count > 0) > 20
    assert {kind for row in outcomes for _, _, kind in row} == {"template", "prescribed", None}
    keys = {p.key for _, kept in reports for p in kept.paragraphs}
    shared = {p.key for (_, kept), row in zip(reports, outcomes, strict=True)
              for p, (count, _, _) in zip(kept.paragraphs, row, strict=True) if count > 0}
    assert len(shared) > 8 and len(keys) > len(shared)
    assert len({p.unit_name for _, p in reports}) < len(reports)


@pytest.mark.parametrize("same_unit", [False, True])
@pytest.mark.parametrize("partitions", [1, 3, 7])
def test_same_outcomes_as_in_process(client: distributed.Client, same_unit: bool, partitions: int) -> None:
    from perflint.distributed.corpus import analyze_on

    reports = _corpus(7)
    request = _request(same_unit)
    assert analyze_on(client, reports, request, partitions) == analyze(reports, request)


@pytest.mark.parametrize("seed", [2, 3])
def test_shuffled_reports(client: distributed.Client, seed: int) -> None:
    """The reports in another order: still the in-process outcomes for that order, and each
    paragraph shared with as many reports, of the same reference kind, as in the first order."""
    from perflint.distributed.corpus import analyze_on

    reports = _corpus(seed)
    order = list(range(len(reports)))
    random.Random(seed).shuffle(order)
    shuffled = [reports[i] for i in order]
    request = _request(False)
    mine = analyze_on(client, shuffled, request, 3)
    assert mine == analyze(shuffled, request)
    before = analyze(reports, request)
    for position, index in enumerate(order):
        assert [(c, len(listed), kind) for c, listed, kind in mine[position]] == \
            [(c, len(listed), kind) for c, listed, kind in before[index]]


def test_lone_report_and_empty_corpus(client: distributed.Client) -> None:
    from perflint.distributed.corpus import analyze_on

    request = _request(False)
    lone = [r for r in _corpus(4) if len(r[1].paragraphs) > 3][:1]
    assert analyze_on(client, lone, request, 2) == analyze(lone, request)
    assert all(count == 0 for count, _, _ in analyze_on(client, lone, request)[0])
    empty = [(Path("a.txt"), ReportParagraphs("甲", None, ())),
             (Path("b.txt"), ReportParagraphs(None, None, ()))]
    assert analyze_on(client, empty, request) == [[], []] == analyze(empty, request)


def test_label_propagation_bound(client: distributed.Client) -> None:
    """A chain longer than the bound is a clear error, not a wrong clustering."""
    import pandas as pd

    from perflint.distributed.cluster import ClusterError
    from perflint.distributed.corpus import _labels

    dd = pytest.importorskip("dask.dataframe")
    chain = pd.DataFrame({"a": list(range(10, 0, -1)), "b": list(range(11, 1, -1))})
    edges = dd.from_pandas(chain, npartitions=3)
    with pytest.raises(ClusterError, match="标签传播") as raised:
        _labels(client, edges, 3)
    assert "3 rounds of label propagation" in raised.value.english
    labels = client.compute(_labels(client, edges, 20)).result()
    assert sorted(labels["node"]) == list(range(1, 12)) and set(labels["label"]) == {1}

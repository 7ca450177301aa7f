"""The shared paragraph pass of PL607/PL608/PL609 and the faster corpus stages give exactly what the
former code gave: each test keeps the former way as an oracle (one regex for the noise, one anchor
scan and one normalization per rule, a Span built per paragraph, a stable two-key sort, a listing
loop per occurrence) and compares on reports in the bench corpus's shapes (.txt, normalized .yaml
and .docx, from bench/corpus_formats.py) and on seeded random text."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from perflint.rules.base import CheckContext
from perflint.rules.text.common import CorpusOptions, clip
from perflint.rules.text.shared_paragraph import _excerpt
from perflint.rules.text.template_paragraph import TemplateParagraph, TemplateParagraphOptions
from perflint.testing import default_host, lint_text
from perflint.textmatch import clusters, normalize, stages
from perflint.textmatch.corpus import CorpusParagraph, ReportParagraphs, place_of, reference, unit_name
from perflint.textmatch.normalize import normalize_many
from perflint.textmatch.paragraph_pass import paragraph_pass, report_paragraphs
from perflint.textmatch.pieces import text_view

# --- the former code, kept as the oracle ---------------------------------------------------------

_ONE_NOISE = re.compile(r"(?m:^)\s*(?:[（(]\d{1,2}[)）]|\d{1,2}[、.．](?!\d))|[^\w\n]+|_+")


def former_normalize_many(texts, *, self_name=None, mask_figures=False):
    if not texts:
        return []
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    if normalize._HAS_FULLWIDTH.search(joined):
        joined = joined.translate(normalize._FULLWIDTH_DIGITS)
    if self_name and len(self_name) >= 2:
        joined = joined.replace(self_name, "本")
    joined = normalize._SELF.sub("本", joined)
    joined = _ONE_NOISE.sub("", joined)
    joined = (normalize._ALL_DIGITS if mask_figures else normalize._YEAR).sub("0", joined).lower()
    return joined.split("\n")


def _former_candidates(ref, view, block):
    if not ref.anchors.contains_any(block.text.text):
        return []
    return [p for p in view.paragraphs(block) if ref.anchors.contains_any(p.text)]


def former_report_paragraphs(report, min_chars, ref, mask_figures, excerpt):
    from perflint.textmatch.textkey import text_key

    name = unit_name(report)
    view = text_view(report)
    pieces = [p for block in view.blocks for p in view.paragraphs(block)]
    anchored = set()
    if ref is not None and len(ref.entries):
        anchored = {(p.block.index, p.start)
                    for block in view.blocks for p in _former_candidates(ref, view, block)}
    norms = former_normalize_many([p.text for p in pieces], self_name=name, mask_figures=mask_figures)
    kept = tuple(CorpusParagraph(text_key(norm), norm, (piece.block.index, piece.start) in anchored,
                                 place_of(piece.span()), excerpt(piece.text))
                 for piece, norm in zip(pieces, norms, strict=True) if len(norm) >= min_chars)
    return ReportParagraphs(name, place_of(report.title.span) if report.title is not None else None, kept)


def former_template_findings(report, ctx):
    options = ctx.options
    ref = reference(*options.reference_args())
    if not len(ref.entries):
        return []
    view = text_view(report)
    pieces = [p for block in view.blocks for p in _former_candidates(ref, view, block)]
    if not pieces:
        return []
    norms = former_normalize_many([p.text for p in pieces], self_name=unit_name(report),
                                  mask_figures=options.mask_figures)
    found = [(p, n) for p, n in zip(pieces, norms, strict=True) if len(n) >= options.min_chars]
    if not found:
        return []
    out = []
    for (piece, _), match in zip(found, ref.match([n for _, n in found], float(options.containment),
                                                  float(options.coverage)), strict=True):
        if match is not None and match[0].kind == "template":
            share = max(match[1].containment, match[1].coverage)
            out.append(ctx.finding(piece.span(), entry=match[0].id, share=f"{share:.0%}",
                                   excerpt=clip(piece.text, 40)))
    return out


def former_cluster_rows(rows, same_unit, listed=clusters.LISTED):
    rows = sorted(rows)
    reports, first_of_unit = [], {}
    for report, _, unit in rows:
        if not reports or reports[-1] != report:
            reports.append(report)
            first_of_unit.setdefault(unit, report)
    if len(reports) < 2:
        return [(report, paragraph, 0, ()) for report, paragraph, _ in rows]
    out = []
    if same_unit:
        for report, paragraph, _ in rows:
            others = tuple(r for r in reports[: listed + 1] if r != report)[:listed]
            out.append((report, paragraph, len(reports) - 1, others))
        return out
    firsts = list(first_of_unit.items())
    for report, paragraph, unit in rows:
        others = tuple(r for u, r in firsts[: listed + 1] if u != unit)[:listed]
        out.append((report, paragraph, len(firsts) - 1, others))
    return out


# --- realistic input -----------------------------------------------------------------------------

BENCH = Path(__file__).resolve().parents[2] / "bench"


def bench_module(name: str):
    """A module of bench/ (not a package), loaded once."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        module = sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list:
    """Reports of the bench corpus's generator in three formats (the .yaml alternate both layouts)."""
    folder = tmp_path_factory.mktemp("corpus")
    bench_module("make_corpus")
    bench_module("corpus_formats").write_corpus(folder, 16, seed=11, formats=("txt", "yaml", "docx"))
    host = default_host()
    return [host.loader_for(path).load(path)
            for name in ("txt", "yaml", "docx") for path in sorted((folder / name).iterdir())]


def _templates(reports, count: int = 12) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Paragraphs of the reports, some reworded, as extra templates, and two as prescribed ones."""
    rng = random.Random(3)
    texts = [p.text for report in reports[:16] for p in paragraph_pass(report).pieces if len(p.text) > 40]
    chosen = rng.sample(texts, count)
    templates = tuple(t if i % 2 else t.replace("，", "；", 1)[5:] for i, t in enumerate(chosen[2:]))
    return templates, tuple(chosen[:2])


def _random_texts(rng: random.Random) -> list[str]:
    pieces = ["2021年", "１２", "（一）", "（3）", "1、", "2.", "12.5", "3．", "我单位", "本中心", "单位",
              "_", "__", "，", "。", "、", "“", "”", "《", "》", " ", "\u3000", "\u2003", "\t", "项目资金",
              "按时", "abc", "İ", "全年预算数为2113.16万元", "年度", "完成率100%"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))) for _ in range(rng.randint(1, 6))]


# --- tests ---------------------------------------------------------------------------------------

def test_normalization_removes_what_the_one_regex_removed():
    """Each text of a batch normalizes as the former regex normalized it alone (the former batch
    joined a blank text to a numbered one after it, and a unit name written over two lines could
    match across the join: one text fewer came back; see the test below)."""
    rng = random.Random(7)
    for _ in range(4000):
        texts = _random_texts(rng)
        name, mask = rng.choice([None, "我单位", "某某区教育体育局", "单位\n甲"]), rng.random() < 0.3
        assert normalize_many(texts, self_name=name, mask_figures=mask) == \
            [former_normalize_many([text], self_name=name, mask_figures=mask)[0] for text in texts], texts


def test_normalization_of_report_paragraphs_is_unchanged(reports):
    for report in reports:
        texts = [p.text for p in paragraph_pass(report).pieces]
        assert normalize_many(texts, self_name=unit_name(report)) == \
            former_normalize_many(texts, self_name=unit_name(report))


@pytest.mark.parametrize("with_reference", [False, True])
def test_collected_paragraphs_are_those_of_the_former_path(reports, with_reference):
    templates, prescribed = _templates(reports) if with_reference else ((), ())
    for mask, min_chars in ((False, 30), (True, 12)):
        ref = reference(3, True, templates, prescribed, mask, ())
        for report in reports:
            new = report_paragraphs(report, min_chars, ref, mask, _excerpt)
            old = former_report_paragraphs(report, min_chars, ref, mask, lambda t: clip(t, 40))
            assert new == old
    if with_reference:  # the anchors were met, so the anchored flags were compared too
        ref = reference(3, True, templates, prescribed, False, ())
        assert any(p.anchored for report in reports for p in report_paragraphs(report, 30, ref).paragraphs)


def test_template_paragraph_findings_are_those_of_the_former_path(reports):
    templates, prescribed = _templates(reports)
    found = 0
    for mask in (False, True):
        options = TemplateParagraphOptions(extra_templates=list(templates), extra_prescribed=list(prescribed),
                                           mask_figures=mask)
        for report in reports:
            ctx = CheckContext(rule=TemplateParagraph(), options=options)
            new = list(ctx.rule.check(report, ctx))
            assert new == former_template_findings(report, ctx)
            found += len(new)
    assert found  # the templates taken from the reports are found again


def test_a_blank_paragraph_before_a_numbered_one_is_its_own_text():
    """A whitespace-only line (two em spaces, as Word indents) before a numbered one, or a unit name
    over two lines, made the batch one text short, and PL607/PL608 failed on the report (PL001)."""
    texts = ["加强预算执行管理。", "\u2003\u2003", "（1）压实主体责任。", "单位", "甲方案"]
    for name in (None, "单位\n甲"):
        alone = [normalize.normalize(t, self_name=name) for t in texts]
        assert normalize_many(texts, self_name=name) == alone
    report = ("某县民政局2023年度部门整体支出绩效自评报告\n\n一、部门基本情况\n"
              "本局负责全县社会救助、养老服务和社区治理等工作，下设三个股室。\n\u2003\u2003\n"
              "（1）全年安排资金用于困难群众基本生活救助，保障对象按时足额领取补助资金。\n"
              "二、绩效目标完成情况\n全年预算执行率为98%。\n")
    codes = {f.code for f in lint_text(report)}
    assert "PL001" not in codes


def test_excerpt_is_clip():
    rng = random.Random(5)
    words = ["预算", "执行", " ", "\u3000", "\t", "，", "a", "资金到位率100%", "\u2003"]
    for _ in range(3000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        assert _excerpt(text) == clip(text, 40)


def test_distinct_rows_packed_and_sorted_two_keys_agree():
    rng = np.random.default_rng(4)
    buckets = rng.integers(-(1 << 62), 1 << 62, 3000, dtype=np.int64)[rng.integers(0, 3000, 40000)]
    ranks = rng.integers(0, 5000, 40000, dtype=np.int64)
    fast = stages._distinct_rows(buckets, ranks)
    order = np.lexsort((ranks, buckets))
    bucket, key = buckets[order], ranks[order]
    keep = np.r_[True, (bucket[1:] != bucket[:-1]) | (key[1:] != key[:-1])]
    assert np.array_equal(fast[0], bucket[keep]) and np.array_equal(fast[1], key[keep])
    wide = ranks.astype(np.int64) << 40  # keys that do not fit in 32 bits take the two-key sort
    assert np.array_equal(stages._distinct_rows(buckets, wide)[1], key[keep] << 40)


def test_cluster_rows_list_what_they_listed():
    rng = random.Random(9)
    for _ in range(500):
        rows = sorted({(rng.randrange(30), rng.randrange(4), f"u{rng.randrange(8)}")
                       for _ in range(rng.randint(1, 40))})
        for same_unit in (False, True):
            for listed in (1, 3, 8):
                assert clusters.cluster_rows(rows, same_unit, listed) == \
                    former_cluster_rows(rows, same_unit, listed)


def test_clusters_are_the_same_in_one_chunk_or_many(reports, monkeypatch):
    options = CorpusOptions()
    texts: dict[int, str] = {}
    counts: dict[int, int] = {}
    for report in reports:
        for p in report_paragraphs(report, 30).paragraphs:
            texts.setdefault(p.key, p.norm)
            counts[p.key] = counts.get(p.key, 0) + 1
    whole = stages.cluster_texts(texts, counts, options.settings())
    assert whole.labels  # the generator's shared paragraphs cluster
    monkeypatch.setattr(stages, "SIGN_CHUNK", 37)
    monkeypatch.setattr(stages, "SLICED_ROWS", 100)
    assert stages.cluster_texts(texts, counts, options.settings()) == whole


def test_the_pass_is_shared_by_the_rules_of_one_report(reports):
    first, second = reports[0], reports[1]
    shared = paragraph_pass(first)
    assert paragraph_pass(first) is shared and paragraph_pass(second) is not shared
    assert paragraph_pass(second).norms(False) is paragraph_pass(second).norms(False)

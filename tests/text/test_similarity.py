"""Normalization, shingles, MinHash LSH clustering and reference containment."""

# ruff: noqa: E501  (report text is quoted whole, as it appears in the reports; CJK counts double)

import numpy as np
import pytest

from perflint.textmatch.corpus import LshSettings
from perflint.textmatch.normalize import normalize, normalize_many
from perflint.textmatch.reference_index import ReferenceIndex, shingles
from perflint.textmatch.similarity import (
    jaccard,
    lsh_params,
    permutations,
    shingle_hashes,
    signatures,
)
from perflint.textmatch.stages import cluster_texts
from perflint.textmatch.textkey import text_key

TEMPLATE = ("强化部门预算约束，细化预算编制，严格预算执行，合理制定项目方案和计划，减少预算执行中的项目预算调整和结余，"
            "平衡好预算执行进度，提高财政资金使用效率和效益。")


def test_normalize_drops_layout_and_self_references_but_keeps_figures():
    a = normalize("2021年，我局组织培训 3 次，执行率为 98.5%。", self_name="某某局")
    b = normalize("（2）2022年，本中心组织培训３次，执行率为98.5％；")
    assert a == b == "0年本组织培训3次执行率为985"
    assert normalize("全年预算数为2113.16万元") != normalize("全年预算数为987.65万元")
    assert normalize("全年预算数为2113.16万元", mask_figures=True) == normalize("全年预算数为987.65万元",
                                                                          mask_figures=True)
    assert normalize("南昌市某某中心进行了自评", self_name="南昌市某某中心") == "本进行了自评"
    assert normalize_many(["一、", "甲乙丙"]) == ["一", "甲乙丙"]


def test_signatures_are_datasketch_minhash_values():
    datasketch = pytest.importorskip("datasketch")
    sets = [shingle_hashes(normalize(t)) for t in (TEMPLATE, "单位将整体支出绩效评价结果向社会公开", "甲")]
    ours = signatures(sets, num_perm=64)
    for column, hashes in enumerate(sets):
        minhash = datasketch.MinHash(num_perm=64, seed=1, hashfunc=lambda x: x)
        minhash.update_batch([int(h) for h in hashes])
        assert np.array_equal(minhash.hashvalues, ours[:, column])
    a, b = permutations(64)
    assert np.array_equal(datasketch.MinHash(num_perm=64).permutations, np.array([a, b]))


@pytest.mark.parametrize(("threshold", "weight"), [(0.5, 0.7), (0.7, 0.5), (0.8, 0.9), (0.4, 0.5)])
def test_band_split_is_datasketchs_choice(threshold, weight):
    datasketch = pytest.importorskip("datasketch")
    lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=128, weights=(1 - weight, weight))
    assert lsh_params(threshold, 128, weight) == (lsh.b, lsh.r)


def cluster(norms: list[str]) -> list[int]:
    """Each distinct text's cluster label (perflint.textmatch.stages), in the order given."""
    texts = {text_key(n): n for n in norms}
    found = cluster_texts(texts, dict.fromkeys(texts, 1), LshSettings())
    return [found.label(text_key(n)) for n in norms]


def test_cluster_joins_near_copies_and_keeps_distinct_paragraphs_apart():
    texts = [
        TEMPLATE,
        TEMPLATE.replace("提高", "提升").replace("细化预算编制，", ""),      # a copy, edited
        "（3）" + TEMPLATE.replace("，", "；", 2) + "加强绩效运行监控。",       # another copy
        "针对“北翠应急物资储备库”项目造林面积未达预期的问题，我中心将于2021年5月底前完成台账清理。",
        "强化部门预算约束，细化预算编制，同时开展“东湖数字档案馆建设”项目验收和档案数字化扫描12万页。",
    ]
    sets = [shingle_hashes(t) for t in normalize_many(texts)]
    assert jaccard(sets[0], sets[1]) > 0.7 and jaccard(sets[0], sets[4]) < 0.3
    ids = cluster(normalize_many(texts))
    assert ids[0] == ids[1] == ids[2]
    assert len({ids[0], ids[3], ids[4]}) == 3


def test_cluster_cost_does_not_depend_on_pairs():
    """3,000 distinct paragraphs cluster without comparing them pairwise."""
    rng = np.random.default_rng(7)
    alphabet = np.array(list("预算绩效管理目标指标评价结果资金项目执行监控公开整改制度考核服务群众满意度质量数量时效成本"))
    texts = ["".join(rng.choice(alphabet, 60)) for _ in range(3000)]
    texts += [texts[5] + "补充", texts[9][:-2]]
    ids = cluster(texts)
    assert ids[3000] == ids[5] and ids[3001] == ids[9]
    assert len(set(ids)) == 3000


def test_reference_containment_and_coverage():
    index = ReferenceIndex(normalize_many([TEMPLATE, "单位将整体支出绩效评价结果向社会公开，接受社会各界的监督。"]))
    longer = normalize("我局" + TEMPLATE + "全年培训12次，参训人员300人次。")
    match = index.best(longer)
    assert match.index == 0 and match.containment == 1.0 and match.coverage < 0.9
    part = normalize("强化部门预算约束，细化预算编制，严格预算执行，合理制定项目方案和计划")
    match = index.best(part)
    assert match.index == 0 and match.coverage == 1.0
    assert index.best(normalize("档案数字化扫描12万页")) is None
    many = index.best_many([longer, normalize("无关的文字内容")])
    assert many[0].index == 0 and many[1] is None


def test_reference_shares_are_exact_shingle_counts():
    """Containment and coverage are the shares of distinct k-grams, as the sets give them."""
    index = ReferenceIndex(["甲乙丙丁", "乙丙丁戊己"])
    match = index.best("乙丙丁戊")  # shingles 乙丙丁, 丙丁戊: the first reference has 1 of its 2
    assert (match.index, match.containment, match.coverage) == (1, 2 / 3, 1.0)
    assert shingles("甲乙") == {"甲乙"} and shingles("") == frozenset()
    assert shingles("甲乙甲乙", 2) == {"甲乙", "乙甲"}

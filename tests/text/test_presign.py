"""Signatures made ahead (perflint.textmatch.presign) give exactly the clusters the analysis makes
alone, whichever texts were signed ahead, in however many blocks, with texts the analysis does
not compare among them; only the parent of a parallel run signs ahead, and a parallel run that
did reports what a serial run reports."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from perflint.cli import main
from perflint.textmatch import corpus as corpus_module
from perflint.textmatch import presign
from perflint.textmatch.lsh import LshSettings
from perflint.textmatch.stages import _presigned_buckets, bucket_rows, cluster_texts, signature_matrix
from perflint.textmatch.textkey import text_key
from tests.text.test_paragraph_pass import bench_module
from tests.text.test_stages import corpus

SETTINGS = LshSettings()


def _table(texts: dict[int, str], keys: list[int], settings: LshSettings = SETTINGS) -> presign.Signed:
    table = presign.Signed(presign.Signing.of(settings))
    table.add(keys, [texts[key] for key in keys])
    return table


@pytest.fixture
def texts() -> tuple[dict[int, str], dict[int, int]]:
    """Distinct normalized texts (templates with perturbed copies, unrelated texts), counted
    unevenly so that the leader order is not the order they come in."""
    rng = random.Random(4)
    found = {text_key(t): t for t in corpus(seed=8, templates=8, copies=10, singles=80)}
    return found, {key: rng.randint(1, 6) for key in found}


@pytest.mark.parametrize("batch", [7, 2048])
def test_clusters_with_signatures_made_ahead_are_those_made_at_once(texts, monkeypatch, batch):
    table, counts = texts
    whole = cluster_texts(table, counts, SETTINGS)
    assert len(set(whole.labels.values())) >= 4  # the templates' copies cluster
    monkeypatch.setattr(presign, "BATCH", batch)
    keys = list(table)
    others = {text_key(t): t for t in corpus(seed=9, templates=2, copies=3, singles=20)}
    for signed_keys, extra in ((keys, {}), (keys[::2], {}), (keys[5:40], others), ([], others)):
        ahead = _table({**table, **extra}, [*signed_keys, *extra])
        assert cluster_texts(table, counts, SETTINGS, ahead) == whole
        assert sum(len(block) for block in ahead.blocks) == len(table) + len(extra)  # the rest signed


def test_gathered_signatures_are_each_rows(texts, monkeypatch):
    monkeypatch.setattr(presign, "BATCH", 5)
    table = texts[0]
    keys = list(table)[:23]
    ahead = _table(table, keys)
    rows = ahead.rows(np.asarray([*keys[::-1], 12345], dtype=np.int64))
    assert rows.tolist() == [*range(22, -1, -1), -1]
    one = _table(table, [keys[9]])
    assert (ahead.gather(rows[:-1])[13] == one.blocks[0][0]).all()


def test_only_the_parent_of_a_parallel_run_signs_ahead_and_the_table_is_taken_once(texts, monkeypatch):
    monkeypatch.setattr(presign, "BATCH", 16)
    held = corpus_module.shared_texts()
    held.clear()
    try:
        held.update(list(texts[0].items())[:40])
        presign.use(lambda: SETTINGS)
        presign.step(500)  # not in a parallel run
        with presign.ahead(1000):
            presign.step(500)  # no corpus rule has collected yet
            presign.use(lambda: SETTINGS)
            with monkeypatch.context() as worker:
                worker.setattr(presign.os, "getpid", lambda: -1)
                presign.step(500)  # a worker (another process) signs nothing
        assert presign.take(SETTINGS) is None
        with presign.ahead(1000):
            presign.use(lambda: LshSettings(shingle=2))
            presign.use(lambda: SETTINGS)  # the first settings stay
            presign.step(500)
        assert presign.take(SETTINGS) is None  # made with other settings: let go
        with presign.ahead(1000):
            presign.use(lambda: SETTINGS)
            presign.step(500)
        table = presign.take(SETTINGS)
        assert table is not None and [len(block) for block in table.blocks] == [16, 16]  # 8 wait
        assert presign.take(SETTINGS) is None
    finally:
        held.clear()
        presign.drop()


def test_near_the_end_of_the_run_the_texts_waiting_are_signed_short_of_a_batch(texts, monkeypatch):
    """Once at most a quarter of the files is left, what waits is signed (and again at a quarter
    of those): the analysis after the linting signs only the last files' texts."""
    monkeypatch.setattr(presign, "BATCH", 16)
    held = corpus_module.shared_texts()
    held.clear()
    items = list(texts[0].items())
    try:
        with presign.ahead(80):  # flushes at 20 files left, then at 5, then at 1
            presign.use(lambda: SETTINGS)
            held.update(items[:20])
            presign.step(60)  # a batch of 16, 4 wait
            held.update(items[20:25])
            presign.step(21)  # 9 wait: short of a batch, and 21 files are still left
            presign.step(20)  # the first flush: 9
            held.update(items[25:28])
            presign.step(6)  # 3 wait for the next flush
            presign.step(5)
        table = presign.take(SETTINGS)
        assert table is not None and [len(block) for block in table.blocks] == [16, 9, 3]
    finally:
        held.clear()
        presign.drop()


def test_bucket_rows_from_blocks_are_those_of_one_matrix(texts, monkeypatch):
    monkeypatch.setattr(presign, "BATCH", 9)
    table = texts[0]
    keys = np.fromiter(table, dtype=np.int64, count=len(table))
    norms = list(table.values())
    others = {text_key(t): t for t in corpus(seed=9, templates=2, copies=3, singles=20)}
    ahead = _table({**table, **others}, [*others, *list(table)[::3]])
    buckets, ranks, by_rank = _presigned_buckets(keys, norms, ahead, SETTINGS)
    sigs = signature_matrix(norms, SETTINGS)
    expected = bucket_rows(np.arange(len(keys), dtype=np.int64), sigs, SETTINGS)
    found = sorted(zip(buckets.tolist(), ranks.tolist(), strict=True))
    assert found == sorted(zip(expected[0].tolist(), expected[1].tolist(), strict=True))
    assert (by_rank[np.arange(len(keys))] == sigs).all()


def test_a_parallel_run_that_signed_ahead_reports_what_a_serial_run_reports(tmp_path, capsys, monkeypatch):
    bench_module("make_corpus")
    bench_module("corpus_formats").write_corpus(tmp_path, 24, seed=13, formats=("txt",))
    folder = tmp_path / "txt"
    outputs = {}
    for jobs in ("1", "2"):
        main(["check", "--format", "json", "--jobs", jobs, "--no-progress", str(folder)])
        outputs[jobs] = capsys.readouterr().out
    taken: list[presign.Signed | None] = []
    real_take = presign.take
    monkeypatch.setattr(presign, "take", lambda settings: taken.append(real_take(settings)) or taken[-1])
    monkeypatch.setattr(presign, "BATCH", 32)
    main(["check", "--format", "json", "--jobs", "2", "--no-progress", str(folder)])
    ahead = capsys.readouterr().out
    assert taken and taken[0] is not None and len(taken[0].blocks) >= 3  # it did sign ahead
    assert ahead == outputs["2"] == outputs["1"]
    assert any(f["code"] == "PL607" for file in json.loads(ahead)["files"] for f in file["findings"])

"""`perflint corpus build` and `perflint check --corpus`: a reference corpus stands in for its
reports, giving the run's files the findings a run over both would give them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

RULES = "PL607,PL608"


def build(cli, *paths: str, out: str = "corpus"):
    return cli("corpus", "build", *paths, "-o", out, "-j", "1", "--no-progress")


def check_json(cli, *args: str) -> dict[str, list]:
    """Each linted file's findings (JSON output), by path."""
    run = cli("check", *args, "--select", RULES, "--format", "json", "-j", "1", "--no-progress")
    assert run.code in (0, 1), run.err
    return {entry["path"]: entry["findings"] for entry in json.loads(run.out)["files"]}


def shared(findings: list[dict]) -> list[str]:
    return [f["message"] for f in findings if f["code"] == "PL607"]


def test_a_paragraph_found_in_the_reference_is_reported_naming_the_stored_reports(cli, reports):
    built = build(cli, "ref")
    assert built.code == 0, built.err
    assert built.out == "已写入参考语料库 corpus：12 份报告，25 个段落\n"
    found = check_json(cli, "--corpus", "corpus", "new")
    assert sorted(found) == ["new/a.yaml", "new/b.yaml"]  # never a finding on a reference report
    supervise, publish = shared(found["new/a.yaml"])
    assert "其他4份报告" in supervise  # four other units, each counted once over the three years
    assert "ref/2021/u0.yaml、ref/2021/u1.yaml、ref/2021/u2.yaml 等4份" in supervise
    assert "其他1份报告中的段落相同或几乎相同（ref/2023/u1.yaml）" in publish
    assert shared(found["new/b.yaml"]) == []


@pytest.mark.parametrize("config", ["", "rules:\n  PL607: {same_unit: true}\n  PL608: {share_floor: 0}\n"])
def test_findings_are_those_of_a_run_over_the_files_and_the_reference_together(cli, reports, config):
    """Byte for byte, for the run's files: the corpus is read back as the run would have read
    the reports (options that do not decide what a paragraph is may differ from the build's)."""
    assert build(cli, "ref").code == 0
    if config:
        Path("perflint.yaml").write_text(config, encoding="utf-8")
    with_corpus = check_json(cli, "--corpus", "corpus", "new")
    together = check_json(cli, "new", "ref")
    assert with_corpus == {path: together[path] for path in with_corpus}
    assert any(f["code"] == "PL608" for f in with_corpus["new/a.yaml"])


def test_a_one_file_run_is_compared_with_the_reference(cli, reports):
    assert build(cli, "ref").code == 0
    assert shared(check_json(cli, "new/a.yaml")["new/a.yaml"]) == []
    assert len(shared(check_json(cli, "--corpus", "corpus", "new/a.yaml")["new/a.yaml"])) == 2


def test_a_run_file_that_is_in_the_reference_is_not_compared_with_its_stored_self(cli, reports):
    """The pre-commit case: the changed file is also in the reference folder."""
    assert build(cli, "ref").code == 0
    Path("ref/2023/u1.yaml").write_text(Path("ref/2023/u1.yaml").read_text(encoding="utf-8")
                                        .replace("同步批复", "同步公开"), encoding="utf-8")
    alone = shared(check_json(cli, "--corpus", "corpus", "ref/2023/u1.yaml")["ref/2023/u1.yaml"])
    together = shared(check_json(cli, "ref")["ref/2023/u1.yaml"])
    assert alone and not any("ref/2023/u1.yaml" in message for message in alone)
    counts = [[re.findall(r"其他(\d+)份", m) for m in messages] for messages in (alone, together)]
    assert counts[0] == counts[1]


def test_a_corpus_built_with_other_paragraph_options_is_refused_naming_the_option(cli, reports):
    assert build(cli, "ref").code == 0
    Path("perflint.yaml").write_text("rules:\n  PL607: {min_chars: 40}\n", encoding="utf-8")
    refused = cli("check", "--corpus", "corpus", "new", "--select", RULES)
    assert refused.code == 2 and refused.out == ""
    assert "min_chars 建立时为 30，本次为 40" in refused.err and "perflint corpus build" in refused.err
    english = cli("check", "--corpus", "corpus", "new", "--select", RULES, "--lang", "en")
    assert english.code == 2 and "min_chars was 30 when built, is 40 now" in english.err
    assert "Traceback" not in refused.err + english.err


def test_a_corrupt_corpus_is_exit_2_naming_the_file(cli, reports):
    assert build(cli, "ref").code == 0
    paragraphs = Path("corpus/paragraphs.parquet")
    good = paragraphs.read_bytes()
    paragraphs.write_bytes(good[: len(good) // 2])
    truncated = cli("check", "--corpus", "corpus", "new")
    assert truncated.code == 2 and "corpus/paragraphs.parquet" in truncated.err and "已损坏" in truncated.err
    Path("corpus/corpus.json").write_text("{", encoding="utf-8")
    manifest = cli("check", "--corpus", "corpus", "new", "--lang", "en")
    assert manifest.code == 2 and "corpus/corpus.json: not a reference corpus manifest" in manifest.err
    missing = cli("check", "--corpus", "nowhere", "new")
    assert missing.code == 2 and "nowhere：不是参考语料库文件夹" in missing.err


def test_a_parquet_file_that_is_not_the_one_perflint_wrote_is_refused(cli, reports):
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert build(cli, "ref").code == 0
    table = pq.read_table("corpus/paragraphs.parquet")
    norms = table.column("norm").to_pylist()
    norms[3] = norms[3] + "改"  # the text no longer has its key: it would compare as another text
    pq.write_table(table.set_column(table.schema.get_field_index("norm"), table.schema.field("norm"),
                                    pa.array(norms, pa.string())), "corpus/paragraphs.parquet")
    edited = cli("check", "--corpus", "corpus", "new")
    assert edited.code == 2 and "corpus/paragraphs.parquet" in edited.err and "key" in edited.err
    pq.write_table(pa.table({"report": pa.array([0], pa.int32())}), "corpus/reports.parquet")
    other = cli("check", "--corpus", "corpus", "new", "--lang", "en")
    assert other.code == 2 and "corpus/reports.parquet: reference corpus file is corrupt" in other.err


def test_a_row_group_over_the_limit_is_not_read(cli, reports):
    assert build(cli, "ref").code == 0
    Path("perflint.yaml").write_text("limits:\n  unzipped-bytes: 1000\n", encoding="utf-8")
    over = cli("check", "--corpus", "corpus", "new")
    assert over.code == 2 and "corpus/reports.parquet：超出处理上限 limits.unzipped-bytes = 1000" in over.err


def test_output_must_be_a_new_folder_or_a_corpus_perflint_built(cli, reports):
    Path("notes").mkdir()
    Path("notes/keep.txt").write_text("mine", encoding="utf-8")
    refused = build(cli, "ref", out="notes")
    assert refused.code == 2 and "notes：已存在，且不是 perflint 建立的参考语料库" in refused.err
    assert sorted(p.name for p in Path("notes").iterdir()) == ["keep.txt"]
    assert build(cli, "ref", out="new/a.yaml").code == 2
    assert build(cli, "ref").code == 0
    rebuilt = build(cli, "ref/2023")
    assert rebuilt.code == 0 and "4 份报告" in rebuilt.out
    assert json.loads(Path("corpus/corpus.json").read_text(encoding="utf-8"))["reports"] == 4
    assert sorted(p.name for p in Path(".").iterdir()) == ["corpus", "new", "notes", "ref"]  # no temp left


def test_files_that_cannot_be_read_are_named_and_the_rest_is_stored(cli, reports):
    Path("ref/2023/letter.txt").write_text("Dear colleagues, the meeting moves to Friday.\n",
                                           encoding="utf-8")
    built = build(cli, "ref")
    assert built.code == 1 and "ref/2023/letter.txt：未收入参考语料库" in built.err
    assert "12 份报告" in built.out


def test_the_config_names_the_reference_corpus_relative_to_its_folder(cli, reports):
    """A repository's config sets it once, so its pre-commit hook compares every change with it."""
    assert build(cli, "ref", out="ref/corpus").code == 0
    Path("perflint.yaml").write_text("corpus: ref/corpus\n", encoding="utf-8")
    Path("new/perflint.yaml").write_text("corpus: elsewhere\n", encoding="utf-8")  # run-level: ignored
    assert len(shared(check_json(cli, "new/a.yaml")["new/a.yaml"])) == 2

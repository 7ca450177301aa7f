"""The document pass's shortcuts give what the plain definitions give: a Report built without
re-validation equals the validated one, each paragraph's section is read by position, the forward
walk for "does this run of lines reach a flattened cell" answers as the backward pass did, the
parent-authority gate never hides a match, and a table reader's joined header pattern, looked up
once per table, finds the same columns."""

from __future__ import annotations

import random

import pytest

from perflint.document import Cell, Paragraph, Piece, Table, TextSource
from perflint.extract import extract_report, text_document
from perflint.extract.assemble import _PARENT, _may_name_parent, _report_model
from perflint.extract.sections import build
from perflint.extract.tables import TableFacts, TableReader, _columns, _find_columns, _norm, _texts
from perflint.extract.textdoc import _ReachesCell
from perflint.model import Report
from perflint.profiles.registry import builtin_profiles
from tests.text.test_paragraph_pass import bench_module


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list:
    """Documents of the bench corpus's generator: both narrative layouts and the flattened forms."""
    folder = tmp_path_factory.mktemp("corpus")
    bench_module("make_corpus")
    bench_module("corpus_formats").write_corpus(folder, 12, seed=5, formats=("txt", "txt-table"))
    return [text_document(path.read_text(encoding="utf-8"), path) for path in sorted(folder.rglob("*.txt"))]


def test_reports_equal_the_validated_report_of_their_values(generated, data_dir) -> None:
    own = [text_document(path.read_text(encoding="utf-8"), path) for path in data_dir.glob("*.txt")]
    documents = [*generated, *own]
    for document in documents:
        report = extract_report(document)
        validated = Report(**{name: getattr(report, name) for name in report.model_fields_set})
        assert report == validated
        assert report.model_fields_set == validated.model_fields_set
        assert list(report.__dict__) == list(validated.__dict__)


def test_a_kind_named_in_chinese_is_normalized_as_the_validator_does() -> None:
    assert _report_model(kind="部门整体支出绩效自评报告").kind == Report(kind="部门整体支出绩效自评报告").kind


def test_each_paragraph_has_the_section_that_holds_it(generated) -> None:
    outline_index = builtin_profiles().get("national/department-report").outline_index
    for document in generated:
        paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
        outline = build(paragraphs, outline_index)
        holder = {id(node.heading): node for node in outline.sections}
        holder.update({id(p): node for node in outline.sections for p in node.paragraphs})
        assert len(outline.section_at) == len(paragraphs)
        assert [holder.get(id(p)) for p in paragraphs] == outline.section_at


def _reaches_backwards(kinds: list[str]) -> list[bool]:
    """The definition, as one backward pass over every line."""
    reaches = [False] * len(kinds)
    for index in range(len(kinds) - 2, -1, -1):
        following, target = kinds[index + 1], index + 1
        if following == "blank" and index + 2 < len(kinds):
            following, target = kinds[index + 2], index + 2
        if following == "cell":
            reaches[index] = True
        elif following == "text":
            reaches[index] = reaches[target]
    return reaches


def test_a_run_of_lines_reaches_a_cell_as_the_backward_pass_says() -> None:
    rng = random.Random(18)
    for _ in range(2000):
        kinds = rng.choices(["text", "blank", "cell", "tsv", "bar"], [6, 4, 2, 1, 1], k=rng.randint(1, 40))
        expected = _reaches_backwards(kinds)
        reaches = _ReachesCell(kinds)
        order = [i for i, kind in enumerate(kinds) if kind == "text"]
        rng.shuffle(order)  # asked in any order, remembered answers included
        assert [reaches(i) for i in order] == [expected[i] for i in order]


def test_the_parent_gate_never_hides_a_match() -> None:
    rng = random.Random(7)
    words = ["主管部门为", "隶属于", "为", "市财政局", "县人民政府", "的", "派出机构", "下属", "直属",
             "，", "。", "单位", "中心", "委员会", "办公室", "负责", "全市"]
    for _ in range(20000):
        text = "".join(rng.choices(words, k=rng.randint(1, 12)))
        if _PARENT.search(text):
            assert _may_name_parent(text), text


def _cell_table(rows: list[list[str]]) -> Table:
    text = "\n".join("\t".join(row) for row in rows)
    source = TextSource(text)
    cells, start = [], 0
    for r, row in enumerate(rows):
        line = []
        for c, value in enumerate(row):
            line.append(Cell(Piece(value, source, start), r, c))
            start += len(value) + 1
        cells.append(line)
    return Table(rows=cells)


def test_a_table_reader_finds_the_columns_each_row_names() -> None:
    columns = builtin_profiles().get("national/project-table").compiled_columns
    rng = random.Random(3)
    words = ["一级指标", "二级指标", "三级指标", "指标值", "分值", "得分", "年初预算数", "全年预算数",
             "全年执行数", "执行率", "偏差原因", "项目资金（万元）", "全 年 执 行 数", "数量", "12.5", ""]
    for _ in range(300):
        row = rng.choices(words, k=rng.randint(1, 9))
        reader = TableReader(TableFacts(), _cell_table([row]), None, None, columns)
        texts = _texts(reader.rows[0])
        assert texts == [_norm(value) for value in row]
        for patterns, joined in ((reader.budget_columns, reader.any_budget_column),
                                 (reader.indicator_columns, reader.any_indicator_column)):
            assert _find_columns(texts, patterns, joined) == _columns(texts, patterns)


def test_an_indicator_named_by_its_whole_cell_shares_the_cell_span() -> None:
    rows = [["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人次", "3850人次", "3900人次", "10", "10"],
            ["效益指标", " 社会效益 ", "满意度（10分）", "≥95%", "96%", "10", "9"]]
    facts = TableFacts()
    table = _cell_table(rows)
    columns = builtin_profiles().get("national/project-table").compiled_columns
    TableReader(facts, table, None, None, columns).read()
    nodes = [node for root in facts.indicators for node in root.walk()]
    names = ["产出指标", "数量指标", "培训人次", "效益指标", "社会效益", "满意度"]
    assert [node.name.text for node in nodes] == names
    cells = {cell.piece.text: cell for row in table.rows for cell in row}
    for node in nodes:
        cell = next(c for text, c in cells.items() if text.strip().startswith(node.name.text))
        assert node.span == cell.piece.span()
        whole = cell.piece.text == node.name.text
        assert (node.name.span is node.span) == whole
        assert node.name.span == (cell.piece.span() if whole else node.name.span)

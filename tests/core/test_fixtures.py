"""The canonical example reports in fixtures/ load, are honest to their seeds, and are complete.

fixtures/seed_*.yaml are the three real reports of ../shared/seeds normalized by hand; rule tests
use them as golden data, so a figure that drifts from the source or a row that goes missing would
silently change what those tests prove. Every expectation below is read from the seed text
itself (table rows, headings, "（指标分数N分…）" phrases), never typed in, so the tests fail when a
fixture loses or invents content, and they skip cleanly where ../shared is absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from perflint.loaders.yaml_loader import load_yaml
from perflint.model import Quantity, Report, Text
from perflint.testing import codes, lint_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FIXTURE_FILES = sorted(FIXTURES.glob("seed_*.yaml"))
FIXTURE_IDS = [path.stem for path in FIXTURE_FILES]

_WHITESPACE = re.compile(r"\s+")
#: A figure with a unit as the seeds write them; used to check that no stated figure is dropped.
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:[万亿]?(?:元|次|份|人|户|件)|%|宗|亩|间|条|项|个|家|天|小时|分)")
#: Numbered headings of the Nanchang template: 一、 / （一） / 1、 / （1）, followed by text.
_NUMBERED = re.compile(
    r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）|(\d{1,2})、|（(\d{1,2})）)(?=\S)")


def collapse(text: str) -> str:
    """Remove all whitespace: the seeds break table cells and paragraphs across lines."""
    return _WHITESPACE.sub("", text)


def seed_for(fixture: Path, seeds_dir: Path) -> str:
    number = fixture.stem.removeprefix("seed_")
    matches = sorted(seeds_dir.glob(f"{number}_*.txt"))
    assert len(matches) == 1, f"no single seed for {fixture.name}: {matches}"
    return matches[0].read_text(encoding="utf-8")


def fixture_and_seed(name: str, seeds_dir: Path) -> tuple[Report, str]:
    path = FIXTURES / f"{name}.yaml"
    return load_yaml(path), seed_for(path, seeds_dir)


def walk(node: object) -> Iterator[object]:
    """Every model object and list item below `node`, depth first."""
    yield node
    if isinstance(node, Quantity | Text):
        return
    if isinstance(node, BaseModel):
        for field in type(node).model_fields:
            yield from walk(getattr(node, field))
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def quantities(report: Report) -> list[Quantity]:
    return [node for node in walk(report) if isinstance(node, Quantity)]


def literal(quantity: Quantity | None) -> str | None:
    return None if quantity is None else quantity.literal


def table_rows(lines: list[str]) -> list[list[str]]:
    """Rows of cells of a table as the seeds print it.

    Each tab starts a cell; a line without a tab continues the cell before it ("绩效目标" / "管理");
    a blank line followed by a tab-led line ends the row.
    """
    rows: list[list[str]] = []
    row_ended = True
    for line in lines:
        if "\t" in line:
            if row_ended or not rows:
                rows.append([])
            rows[-1].extend(cell.strip() for cell in line.split("\t")[1:])
            row_ended = False
        elif line.strip():
            if rows and rows[-1]:
                rows[-1][-1] += line.strip()
            row_ended = False
        else:
            row_ended = True
    return rows


def segment(text: str, start: str, stop: str) -> list[str]:
    """Lines from the first one containing `start` up to (not including) the next containing `stop`."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if start in line)
    last = next(i for i in range(first + 1, len(lines)) if stop in lines[i])
    return lines[first:last]


def paragraph_after(text: str, heading: str) -> str:
    """The first non-empty line after the line that is exactly `heading`."""
    lines = [line.strip() for line in text.split("\n")]
    start = lines.index(heading)
    return next(line for line in lines[start + 1:] if line)


# --- (1) every fixture loads ----------------------------------------------------------------------

def test_the_three_seed_fixtures_exist():
    assert {"seed_000", "seed_001", "seed_004"} <= set(FIXTURE_IDS)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_fixture_loads_as_a_report(path: Path):
    report = load_yaml(path)
    assert report.year is not None
    assert report.unit.name is not None
    assert report.sections, "a canonical report keeps its sections"
    assert "PL000" not in codes(lint_file(path))


# --- (2) honesty: nothing in a fixture that the seed does not say ------------------------------------

@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_every_figure_literal_occurs_in_the_seed(path: Path, seeds_dir: Path):
    source = collapse(seed_for(path, seeds_dir))
    missing = [q.literal for q in quantities(load_yaml(path)) if collapse(q.literal) not in source]
    assert not missing, f"literals not in the seed: {missing}"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_every_stated_phrase_occurs_in_the_seed(path: Path, seeds_dir: Path):
    """Names, reasons, grades, headings and bodies are quotes too (whitespace aside)."""
    source = collapse(seed_for(path, seeds_dir))
    texts = [node.text for node in walk(load_yaml(path)) if isinstance(node, Text)]
    missing = [text for text in texts if collapse(text) not in source]
    assert not missing, f"phrases not in the seed: {missing}"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_every_figure_of_the_seed_is_kept(path: Path, seeds_dir: Path):
    """The other direction: each figure-with-unit the seed prints is some Quantity's literal."""
    kept = {figure for q in quantities(load_yaml(path)) for figure in _FIGURE.findall(collapse(q.literal))}
    stated = set(_FIGURE.findall(seed_for(path, seeds_dir)))
    assert not stated - kept, f"figures of the seed missing from the fixture: {sorted(stated - kept)}"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=FIXTURE_IDS)
def test_sections_are_the_seed_headings_in_order_with_whole_bodies(path: Path, seeds_dir: Path):
    """Each heading is a whole line of the seed, in document order, and each body is exactly the
    text between its heading and the next one: sections are narrative, nothing dropped or added."""
    report = load_yaml(path)
    lines = seed_for(path, seeds_dir).split("\n")
    starts: list[int] = []
    for section in report.sections:
        after = starts[-1] + 1 if starts else 0
        found = [i for i in range(after, len(lines)) if lines[i].strip() == section.heading.text]
        assert found, f"heading {section.heading.text!r} is not a line of the seed after line {after}"
        starts.append(found[0])
    for k, section in enumerate(report.sections):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        region = lines[starts[k]:end]
        own = collapse(section.heading.text + (section.body.text if section.body else ""))
        between = collapse("\n".join(region))
        # the last section may be followed by a closing signature (unit name, date)
        holds = between == own if k + 1 < len(starts) else between.startswith(own)
        assert holds, f"text lost or added under {section.heading.text!r}"


# --- (3) structure: the fixtures hold what the seeds state --------------------------------------------

def test_seed_004_indicator_tree_is_the_table_row_by_row(seeds_dir: Path):
    report, text = fixture_and_seed("seed_004", seeds_dir)
    rows = table_rows(segment(text, "分解目标自评", "说明："))
    header = next(row for row in rows if "三级指标" in row)
    assert len(header) == 9
    expected, level1, level2 = [], None, None
    for row in rows:
        if len(row) != 9 or row is header or not row[3]:
            continue
        level1 = (row[0], row[1]) if row[0] else level1
        level2 = row[2] or level2
        expected.append((level1, level2, *row[3:8], row[8] or None))

    stated = []
    for root in report.indicators:
        assert root.level == 1
        for group in root.children:
            assert group.level == 2
            group_cell = f"{group.name.text}（{group.weight.literal}）" if group.weight else group.name.text
            for leaf in group.children:
                assert leaf.level == 3 and not leaf.children
                stated.append(((root.name.text, literal(root.weight)), group_cell, leaf.name.text,
                               literal(leaf.target), literal(leaf.actual), literal(leaf.weight),
                               literal(leaf.score), leaf.reason.text if leaf.reason else None))
    assert len(stated) == len(expected), "number of 三级指标 differs from the table's rows"
    assert stated == expected

    total = next(row for row in rows if row and row[0] == "总分")
    assert report.evaluation is not None
    assert (literal(report.evaluation.max_score), literal(report.evaluation.total_score)) == tuple(total[1:3])


def test_seed_004_summary_table_rows_and_total(seeds_dir: Path):
    report, text = fixture_and_seed("seed_004", seeds_dir)
    cells = [cell for row in table_rows(segment(text, "序号", "注：")) for cell in row if cell]
    cells = cells[cells.index("主管部门复核分数") + 1:]
    chunks = [cells[i:i + 7] for i in range(0, len(cells), 7)]
    table = next(t for t in report.budget_tables if t.kind == "汇总")

    def columns(row):
        return [row.label, literal(row.budget), literal(row.executed), literal(row.rate),
                literal(row.self_score), literal(row.review_score)]

    assert [columns(row) for row in table.rows] == [chunk[1:] for chunk in chunks[:-1]]
    last = chunks[-1]
    assert last[1] == "合计" and table.total is not None
    # the 合计 row is one cell short: no 主管部门复核分数 is stated, so none may be in the fixture
    assert columns(table.total) == [*last[1:], *[None] * (7 - len(last))]


def test_seed_004_funding_blocks_match_the_table(seeds_dir: Path):
    report, text = fixture_and_seed("seed_004", seeds_dir)
    cells = [cell for row in table_rows(segment(text, "\t整体支出", "年度总体目标")) for cell in row]
    numbered = [cell for cell in cells if re.search(r"（\d）", cell)]
    tables = [t for t in report.budget_tables if t.kind in ("资金来源", "资金结构")]
    assert sum(len(t.rows) for t in tables) == len(numbered)
    for table in tables:
        assert table.total is None, "the source states no total row for this block"
        for row in table.rows:
            at = next(i for i, cell in enumerate(cells) if cell in numbered and cell.endswith(row.label))
            stated = [literal(row.budget), literal(row.executed), literal(row.rate) or ""]
            assert stated == cells[at + 1:at + 4]


def test_seed_000_indicator_groups_are_the_stated_scores(seeds_dir: Path):
    report, text = fixture_and_seed("seed_000", seeds_dir)
    pattern = re.compile(r"^(\S+?指标)（指标分数(\d+分)，实际得分(\d+分)）$")
    stated = [m.groups() for line in text.split("\n") if (m := pattern.match(line.strip()))]
    assert len(stated) == 6
    assert [(g.name.text, literal(g.weight), literal(g.score)) for g in report.indicators] == stated
    assert all(g.level == 2 for g in report.indicators)


@pytest.mark.parametrize("group", ["数量指标", "质量指标", "时效指标"])
def test_seed_000_children_are_the_clauses_of_their_paragraph(group: str, seeds_dir: Path):
    """One child per clause of the paragraph's first sentence, each child's actual quoted from its
    own clause; a clause with no value (…故障处理率，) leaves the actual unset."""
    report, text = fixture_and_seed("seed_000", seeds_dir)
    node = next(g for g in report.indicators if g.name.text == group)
    heading = next(line.strip() for line in text.split("\n") if line.strip().startswith(f"{group}（"))
    clauses = paragraph_after(text, heading).split("。")[0].split("，")
    assert len(node.children) == len(clauses)
    for child, clause in zip(node.children, clauses, strict=True):
        assert child.level == 3
        if child.actual is None:
            assert not re.search(r"\d", clause), f"{child.name.text}: the clause states {clause!r}"
        else:
            assert collapse(child.actual.literal) in collapse(clause)


def test_seed_000_targets_are_the_performance_goals(seeds_dir: Path):
    report, text = fixture_and_seed("seed_000", seeds_dir)
    goals = paragraph_after(text, "当年部门年度整体支出绩效目标")
    with_figure = [item for item in re.split(r"[，；。]", goals) if re.search(r"\d", item)]
    targeted: dict[str, Quantity] = {}
    for leaf in report.all_indicators():
        if leaf.target is not None:
            assert leaf.target.literal in goals, f"{leaf.name.text}: target not in the 绩效目标 paragraph"
            if leaf.target.value is not None:
                targeted.setdefault(leaf.name.text, leaf.target)
    assert len(targeted) == len(with_figure)


def _numbered_headings(text: str) -> list[tuple[int, str]]:
    """(level, heading) for every numbered heading line (a numbered line with no full stop)."""
    found = []
    for line in (line.strip() for line in text.split("\n")):
        match = _NUMBERED.match(line)
        if match and "。" not in line:
            level = next(i for i, group in enumerate(match.groups(), start=1) if group)
            found.append((level, line))
    return found


def test_seed_001_sections_are_the_numbered_headings(seeds_dir: Path):
    report, text = fixture_and_seed("seed_001", seeds_dir)
    assert [(s.level, s.heading.text) for s in report.sections] == _numbered_headings(text)


def test_seed_001_indicators_are_the_headings_of_part_two(seeds_dir: Path):
    """三级 = the （n） headings of 二、; each under the nearest 1、 / （一） heading above it."""
    report, text = fixture_and_seed("seed_001", seeds_dir)
    headings = _numbered_headings(text)
    first = next(i for i, (level, h) in enumerate(headings) if level == 1 and h.startswith("二、"))
    last = next(i for i, (level, h) in enumerate(headings) if level == 1 and h.startswith("三、"))
    expected, parent = [], None
    for level, heading in headings[first + 1:last]:
        name = _NUMBERED.sub("", heading)
        if level in (2, 3):
            parent = name
        elif level == 4:
            expected.append((parent, name))
    stated = [(group.name.text, leaf.name.text) for group in report.indicators for leaf in group.children]
    assert stated == expected
    assert all(g.level == 2 for g in report.indicators)
    assert all(leaf.level == 3 for g in report.indicators for leaf in g.children)


def test_seed_001_defective_sums_and_rates_are_kept(seeds_dir: Path):
    """The golden data must keep the defects: fixing them in the fixture would hide them."""
    report, text = fixture_and_seed("seed_001", seeds_dir)
    income = next(t for t in report.budget_tables if t.kind == "收入")
    assert income.total is not None
    assert sum(row.budget.value for row in income.rows) != income.total.budget.value
    land = next(b for b in report.breakdowns if b.label == "供应土地")
    assert [p.value.literal for p in land.parts] == re.findall(r"(?:出让|划拨)用地(\d+宗)", text)[:2]
    rates = {r.label: r for r in report.ratios}
    assert "土地报批完成组卷率" not in rates  # ambiguous in the text: no relation is invented
    assert rates["区域规划方案完成率"].numerator.value / rates["区域规划方案完成率"].denominator.value == \
        rates["区域规划方案完成率"].stated.value / 100


# ruff: noqa: E501  (embedded Chinese text: sentences are kept whole so they can be read and grepped)
"""The benchmark corpus: the same synthetic reports in every input format perflint reads.

    python bench/corpus_formats.py OUT -n 1000 [--seed 7] [--formats txt,txt-table,docx,yaml]

Built on `bench/make_corpus.py` (units, regions, figures and paragraphs varied from the seed
reports, with shared boilerplate planted), it writes each report as:

    OUT/txt/uNNNNN.txt          narrative layouts: A like seed 000 (headings without numbering),
                                B like seed 001 (一、（一）1、 numbering), alternating
    OUT/txt-table/uNNNNN.txt    seed 004's layout: the 自评汇总表 and the 部门整体支出绩效自评表
                                flattened by Word's "save as text" (a tab before every cell, a
                                blank line between rows), then the narrative without numbering
    OUT/docx/uNNNNN.docx        the seed-004 layout as a Word file (python-docx): headings as Word
                                headings, both forms as real tables with merged cells
    OUT/yaml/uNNNNN.yaml        normalized YAML: what `perflint extract` writes for the report's
                                .txt (narrative and table layouts alternating)
    OUT/manifest.json           n, seed, formats and the defects planted in each report

About one report in three carries planted defects of the kinds the seeds show (a wrong 执行率 or
占比, a score above its weight, a 总分 that is not the sum, a satisfaction figure restated
differently in the text, a placeholder left in, a missing outline section), so the rules have
findings to report and the output formats have something to render.

Deterministic: the same n and seed give byte-identical files (the .docx members carry fixed
timestamps). Nothing is read from the seed reports at run time.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for folder in (BENCH, ROOT / "fixtures"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import make_corpus  # noqa: E402  (bench/ is not a package)
from make_corpus import CorpusGenerator, GeneratedReport, Section  # noqa: E402

FORMATS = ("txt", "txt-table", "docx", "yaml")
#: File suffix of each format's files.
SUFFIX = {"txt": ".txt", "txt-table": ".txt", "docx": ".docx", "yaml": ".yaml"}
#: Share of reports that carry planted defects.
DEFECT_RATE = 0.35
DEFECTS = ("rate", "share", "score-over-weight", "total-score", "satisfaction", "placeholder",
           "missing-section")


# --- figures -------------------------------------------------------------------------------------

def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def num(value: Decimal) -> str:
    """A figure as a clerk types it in a form: no trailing zeros after the point."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass
class IndicatorRow:
    level1: str
    weight1: Decimal
    level2: str
    name: str
    target: str
    actual: str
    weight: Decimal
    score: Decimal
    reason: str = ""


@dataclass
class Sheet:
    """The figures of the 自评表 and 汇总表 (table layout and .docx)."""

    rows: list[IndicatorRow]
    total: Decimal
    grade: str
    funding: list[tuple[str, str, str, str]] = field(default_factory=list)


def _grade(score: Decimal) -> str:
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def self_evaluation(f: dict, rng: random.Random) -> Sheet:
    """Weights, targets, results and scores consistent with the report's figures: a met target
    earns its full weight, a missed one a proportional score and a deviation reason."""
    rows: list[IndicatorRow] = []
    reasons = ["受疫情影响部分工作推迟", "项目前期手续办理滞后", "实际需求少于预期", "资金拨付滞后影响进度"]

    def add(level1: str, weight1: str, level2: str, name: str, target: str, actual: str,
            weight: str, done: Decimal | None = None, goal: Decimal | None = None) -> None:
        w = Decimal(weight)
        if done is not None and goal and done < goal:
            score = (w * done / goal).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            rows.append(IndicatorRow(level1, Decimal(weight1), level2, name, target, actual, w, score,
                                     rng.choice(reasons)))
        else:
            rows.append(IndicatorRow(level1, Decimal(weight1), level2, name, target, actual, w, w))

    rate = pct(f["executed"], f["budget"])
    add("管理指标", "10", "预算执行管理（10分）", "预算完成率", "100%", f"{rate}%", "5",
        rate, Decimal(100))
    add("管理指标", "10", "预算执行管理（10分）", "“三公经费”控制率", "100%", "100%", "5")
    for name, unit, target, done in f["outputs"]:
        add("产出指标", "50", "数量指标（30分）", name, f"{target}{unit}", f"{done}{unit}", "10",
            Decimal(done), Decimal(target))
    for name, target, done in f["qualities"]:
        add("产出指标", "50", "质量指标（15分）", name, f"{target}%", f"{done}%", "7.5",
            Decimal(done), Decimal(target))
    add("产出指标", "50", "时效指标（5分）", "是否按时完成各项工作", "是", "是", "5")
    add("效益指标", "25", "社会效益指标（25分）", "保障各项工作正常运转", "有效保障", "有效保障", "25")
    goal = min(95, f["satisfaction"])
    add("满意度指标", "15", "满意度指标（15分）", "社会公众或服务对象满意度", f"{goal}%",
        f"{f['satisfaction']}%", "15", Decimal(f["satisfaction"]), Decimal(goal))
    total = sum((row.score for row in rows), Decimal(0))
    funding = [
        ("资金来源：（1）财政拨款", num(f["budget"]), num(f["executed"]), f"{rate}%"),
        ("（2）其他资金", "-", "-", ""),
        ("资金结构：（1）基本支出", num(f["basic"]), num(f["basic_x"]), f"{pct(f['basic_x'], f['basic'])}%"),
        ("（2）项目支出", num(f["project"]), num(f["project_x"]), f"{pct(f['project_x'], f['project'])}%"),
    ]
    return Sheet(rows, total, _grade(total), funding)


# --- planted defects -----------------------------------------------------------------------------

def _replace_in_sections(sections: list[Section], old: str, new: str) -> bool:
    for section in sections:
        for i, paragraph in enumerate(section.paragraphs):
            if old in paragraph:
                section.paragraphs[i] = paragraph.replace(old, new, 1)
                return True
    return False


def plant(report: GeneratedReport, sheet: Sheet, rng: random.Random) -> list[str]:
    """Plant zero to two defects in the report (its sections and its 自评表); return their names."""
    if rng.random() >= DEFECT_RATE:
        return []
    f = report.yaml_extra
    planted = []
    for defect in rng.sample(DEFECTS, k=rng.choice((1, 1, 2))):
        if defect == "rate":
            stated = f"执行率为{pct(f['executed'], f['budget'])}%"
            wrong = pct(f["executed"], f["budget"]) + Decimal(rng.choice((1, 3, 7))) + Decimal("0.13")
            if _replace_in_sections(report.sections, stated, f"执行率为{wrong}%"):
                planted.append(defect)
        elif defect == "share":
            stated = f"占比{pct(f['current'], f['assets'])}%"
            wrong = max(Decimal("0.01"), pct(f["current"], f["assets"]) - Decimal("4.2"))
            if _replace_in_sections(report.sections, stated, f"占比{wrong}%"):
                planted.append(defect)
        elif defect == "score-over-weight":
            row = rng.choice(sheet.rows)
            row.score = row.weight + Decimal(rng.choice((1, 2)))
            sheet.total = sum((r.score for r in sheet.rows), Decimal(0))
            sheet.grade = _grade(sheet.total)
            planted.append(defect)
        elif defect == "total-score":
            sheet.total += Decimal(rng.choice((2, 3, 5)))
            planted.append(defect)
        elif defect == "satisfaction":
            stated = f"满意度{f['satisfaction']}%"
            other = f["satisfaction"] - rng.choice((3, 5, 8))
            if _replace_in_sections(report.sections, stated, f"满意度{other}%"):
                planted.append(defect)
        elif defect == "placeholder":
            if _replace_in_sections(report.sections, f"编制人数为{f['staff']}人", "编制人数为XX人"):
                planted.append(defect)
        elif defect == "missing-section":
            report.sections[:] = [s for s in report.sections if "公开情况" not in s.heading]
            planted.append(defect)
    return planted


# --- the table layout (seed 004) -----------------------------------------------------------------

_HEADER = ["一级指标", "权重", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "偏差及原因分析"]


def _summary_grid(report: GeneratedReport, sheet: Sheet):
    from make_office_fixtures import Grid

    f = report.yaml_extra
    rate = f"{pct(f['executed'], f['budget'])}%"
    score = num(sheet.total)
    grid = Grid([["主管部门（盖章）：", "", "", "", "", "单位：万元", ""],
                 ["序号", "预算单位", "全年\n预算数", "全年\n执行数", "执行率", "所属单位\n自评分数", "主管部门\n复核分数"],
                 [""] * 7,
                 ["1", report.unit, num(f["budget"]), num(f["executed"]), rate, score, score],
                 ["", "合计", num(f["budget"]), num(f["executed"]), rate, score, ""]])
    grid.merge(0, 0, 0, 1)
    grid.merge(0, 5, 0, 6)
    for c in range(7):
        grid.merge(1, c, 2, c)
    return grid


def _sheet_grid(report: GeneratedReport, sheet: Sheet):
    """部门整体支出绩效自评表 on a 9-column grid, merged as the Donghu form is."""
    from make_office_fixtures import Grid

    rows: list[list[str]] = []
    grid = Grid(rows)

    def add(cells: list[tuple[str, int]]) -> int:
        row: list[str] = []
        for text, span in cells:
            if span > 1:
                grid.merge(len(rows), len(row), len(rows), len(row) + span - 1)
            row.extend([text] + [""] * (span - 1))
        rows.append(row)
        return len(rows) - 1

    add([("评价部门\n名称", 2), (report.unit, 4), ("下属单位个数", 2), ("0", 1)])
    top = add([("整体支出\n规模", 2), ("", 4), ("全年预算数", 1), ("全年执行数", 1), ("执行率", 1)])
    for label, budget, executed, rate in sheet.funding:
        add([("", 2), (label, 4), (budget, 1), (executed, 1), (rate, 1)])
    grid.merge(top, 0, len(rows) - 1, 1)
    add([("分解目标自评", 9)])
    top = add([(text, 1) for text in _HEADER])
    add([("", 1)] * 9)
    for c in range(9):
        grid.merge(top, c, top + 1, c)
    first1 = first2 = len(rows)
    for index, row in enumerate(sheet.rows):
        new1 = index == 0 or row.level1 != sheet.rows[index - 1].level1
        new2 = new1 or row.level2 != sheet.rows[index - 1].level2
        if new1:
            _close(grid, first1, len(rows) - 1, (0, 1))
            first1 = len(rows)
        if new2:
            _close(grid, first2, len(rows) - 1, (2,))
            first2 = len(rows)
        add([(text, 1) for text in [row.level1 if new1 else "", f"{num(row.weight1)}分" if new1 else "",
                                    row.level2 if new2 else "", row.name, row.target, row.actual,
                                    num(row.weight), num(row.score), row.reason]])
    _close(grid, first1, len(rows) - 1, (0, 1))
    _close(grid, first2, len(rows) - 1, (2,))
    add([("总分", 6), ("100", 1), (num(sheet.total), 1), (f"自评等级：{sheet.grade}", 1)])
    return grid


def _close(grid, first: int, last: int, columns: tuple[int, ...]) -> None:
    if last > first:
        for c in columns:
            grid.merge(first, c, last, c)


def flatten(grid) -> list[str]:
    """A Word table as Word's "save as text" writes it: every cell on its own line after a tab,
    a cell's paragraphs separated by a blank line, a blank line after each row; a horizontally
    merged cell appears once, a vertically merged one as an empty cell in each row it spans."""
    covered: dict[tuple[int, int], str] = {}
    for r0, c0, r1, c1 in grid.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = "empty" if c == c0 and r > r0 else "skip"
    lines: list[str] = []
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            kind = covered.get((r, c))
            if kind == "skip":
                continue
            lines.append("\t" + ("" if kind == "empty" else text.replace("\n", "\n\n")))
        lines.append("")
    return lines


def _narrative_lines(report: GeneratedReport) -> list[str]:
    """The report text with headings unnumbered (seed 004 writes them bare)."""
    lines = [report.unit]
    for section in report.sections:
        if section.heading == report.title:
            continue
        lines.append(_bare_heading(section.heading))
        if section.paragraphs:
            lines.append("")
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
    return lines


def _bare_heading(heading: str) -> str:
    for prefix in ("一、", "二、", "三、", "四、", "（一）", "（二）", "（三）", "（四）", "（五）", "1、", "2、", "3、"):
        if heading.startswith(prefix):
            return heading[len(prefix):]
    return heading


def to_table_text(report: GeneratedReport, sheet: Sheet) -> str:
    lines = ["", f"{report.year}年度部门整体支出自评情况汇总表"]
    lines += flatten(_summary_grid(report, sheet))
    lines += ["注：此表由各主管部门填报，部门本级绩效自评情况填写在第一行，所属单位自评情况依次往下填写。",
              "\t部门整体支出绩效自评表", "",
              f"\t                                     （ {report.year}年度）                        单位：万元", ""]
    lines += flatten(_sheet_grid(report, sheet))
    lines += ["\t说明：1.预算部门按照附件3《部门整体支出绩效评价指标体系框架》（参考）设置三级指标和指标",
              " 部门： （盖章）", ""]
    lines += _narrative_lines(report)
    lines += [report.unit, "", f"{report.year + 1}年4月{(int(report.id[1:]) % 27) + 1}日", ""]
    return "\n".join(lines) + "\n"


def to_docx(report: GeneratedReport, sheet: Sheet) -> bytes:
    """The table layout as a Word file (python-docx), as fixtures/make_office_fixtures.py builds
    the seed fixtures: headings in Word heading styles, both forms as real tables with merged
    cells, fixed timestamps. Styles are looked up once and merges written as Word writes them
    (gridSpan, vMerge), which python-docx's own `merge()` does a hundred times slower."""
    from make_office_fixtures import HEADING_STYLES

    blocks: list[tuple[str, object]] = [("title", f"{report.year}年度部门整体支出自评情况汇总表"),
                                         ("table", _summary_grid(report, sheet)),
                                         ("p", "注：此表由各主管部门填报，部门本级绩效自评情况填写在第一行，所属单位自评情况依次往下填写。"),
                                         ("title", "部门整体支出绩效自评表"),
                                         ("center", f"（ {report.year}年度）                        单位：万元"),
                                         ("table", _sheet_grid(report, sheet)),
                                         ("p", "部门： （盖章）"),
                                         ("title", report.unit)]
    for section in report.sections:
        if section.heading == report.title:
            continue
        blocks.append((f"h{min(section.level, 3)}", _bare_heading(section.heading)))
        blocks += [("p", paragraph) for paragraph in section.paragraphs]
    blocks += [("p", report.unit), ("p", f"{report.year + 1}年4月{(int(report.id[1:]) % 27) + 1}日")]
    return _build_docx(blocks, report.id, HEADING_STYLES)


def _build_docx(blocks: list[tuple[str, object]], title: str, heading_styles: dict[str, str]) -> bytes:
    import io

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from make_office_fixtures import FIXED_TIME, normalize_zip

    word = docx.Document()
    word.styles["Normal"].font.size = Pt(12)
    properties = word.core_properties
    properties.author = properties.last_modified_by = "perflint bench"
    properties.title = title
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    # the default template's style ids ("Heading 1" → Heading1): looking styles up by name
    # parses every style of the template each time
    style_ids = {kind: name.replace(" ", "") for kind, name in heading_styles.items()}
    for kind, content in blocks:
        if kind == "table":
            _docx_table(word, content, "TableGrid")
        elif kind == "center":
            word.add_paragraph(content).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "p":
            word.add_paragraph(content)
        else:
            word.add_paragraph(content)._p.style = style_ids[kind]
    buffer = io.BytesIO()
    word.save(buffer)
    return normalize_zip(buffer.getvalue())


def _docx_table(word, grid, style_id: str) -> None:
    width = max(len(row) for row in grid.rows)
    table = word.add_table(rows=len(grid.rows), cols=width)
    table._tbl.tblPr.style = style_id
    tcs = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if text:
                lines = text.split("\n")
                tc = tcs[r][c]
                tc.p_lst[0].add_r().text = lines[0]
                for line in lines[1:]:
                    tc.add_p().add_r().text = line
    for r0, c0, r1, c1 in grid.merges:
        for r in range(r0, r1 + 1):
            tc = tcs[r][c0]
            if c1 > c0:
                tc.grid_span = c1 - c0 + 1
                for c in range(c0 + 1, c1 + 1):
                    tc.getparent().remove(tcs[r][c])
            if r1 > r0:
                tc.vMerge = "restart" if r == r0 else "continue"


def to_normalized_yaml(text: str, source: str) -> str:
    """What `perflint extract` writes for the report's text."""
    from perflint.extract import extract_text
    from perflint.extract.serialize import to_yaml

    return to_yaml(extract_text(text, source), source=source)


# --- writing -------------------------------------------------------------------------------------

def plan(generator: CorpusGenerator, index: int) -> tuple[GeneratedReport, Sheet, list[str]]:
    """The index-th report with its 自评表 and planted defects (sequential: one random stream)."""
    report = generator.report(index)
    rng = random.Random(f"{generator.seed}:{report.id}")
    sheet = self_evaluation(report.yaml_extra, rng)
    report = replace(report, sections=[replace(s, paragraphs=list(s.paragraphs)) for s in report.sections])
    return report, sheet, plant(report, sheet, rng)


def render(report: GeneratedReport, sheet: Sheet, index: int, formats: tuple[str, ...]) -> dict[str, bytes]:
    """The report's files, by format (independent per report, so it runs in parallel)."""
    files: dict[str, bytes] = {}
    narrative = make_corpus.to_text(report)
    table = to_table_text(report, sheet)
    if "txt" in formats:
        files["txt"] = narrative.encode("utf-8")
    if "txt-table" in formats:
        files["txt-table"] = table.encode("utf-8")
    if "docx" in formats:
        files["docx"] = to_docx(report, sheet)
    if "yaml" in formats:
        # the normalized form of either layout, alternating, so both shapes of report are covered
        source, text = (f"txt-table/{report.id}.txt", table) if index % 2 else (f"txt/{report.id}.txt", narrative)
        files["yaml"] = to_normalized_yaml(text, source).encode("utf-8")
    return files


def _render_job(job: tuple[GeneratedReport, Sheet, int, tuple[str, ...]]) -> tuple[str, dict[str, bytes]]:
    report, sheet, index, formats = job
    return report.id, render(report, sheet, index, formats)


def write_corpus(out: Path, n: int, seed: int = 7, formats: tuple[str, ...] = FORMATS, jobs: int = 1) -> dict:
    """Write n reports in each of `formats` under out/<format>/; returns the manifest (also
    written to out/manifest.json). Rendering runs in `jobs` processes; the files do not depend on it."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise SystemExit(f"unknown formats {unknown}; known: {', '.join(FORMATS)}")
    generator = CorpusGenerator(n, seed)
    for name in formats:
        (out / name).mkdir(parents=True, exist_ok=True)
    reports = []

    def planned():
        for index in range(n):
            report, sheet, defects = plan(generator, index)
            reports.append({"id": report.id, "layout": report.layout, "defects": defects})
            yield report, sheet, index, formats

    def write(report_id: str, files: dict[str, bytes]) -> None:
        for name, data in files.items():
            (out / name / f"{report_id}{SUFFIX[name]}").write_bytes(data)

    if jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for report_id, files in pool.imap(_render_job, planned(), chunksize=8):
                write(report_id, files)
    else:
        for job in planned():
            write(*_render_job(job))
    manifest = {"generator": "bench/corpus_formats.py", "n": n, "seed": seed, "formats": list(formats),
                "reports": reports}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("-n", type=int, default=100, help="number of reports (default 100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help=f"comma-separated, of: {', '.join(FORMATS)}")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="render in this many processes")
    args = parser.parse_args(argv)
    formats = tuple(x.strip() for x in args.formats.split(",") if x.strip())
    manifest = write_corpus(args.out, args.n, args.seed, formats, jobs=args.jobs)
    planted = sum(1 for r in manifest["reports"] if r["defects"])
    print(f"wrote {args.n} reports to {args.out} ({', '.join(formats)}); {planted} with planted defects")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

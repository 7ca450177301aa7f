"""The folder of reports the cluster tests lint: normalized YAML and Word reports (fixtures/),
raw texts written here, copies (so the corpus rules have shared paragraphs to find), a broken
file, a text that is not a report, and a district folder with its own config."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

#: Units of the generated raw reports (invented names).
UNITS = ("青山乡卫生院", "东湖街道办事处", "北岭县水利站", "南塘镇农业服务中心")


def raw_report(index: int) -> str:
    """A short raw 自评报告; every other one states an 执行率 its own figures contradict (PL103),
    and all share one paragraph on their problems (PL607 across units)."""
    unit = UNITS[index % len(UNITS)]
    budget, spent = 120 + 10 * index, 96 + 9 * index
    stated = round(100 * spent / budget) + (5 if index % 2 else 0)
    return (f"{unit}2023年度部门整体支出绩效自评报告\n\n"
            "一、部门基本情况\n"
            f"{unit}共有在编人员{12 + index}人，承担辖区内公共服务{3 + index}项。\n\n"
            "二、预算执行情况\n"
            f"本年度预算数{budget}万元，执行数{spent}万元，执行率{stated}%。\n\n"
            "三、绩效目标完成情况\n"
            f"全年完成服务{400 + 25 * index}人次，群众满意度{90 + index % 5}%。\n\n"
            "四、存在的问题\n"
            "部分项目资金拨付进度偏慢，项目前期论证不够充分，绩效目标设置不够细化、量化，"
            "绩效运行监控和评价结果应用有待进一步加强。\n")


def make_reports(root: Path) -> Path:
    """The folder `reports` under `root`, with about thirty files."""
    folder = root / "reports"
    district = folder / "district"
    district.mkdir(parents=True)
    for copy in range(2):
        for seed in ("seed_000", "seed_001", "seed_004"):
            shutil.copyfile(FIXTURES / f"{seed}.yaml", folder / f"{copy}_{seed}.yaml")
    shutil.copyfile(FIXTURES / "office" / "seed_004.docx", folder / "seed_004.docx")
    shutil.copyfile(FIXTURES / "office" / "variant_yuan.docx", folder / "variant_yuan.docx")
    for index in range(16):
        (folder / f"raw_{index:02d}.txt").write_text(raw_report(index), encoding="utf-8")
    (folder / "broken.yaml").write_text("year: [\n", encoding="utf-8")
    (folder / "letter.txt").write_text("Dear colleagues, the meeting moves to Friday at ten.\n" * 3,
                                       encoding="utf-8")
    (district / "perflint.yaml").write_text("ignore: [PL602]\nlang: en\n", encoding="utf-8")
    for index in range(4):
        (district / f"raw_{index}.txt").write_text(raw_report(index + 1), encoding="utf-8")
    shutil.copyfile(FIXTURES / "seed_000.yaml", district / "seed_000.yaml")
    return folder

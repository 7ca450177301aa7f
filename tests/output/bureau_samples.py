"""A 财政局's folder of 50 small self-evaluation reports, written for the bureau-report tests.

Five counties × ten departments; each report is a short 部门整体支出 report whose title names its
unit and year, with defects planted by its number, so units differ in how many findings they
have and of which family: a wrong 执行率 (PL103, 计算), an 执行率 over 100% without a reason
(PL201, 执行), a grade that does not match the score (PL308, 评分), a listed figure without a
value (PL504, 完整性), boilerplate (PL602, 文本), and, for more errors in some units, parts that do not
add up to their total (PL101). A few reports are clean. Beside them: a README
(left out as documentation) and a .csv (unsupported), so the page lists files not checked.
"""

from __future__ import annotations

from pathlib import Path

COUNTIES = ("东湖县", "西山县", "南溪县", "北岭县", "青田县")
DEPARTMENTS = ("交通运输局", "农业农村局", "教育局", "卫生健康委员会", "水利局", "民政局", "文化和旅游局",
               "自然资源局", "生态环境局", "住房和城乡建设局")

#: What each department did in the year: a paragraph no other unit writes.
_DUTIES = ("完成农村公路养护里程{km}公里，改造危桥{k}座，新增候车亭{m}处。",
           "推广高标准农田{km}千亩，培训新型职业农民{people}人，建成示范基地{k}个。",
           "新建改建校舍{k}所，招聘教师{people}名，资助困难学生{m}百人次。",
           "开展家庭医生签约服务{people}百户，完成基层医疗机构标准化建设{k}家。",
           "完成小型水库除险加固{k}座，治理河道{km}公里，新增灌溉面积{m}千亩。",
           "发放城乡低保资金覆盖{people}户，新建养老服务站{k}个，救助临时困难群众{m}十人次。",
           "举办文化惠民演出{people}场，修缮文物保护单位{k}处，接待游客{m}万人次。",
           "完成不动产登记{people}件，整治矿山地块{k}处，新增耕地{km}亩。",
           "完成空气质量监测{people}次，整改环境问题{k}个，治理黑臭水体{m}条。",
           "改造老旧小区{k}个，新建保障性住房{people}套，排查房屋安全隐患{m}十处。")

#: Planted defects by family: (text when the defect is planted, text when it is not).
_BUDGET = ("项目支出预算数{b}万元，执行数{a}万元，执行率{wrong}%。",
           "项目支出预算数{b}万元，执行数{a}万元，执行率{right}%。")
_OVER = ("基本支出预算数200万元，执行数{over}万元，执行率{over_rate}%。",
         "基本支出预算数200万元，执行数190万元，执行率95%。")
_ASSETS = ("资产{assets}万元，其中流动资产{current}万元，非流动资产{fixed}万元。",
           "资产{assets}万元，其中流动资产{current}万元，非流动资产{fixed_ok}万元。")
_GRADE = ("自评总分{score}分，评价等级为“优”。", "自评总分{score}分，评价等级为“良”。")
_LIST = ("系统运行正常率99.8%，故障响应及时率，数据备份完成率100%。",
         "系统运行正常率99.8%，故障响应及时率98%，数据备份完成率100%。")
_BOILERPLATE = ("通过项目实施，有效提升了服务质量和群众满意度，取得了良好的社会效益和经济效益。",
                "全年开展业务培训{n}次，培训{people}人次，较上年增加{more}人次。")


def _planted(number: int) -> dict[str, bool]:
    """Which defects report `number` (0–49) has: a spread from none to most of them."""
    return {
        "budget": number % 3 != 2,
        "assets": number % 6 in (0, 5),
        "over": number % 4 == 1,
        "grade": number % 5 in (1, 3),
        "list": number % 7 in (0, 4),
        "boilerplate": number % 2 == 0,
    }


def report_text(number: int) -> str:
    county, department = COUNTIES[number // 10], DEPARTMENTS[number % 10]
    unit = county + department
    planted = _planted(number) if number % 11 != 10 else dict.fromkeys(_planted(0), False)
    budget = 100 + 20 * number
    spent = budget * 9 // 10
    values = {"b": budget, "a": spent, "right": "90", "wrong": f"{92 + number % 6}",
              "over": 220 + number, "over_rate": f"{(220 + number) / 2:.2f}", "score": 80 + number % 7,
              "assets": 1000 + number, "current": 700, "fixed": 290 + number, "fixed_ok": 300 + number,
              "n": 4 + number % 9, "people": 40 + 3 * number, "more": 5 + number % 4}

    def pick(pair: tuple[str, str], key: str) -> str:
        return pair[0 if planted[key] else 1].format(**values)

    return "\n".join([
        f"{unit}2023年度部门整体支出绩效自评报告",
        "",
        "一、部门基本情况",
        f"{unit}为{county}人民政府工作部门，内设科室{3 + number % 5}个，编制人数{20 + number}人。",
        _DUTIES[number % 10].format(km=12 + number, k=2 + number % 6, m=3 + number % 8, people=30 + number),
        "",
        "二、部门预算执行情况",
        pick(_BUDGET, "budget"),
        pick(_OVER, "over"),
        pick(_ASSETS, "assets"),
        "",
        "三、绩效目标完成情况",
        pick(_LIST, "list"),
        pick(_BOILERPLATE, "boilerplate"),
        "",
        "四、自评结论",
        pick(_GRADE, "grade"),
        "",
    ])


def write_folder(folder: Path, count: int = 50) -> list[str]:
    """Write `count` reports (and a README and a .csv) into `folder`; return the unit names."""
    folder.mkdir(parents=True, exist_ok=True)
    units = []
    for number in range(count):
        text = report_text(number)
        units.append(text.split("2023年度", 1)[0])
        (folder / f"{number + 1:02d}-{units[-1]}.txt").write_text(text, encoding="utf-8")
    (folder / "README.md").write_text("本文件夹为2023年度各单位绩效自评报告。\n", encoding="utf-8")
    (folder / "汇总台账.csv").write_text("单位,得分\n东湖县教育局,90\n", encoding="utf-8")
    return units

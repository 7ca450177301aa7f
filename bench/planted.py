"""Planted defects: recall and false alarms of perflint on synthetic texts nobody tuned on.

    python bench/planted.py [--seed N] [--count N] [--out DIR] [--jobs N] [--only CLASS,...] [-v]

Each *case* is a short synthetic report in one of the shapes real reports take (a narrative
`其中` list, funds blocks written one label and figure per line, a budget table whose cells are
separated by spaces, a 自评表's indicator headings with the national form's weight note, an outline
of numbered headings …) written twice from the same random draws: a *clean* twin in which every
figure is consistent, and a *defective* twin with one defect of one class planted at a known
place. Units, places, funds, amounts (2 decimals or whole, 万元 or 元), numbers of parts (2–6),
orders of clauses, separators (，/、/；), captions and spacing vary; every draw a case makes is
recorded in its `knobs`, so the misses can be told apart by variant.

A planted defect is *caught* when perflint reports a finding of the class's code whose primary
span overlaps the planted substring widened by 2 characters on each side (and, for the classes
that name one, of the expected severity). Reported per class: recall, findings of the class's
code elsewhere in the defective text (stray), and findings of any rule under test on the clean
twins (false alarms); findings of other rules on the clean twins are listed by code too.
Where the project's rules divide the work otherwise, a case accepts that code too (knob
`accepts`): a `…全年预算数为T，其中：A a，B b…` sentence is read as a budget table, whose sums are
PL102's. A defect that shows in two places (the part a PL110 plant lowers to keep the totals, the
效益 weight a PL311 plant lowers to keep 100) marks the second place too, so a finding there is
not stray. Corpus rules (PL607, PL608: paragraphs shared between reports) are not run: the twins
of a case are one text, and all cases draw their prose from one pool.

A class whose rule is not registered (rules being written by other engineers) is skipped with a
note. Nothing here reads ../shared: names, places and figures are drawn from the vocabulary below.
The last line printed is `planted recall X/Y = R, findings on clean texts N`.
"""

# ruff: noqa: E501  (embedded Chinese text: sentences are kept whole so they can be read and grepped)

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

# --- vocabulary ---------------------------------------------------------------------------------

#: Characters place names are drawn from (a subset of bench/make_corpus.py's PLACE_CHARS without
#: characters that read as directions or numbers next to a figure).
PLACE_CHARS = ("青禾山湖江河桥港湾田园林泉溪峰岭洲坪塘源龙凤鹤云霞星月梅兰竹菊松柏杨柳桃李春秋金玉珠光明安"
               "平康宁丰盛兴旺富华荣昌隆泰和顺德仁义礼智信忠文武英红黄蓝白紫绿翠沙洋")
AGENCIES = ["水利局", "农业农村局", "卫生健康局", "教育体育局", "林业局", "民政局", "交通运输局", "自然资源局",
            "文化广电旅游局", "住房和城乡建设局", "乡村振兴服务中心", "农村供水管理中心", "疾病预防控制中心",
            "农业技术推广中心", "水利工程管理中心", "社会福利中心"]
#: (fund, short name, its parts as spending items)
FUNDS = [
    ("农村饮水安全补助资金", "饮水", ["水厂改造", "管网延伸", "水质检测", "水源保护", "净化消毒设备购置", "入户工程"]),
    ("农田建设补助资金", "农田", ["土地平整", "灌溉排水工程", "田间道路", "农田防护", "土壤改良", "科技服务"]),
    ("困难群众救助补助资金", "救助", ["城乡低保", "特困人员供养", "临时救助", "流浪乞讨人员救助", "孤儿基本生活保障", "残疾人两项补贴"]),
    ("林业改革发展资金", "林业", ["森林抚育", "造林补助", "国家级公益林保护", "林业有害生物防治", "森林防火", "林木良种培育"]),
    ("基本公共卫生服务补助资金", "公卫", ["居民健康档案管理", "预防接种", "慢性病患者健康管理", "老年人健康管理", "健康教育", "孕产妇健康管理"]),
    ("水利发展资金", "水利", ["小型水库维修养护", "中小河流治理", "山洪灾害防治", "水土保持", "农村水系连通", "灌区节水改造"]),
    ("农业生产发展资金", "农业", ["耕地地力保护", "农机购置补贴", "良种推广", "农业社会化服务", "高素质农民培育", "畜禽粪污资源化利用"]),
    ("城乡义务教育补助经费", "教育", ["公用经费", "校舍维修改造", "学生营养改善", "家庭经济困难学生生活补助", "教师培训", "教学设备购置"]),
    ("文化旅游提升资金", "文旅", ["公共文化设施维修", "非遗保护", "乡村旅游公路", "景区标识标牌", "文化下乡演出", "图书配送"]),
    ("交通运输发展资金", "交通", ["农村公路养护", "危桥改造", "安全生命防护工程", "客运站点建设", "路面大中修", "道路改造"]),
]
ISSUERS = ["省财政厅", "市财政局", "上级财政", "县财政局", "中央财政"]
DOC_PREFIXES = ["财农", "财社", "财教", "财建", "财资环", "财预"]
SOURCES = ["中央补助", "省级资金", "市级资金", "县级资金", "其他资金"]
SOURCES_ALT = ["中央资金", "省级补助", "市级配套", "区级配套", "社会资金"]
MONTHS = ["3月", "5月", "6月", "9月", "11月"]
#: Counted results: (verb before the object, objects, verb after the object or "", measure word)
COUNTS = [
    ("完成", ["道路", "危桥", "村级活动室", "小型水库"], "改造", "座"),
    ("新建", ["公厕", "便民服务点", "垃圾收集点", "蓄水池"], "", "处"),
    ("培训", ["农民", "基层干部", "乡村医生", "护林员"], "", "人次"),
    ("发放", ["宣传资料", "明白卡", "告知书"], "", "份"),
    ("完成", ["渠道", "河道", "管网"], "清淤", "公里"),
    ("走访", ["困难群众", "脱贫户", "监测户"], "", "户"),
    ("建设", ["高标准农田", "经济林", "防护林"], "", "亩"),
]


@dataclass
class Case:
    """One planted defect and its clean twin. `at` is the offset of `anchor` in `defective`."""

    id: str
    cls: str
    code: str
    clean: str
    defective: str
    anchor: str
    at: int
    severity: str | None = None
    knobs: dict[str, str] = field(default_factory=dict)
    #: codes a finding of this defect may carry: the class's code, and where the project's rules
    #: divide the work otherwise (a `全年预算数为…，其中` list is a budget table: PL102), that one
    codes: tuple[str, ...] = ()
    #: (offset, length) of other places the same defect shows (the part a PL110 plant lowers to
    #: keep the totals), where a finding is expected and not stray
    also: list[tuple[int, int]] = field(default_factory=list)


# --- figures ------------------------------------------------------------------------------------

def dec(value: float | int | str | Decimal, dp: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)


def amount(rng: random.Random, low: float, high: float, dp: int) -> Decimal:
    return dec(rng.uniform(low, high), dp)


def split(rng: random.Random, total: Decimal, n: int, dp: int) -> list[Decimal]:
    """n positive parts of `total` (same decimals), none tiny, that sum exactly to it."""
    ulp = Decimal(1).scaleb(-dp)
    weights = [rng.uniform(0.4, 1.6) for _ in range(n)]
    parts = [dec(total * Decimal(str(w / sum(weights))), dp) for w in weights[:-1]]
    parts.append(total - sum(parts, Decimal(0)))
    assert all(p > ulp for p in parts), (total, parts)
    return parts


def misstatement(rng: random.Random, n: int, dp: int, base: Decimal) -> Decimal:
    """A difference clearly beyond what the stated decimals allow (n + 1 figures, each ± half a
    unit in the last place): a slip of a few units in the last place, a digit, or a larger gap;
    at most half of `base`, so that a total lowered by it stays positive."""
    ulp = Decimal(1).scaleb(-dp)
    low = ulp * (n + 2)
    kind = rng.choice(["last-place", "digit", "gap"])
    if kind == "last-place":
        value = ulp * rng.randint(n + 2, n + 30)
    elif kind == "digit":
        value = ulp * 10 ** rng.randint(1 if dp == 0 else 2, 3 if dp == 0 else 4)
    else:
        value = dec(float(base) * rng.uniform(0.02, 0.2), dp)
    return max(min(value, dec(base / 2, dp)), low)  # a slip, not a figure of another magnitude


def fmt(value: Decimal) -> str:
    return f"{value:f}"


def pct(part: Decimal, whole: Decimal, dp: int = 2) -> Decimal:
    return dec(part * 100 / whole, dp)


# --- words --------------------------------------------------------------------------------------

class Words:
    """Names drawn for one case."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.year = rng.randint(2019, 2024)
        self.place = self.name()
        self.region = self.place + rng.choice(["县", "县", "区"])
        self.city = self.name() + "市"
        self.unit = self.region + rng.choice(AGENCIES)
        self.fund, self.fund_short, items = rng.choice(FUNDS)
        self.items = rng.sample(items, len(items))
        self.me = "我中心" if self.unit.endswith("中心") else "我局"

    def name(self) -> str:
        return "".join(self.rng.sample(PLACE_CHARS, 2))

    def prose(self, k: int) -> list[str]:
        """k neutral sentences (no money figure) of the kind that surround figures in reports."""
        rng, me = self.rng, self.me
        pool = [
            f"{me}高度重视绩效自评工作，成立了由主要负责同志任组长的自评工作领导小组。",
            "自评工作按照“谁使用、谁负责”的原则，由项目实施单位对照年度绩效目标逐项开展。",
            "项目严格执行专款专用，资金支付手续齐全，未发现挤占挪用情况。",
            f"通过项目实施，{self.name()}片区群众生产生活条件得到明显改善。",
            f"项目建成后由{self.name()}村民委员会负责日常管护，管护责任落实到人。",
            f"下一步，{me}将进一步加强项目跟踪管理，提高资金使用效益。",
            "各项目均按照批复的实施方案组织实施，工程质量总体良好。",
            f"自评结果将在{self.region}人民政府门户网站公开，接受社会监督。",
            "绩效目标设置较为合理，各项指标基本完成。",
            f"全年共组织现场检查{rng.randint(4, 30)}次，发现的问题均已整改到位。",
            f"经问卷调查，受益群众满意度达到{rng.randint(90, 99)}%。",
            "部分项目前期工作准备不足，开工时间有所推迟。",
            f"{me}将把自评结果作为下一年度预算安排的重要参考。",
        ]
        return rng.sample(pool, k)

    def doc_number(self) -> tuple[str, str]:
        """(issuer prefix, serial) of an allocation document: 青禾财农 and 12."""
        return self.name()[0] + self.rng.choice(DOC_PREFIXES), str(self.rng.randint(3, 180))


def title(w: Words, kind: str) -> list[str]:
    """The title line(s) naming the kind of report."""
    if kind == "transfer-report":
        return [f"{w.region}{w.year}年度中央对地方转移支付{w.fund}绩效自评报告"]
    if kind == "project-report":
        return [f"{w.unit}{w.year}年度{w.fund_short}项目支出绩效自评报告"]
    if kind == "transfer-table":
        return [f"{w.region}{w.year}年度中央对地方转移支付{w.fund}绩效自评表"]
    if kind == "project-table":
        return ["项目支出绩效自评表", f"（{w.year}年度）"]
    return [f"{w.unit}{w.year}年度部门整体支出绩效自评报告"]


def narrative(w: Words, planted: list[str], *, kind: str | None = None, later: list[str] | None = None) -> list[str]:
    """A short narrative report: title, two or three numbered chapters of neutral prose, the
    planted lines in the first chapter (and `later` ones in the last)."""
    rng = w.rng
    kind = kind or rng.choice(["transfer-report", "project-report", "dept-report"])
    heads = ["一、基本情况", "二、绩效目标完成情况", "三、存在的问题及改进措施"]
    before, after = rng.randint(0, 2), rng.randint(0, 2)
    prose = w.prose(before + after + 2)
    lines = [*title(w, kind), heads[0], *prose[:before], *planted, *prose[before:before + after], heads[1],
             prose[-2]]
    if later is not None:
        lines += [heads[2], *later]
    lines.append(prose[-1])
    return lines


# --- building texts with a marked anchor ----------------------------------------------------------

OPEN, CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧ mark the planted substring while a text is built
OPEN2, CLOSE2 = "\u27ea", "\u27eb"  # ⟪ ⟫ mark a second place the same defect shows (not stray)


def mark(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def mark2(text: str) -> str:
    return f"{OPEN2}{text}{CLOSE2}"


def finish(lines: Iterable[str]) -> tuple[str, str, int, list[tuple[int, int]]]:
    """Join lines into a text; return it without marks, the marked substring, its offset and the
    (offset, length) of every second place marked."""
    text = "\n".join(lines) + "\n"
    plain, places, anchor, at, i = [], [], "", -1, 0
    while i < len(text):
        ch = text[i]
        if ch in (OPEN, OPEN2):
            end = text.index(CLOSE if ch == OPEN else CLOSE2, i)
            inner = text[i + 1:end]
            offset = sum(len(piece) for piece in plain)
            if ch == OPEN:
                anchor, at = inner, offset
            else:
                places.append((offset, len(inner)))
            plain.append(inner)
            i = end + 1
            continue
        plain.append(ch)
        i += 1
    return "".join(plain), anchor, at, places


# --- the classes ----------------------------------------------------------------------------------
#
# Each class function takes a seeded Random and returns (clean lines, defective lines with the
# planted substring marked, knobs). Every random draw happens before either twin is written.

Built = tuple[list[str], list[str], dict[str, str]]


def _money_unit(rng: random.Random) -> tuple[str, float]:
    return ("万元", 1.0) if rng.random() < 0.75 else ("元", 10000.0)


def _sentence_breakdown(rng: random.Random, short: bool) -> Built:
    """下达…资金X万元，其中：A a万元，B b万元，C c万元。 with the parts above the total (or, for a
    closed list, below it)."""
    w = Words(rng)
    unit, scale = _money_unit(rng)
    dp = rng.choice([0, 2])
    n = rng.randint(3, 6)
    sep = rng.choice(["，", "、", "；"])
    intro = rng.choice(["，其中：", "，其中:", "，其中", "。其中："])
    space = rng.choice(["", " "])
    suffix = rng.choice(["", "资金", "补助"])
    lead = rng.choice(["issued", "arranged", "received", "budget"])
    tail = "" if short else rng.choice(["", "", f"，主要用于{w.fund_short}项目建设"])
    parts = split(rng, amount(rng, 50 * scale, 3000 * scale, dp), n, dp)
    delta = misstatement(rng, n, dp, sum(parts))
    true_total = sum(parts)
    wrong_total = true_total + delta if short else true_total - delta
    names = w.items[:n]
    issuer = rng.choice(ISSUERS)

    def sentence(total: str) -> str:
        head = {
            "issued": f"{w.year}年{issuer}下达{w.region}{w.fund}{total}",
            "arranged": f"{w.year}年共安排{w.fund}{total}",
            "received": f"{w.year}年{w.me}收到{w.fund}{total}",
            "budget": f"{w.year}年{w.fund}全年预算数为{total}",
        }[lead]
        listed = sep.join(f"{name}{'' if name.endswith(('补助', '补贴')) else suffix}{space}{fmt(v)}{unit}"
                          for name, v in zip(names, parts, strict=True))
        return head + intro + listed + tail + "。"

    knobs = {"unit": unit, "dp": str(dp), "parts": str(n), "sep": sep, "intro": intro, "space": repr(space),
             "suffix": suffix, "lead": lead, "tail": "yes" if tail else "no"}
    if lead == "budget":  # a 全年预算数 with its 其中 rows is read as a budget table: PL102's
        knobs["accepts"] = "PL101/PL102"
    return twins(rng, lambda defective: narrative(
        w, [sentence(mark(fmt(wrong_total) + unit) if defective else fmt(true_total) + unit)]), knobs)


def twins(rng: random.Random, text: Callable[[bool], list[str]], knobs: dict[str, str]) -> Built:
    """The clean and the defective twin of `text`, written from the same draws (the frame's
    prose is drawn while writing, so the generator's state is rewound for the second twin)."""
    state = rng.getstate()
    clean = text(False)
    rng.setstate(state)
    return clean, text(True), knobs


def pl101_exceed(rng: random.Random) -> Built:
    return _sentence_breakdown(rng, short=False)


def pl101_short(rng: random.Random) -> Built:
    return _sentence_breakdown(rng, short=True)


def _blocks(rng: random.Random, plant: str) -> Built:
    """Funds blocks one label and figure per line: a combined block, then (or before) 2–3
    programme blocks of the same parts whose totals add up to the combined total."""
    w = Words(rng)
    dp = rng.choice([0, 2])
    n_parts = rng.randint(3, 5)
    n_blocks = rng.randint(2, 3)
    names = rng.choice([SOURCES, SOURCES_ALT])[:n_parts]
    colon = rng.choice([": ", ":", "：", " "])
    space = rng.choice([" ", ""])
    qizhong = rng.choice(["其中:", "其中：", " 其中:"])
    trailing = rng.choice(["", " "])
    captions = rng.random() < 0.8
    paren = rng.choice(["(万元)", "（万元）"])
    total_label = rng.choice(["年度资金总额", "年度预算资金总额", "资金总额"])
    combined_first = rng.random() < 0.8
    intro_line = rng.random() < 0.5
    programmes = w.items[:n_blocks]
    blocks = [split(rng, amount(rng, 40, 900, dp), n_parts, dp) for _ in range(n_blocks)]
    combined = [sum(col, Decimal(0)) for col in zip(*blocks, strict=True)]
    all_blocks = [combined, *blocks]
    stated = [list(b) for b in all_blocks]
    target: tuple[int, int] = (0, 0)  # (block, part) whose figure is marked; part -1: the total
    second: tuple[int, int] | None = None  # a second figure the plant changed
    if plant == "PL110":
        i, j = rng.sample(range(n_parts), 2)
        d = min(misstatement(rng, n_blocks, dp, combined[i]), combined[j] / 2)
        d = max(dec(d, dp), Decimal(1).scaleb(-dp) * (n_blocks + 2))
        stated[0][i] += d
        stated[0][j] -= d
        target = (0, i)
        second = (0, j)
    else:
        b = rng.randrange(len(stated))
        i = rng.randrange(n_parts)
        stated[b][i] += misstatement(rng, n_parts, dp, sum(stated[b]))
        target = (b, -1)
    caption_names = [f"{w.fund_short}资金合计{paren}", *(f"{p}资金{paren}" for p in programmes)]

    def block(index: int, figures: list[Decimal], total: Decimal, marked: tuple[int, int] | None) -> list[str]:
        def cell(part: int, value: Decimal) -> str:
            text = fmt(value)
            if marked is not None and (index, part) == second:
                return mark2(text)
            return mark(text) if marked == (index, part) else text
        lines = [caption_names[index]] if captions else []
        lines.append(f"{total_label}{colon}{cell(-1, total)}{trailing}")
        for k, (name, value) in enumerate(zip(names, figures, strict=True)):
            lines.append(f"{qizhong if k == 0 else ''}{name}{space}{cell(k, value)}{trailing}")
        return lines

    def text(figures: list[list[Decimal]], marked: tuple[int, int] | None) -> list[str]:
        totals = [sum(b, Decimal(0)) for b in all_blocks]
        order = list(range(len(figures))) if combined_first else [*range(1, len(figures)), 0]
        lines = ["资金投入 预算资金安排情况"] if intro_line else []
        for index in order:
            lines += block(index, figures[index], totals[index], marked)
        return [*title(w, rng_kind), *lines, *prose]

    rng_kind = rng.choice(["transfer-table", "project-table"])
    prose = ["年度总体目标完成情况", *w.prose(2)]
    knobs = {"dp": str(dp), "parts": str(n_parts), "blocks": str(n_blocks), "colon": repr(colon),
             "space": repr(space), "qizhong": repr(qizhong), "captions": str(captions), "total_label": total_label,
             "combined": "first" if combined_first else "last", "kind": rng_kind}
    return text(all_blocks, None), text(stated, target), knobs


def pl110_cross_footing(rng: random.Random) -> Built:
    return _blocks(rng, "PL110")


def pl101_block(rng: random.Random) -> Built:
    return _blocks(rng, "PL101")


def _spaced(rng: random.Random, plant: str) -> Built:
    """A 项目支出绩效自评表's funds table, cells separated by spaces."""
    w = Words(rng)
    dp = rng.choice([0, 2])
    rate_dp = rng.choice([0, 1, 2, 2])
    budget = amount(rng, 10, 2000, dp)
    initial = budget if rng.random() < 0.6 else dec(budget * Decimal(str(rng.uniform(0.7, 1.0))), dp)
    executed = budget if rng.random() < 0.25 else dec(budget * Decimal(str(rng.uniform(0.55, 0.999))), dp)
    rate = pct(executed, budget, rate_dp)
    score = dec(10 * executed / budget, rng.choice([1, 2]))
    label = rng.choice(["年度资金总额:", "年度资金总额：", "年度资金总额"])
    header = rng.choice(["年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分",
                         "年初预算数 全年预算数 全年执行数 分值 执行率 得分"])
    caption = rng.choice(["separate", "prefix", "none"])
    sources = rng.choice(["one", "two"])
    indent = rng.choice([" ", "", "   "])
    wrong = rate
    if plant == "PL103":
        # wrong beyond what the figures' own precision allows: 23 / 24 written as integers stands
        # for anything in [22.5/24.5, 23.5/23.5] = [91.8%, 100%], so 92.6% would be no defect
        half, rate_half = Decimal(1).scaleb(-dp) / 2, Decimal(1).scaleb(-rate_dp) / 2
        low = (executed - half) * 100 / (budget + half)
        high = (executed + half) * 100 / (budget - half)
        while abs(wrong - rate) < 1 or wrong <= 0 or low - rate_half <= wrong <= high + rate_half:
            wrong = dec(rate + Decimal(str(rng.choice([-1, 1]) * rng.uniform(1.5, 30))), rate_dp)
            wrong = min(wrong, Decimal(100))
        copied_score = rng.random() < 0.5
    else:
        copied_score = False
    if sources == "two":
        b1 = dec(budget * Decimal(str(rng.uniform(0.5, 0.9))), dp)
        i1 = min(b1, initial)
        x2 = dec((budget - b1) * executed / budget, dp)  # each source executed in proportion
        x1 = executed - x2
        rows = [f"{indent}其中:本年财政拨款 {fmt(i1)} {fmt(b1)} {fmt(x1)} - - -",
                f"{indent}   上年结转资金 {fmt(initial - i1)} {fmt(budget - b1)} {fmt(executed - x1)} - - -",
                f"{indent}     其他资金 - -"]
    else:
        rows = [f"{indent}其中:本年财政拨款 {fmt(initial)} {fmt(budget)} {fmt(executed)} - - -",
                f"{indent}   上年结转资金 - -", f"{indent}     其他资金 - -"]

    def funds_row(defective: bool) -> str:
        figures = f"{label} {fmt(initial)} {fmt(budget)} {fmt(executed)} 10"
        if not defective:
            return f"{figures} {fmt(rate)}% {fmt(score)}"
        if plant == "PL510":
            return f"{mark(label)} {fmt(initial)} {fmt(budget)} {fmt(executed)} 10 {fmt(score)}"
        shown = dec(wrong / 10, 2) if copied_score else score
        return f"{figures} {mark(fmt(wrong) + '%')} {fmt(shown)}"

    def text(defective: bool) -> list[str]:
        head = ["项目支出绩效自评表", f"（{w.year}年度）", f"项目名称 {w.fund_short}{w.items[0]}项目",
                f"主管部门 {w.unit} 实施单位 {w.region}{w.items[1]}项目办"]
        if caption == "separate":
            head += ["项目资金", "（万元）", header]
        elif caption == "prefix":
            head += [f"项目资金（万元） {header}"]
        else:
            head += [header]
        return [*head, funds_row(defective), *rows, "年度总体目标完成情况 预期目标 实际完成情况", *prose]

    prose = w.prose(2)
    knobs = {"dp": str(dp), "rate_dp": str(rate_dp), "label": label, "header": header[:12], "caption": caption,
             "sources": sources, "indent": repr(indent), "initial==budget": str(initial == budget),
             "executed==budget": str(executed == budget), "score": "copied" if copied_score else "true"}
    return text(False), text(True), knobs


def pl103_rate(rng: random.Random) -> Built:
    return _spaced(rng, "PL103")


def pl510_missing_rate(rng: random.Random) -> Built:
    return _spaced(rng, "PL510")


def pl109_money_unit(rng: random.Random) -> Built:
    """A total written "x元" (or bare) whose parts are stated in 万元 and add up to x."""
    w = Words(rng)
    dp = rng.choice([0, 2, 2])
    n = rng.randint(2, 5)
    shape = rng.choice(["qizhong", "han", "bare-han"])
    sep = rng.choice(["、", "，", "；"])
    names = rng.choice([SOURCES, SOURCES_ALT])[:n]
    parts = split(rng, amount(rng, 30, 5000, dp), n, dp)
    total = sum(parts, Decimal(0))
    lead = rng.choice([f"{w.year}年{w.fund}", f"{w.year}年度{w.fund_short}项目", f"全年{w.fund}"])
    verb = rng.choice(["到位", "下达", "执行数为", "共计"])

    def sentence(written: str) -> str:
        listed = sep.join(f"{name}{fmt(v)}万元" for name, v in zip(names, parts, strict=True))
        if shape == "qizhong":
            return f"{lead}{verb}{written}，其中{listed}。"
        return f"{lead}{verb}{written}（含{listed}）。"

    unit_written = "" if shape == "bare-han" else "元"
    knobs = {"dp": str(dp), "parts": str(n), "shape": shape, "sep": sep, "verb": verb}
    return twins(rng, lambda defective: narrative(
        w, [sentence(mark(fmt(total) + unit_written) if defective else fmt(total) + "万元")]), knobs)


NOTE_TEXT = "一级指标分值统一设置为{colon}产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分"


def pl311_weight_note(rng: random.Random) -> Built:
    """A 自评表's indicator headings 产出指标(N分) … and the national form's weight note."""
    w = Words(rng)
    output = rng.choice([40, 45, 55, 60, 70])
    compensate = rng.random() < 0.5
    benefit = 80 - output if compensate else 30
    paren = rng.choice(["()", "（）"])
    colon = rng.choice(["：", ":"])
    layout = rng.choice(["lines", "glued"])
    note_tail = rng.choice(["。", "，各部门根据各项指标重要程度确定三级指标的分值。"])
    verb, objects, after, measure = rng.choice(COUNTS)
    obj = rng.choice(objects)
    n = rng.randint(5, 300)

    def weight(value: str) -> str:
        return f"{paren[0]}{value}分{paren[1]}"

    def rows(out: str, ben: str) -> list[str]:
        return [
            "绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 全年实际值 得分",
            f"产出指标{weight(out)}",
            f"数量指标 {obj}{after or verb}数量 20 ≥{n}{measure} {n}{measure} 20",
            "质量指标 项目验收合格率 15 100% 100% 15",
            "时效指标 按期完工率 15 ≥95% 100% 15",
            f"效益指标{weight(ben)}",
            "社会效益指标 群众生产生活条件改善 30 显著改善 显著改善 30",
            f"满意度指标{weight('10')}",
            "服务对象满意度指标 受益群众满意度 10 ≥90% 95% 10",
            "总分 100 100",
            f"注{colon}1.{NOTE_TEXT.format(colon=colon)}{note_tail}",
        ]

    def text(defective: bool) -> list[str]:
        table = rows(mark(str(output)) if defective else "50",
                     (mark2(str(benefit)) if compensate else str(benefit)) if defective else "30")
        if layout == "glued":
            table = ["".join(r.replace(" ", "") for r in table[:-1]), table[-1]]
        return [f"{w.region}{w.year}年度{w.fund_short}项目支出绩效自评表", f"项目名称 {w.fund_short}{w.items[0]}项目",
                f"主管部门 {w.unit}", *table, *w_prose]

    w_prose = w.prose(1)
    knobs = {"output": str(output), "compensated": str(compensate), "paren": paren, "colon": colon, "layout": layout,
             "note_tail": "long" if len(note_tail) > 1 else "short"}
    return text(False), text(True), knobs


def _placeholder(rng: random.Random, which: str) -> Built:
    w = Words(rng)
    prefix, serial = w.doc_number()
    where = rng.choice(["title", "prose"]) if which != "docno" else "prose"
    bracket = rng.choice(["〔〕", "【】", "[]"])
    year_ph = rng.choice(["20xx年", "20XX年", "20××年"])
    name_ph = rng.choice(["XX", "××", "xx"])
    doc_year = w.year

    def cite(defective: bool) -> str:
        year_text = mark(year_ph) if defective and which == "year" and where == "prose" else f"{w.year}年"
        number = f"{bracket[0]}{doc_year}{bracket[1]}{'' if defective and which == 'docno' else serial}号"
        if defective and which == "docno":
            number = mark(number)
        return (f"根据{w.city}财政局《关于下达{year_text}{w.fund}的通知》（{w.city[:2]}{prefix[1:]}{number}），"
                f"{w.me}认真组织开展了绩效自评。")

    def text(defective: bool) -> list[str]:
        region = mark(name_ph + w.region[-1]) if defective and which == "name" else w.region
        lines = narrative(w, [cite(defective)], kind="transfer-report")
        if which == "name":
            if where == "title":
                lines[0] = lines[0].replace(w.region, region, 1)
            else:
                lines.insert(2, f"{region}是农业大县，{w.fund_short}项目点多面广。")
        if which == "year" and where == "title" and defective:
            lines[0] = lines[0].replace(f"{w.year}年", mark(year_ph), 1)
        return lines

    knobs = {"where": where, "bracket": bracket, "year_ph": year_ph, "name_ph": name_ph}
    return twins(rng, text, knobs)


def pl506_year(rng: random.Random) -> Built:
    return _placeholder(rng, "year")


def pl506_docno(rng: random.Random) -> Built:
    return _placeholder(rng, "docno")


def pl506_name(rng: random.Random) -> Built:
    return _placeholder(rng, "name")


CN = "一二三四五六七八九十"
STYLES = {
    1: [lambda k: f"{CN[k]}、"],
    2: [lambda k: f"（{CN[k]}）", lambda k: f"({CN[k]})"],
    3: [lambda k: f"{k + 1}.", lambda k: f"{k + 1}、", lambda k: f"{k + 1}．"],
}
OUTLINE = [("基本情况", ["项目概况", "资金安排", "绩效目标"]), ("绩效目标完成情况", ["产出指标完成情况", "效益指标完成情况", "满意度指标完成情况"]),
           ("存在的问题", ["主要问题", "原因分析"]), ("改进措施和结果应用", ["改进措施", "结果应用"])]
LEAVES = ["数量指标", "质量指标", "时效指标", "成本指标"]


def pl508_heading_numbering(rng: random.Random) -> Built:
    """An outline 一、（一）1. with one heading taking its previous sibling's number."""
    w = Words(rng)
    chapters = rng.randint(3, 4)
    s2 = rng.choice(STYLES[2])
    s3 = rng.choice(STYLES[3])
    prose = w.prose(8)
    headings: list[tuple[int, int, str]] = []  # (level, index among siblings, name)
    for c, (name, subs) in enumerate(OUTLINE[:chapters]):
        headings.append((1, c, name))
        for s, sub in enumerate(subs[:rng.randint(2, len(subs))]):
            headings.append((2, s, sub))
            if c == 1 and s == 0:
                for leaf in range(rng.randint(2, 4)):
                    headings.append((3, leaf, LEAVES[leaf]))
    level = rng.choice([1, 2, 2, 3])
    candidates = [i for i, (lv, k, _) in enumerate(headings) if lv == level and k > 0]
    planted = rng.choice(candidates)
    body_every = rng.random() < 0.5

    def number(lv: int, k: int) -> str:
        return {1: STYLES[1][0], 2: s2, 3: s3}[lv](k)

    def text(defective: bool) -> list[str]:
        lines = title(w, rng_kind)
        p = 0
        for i, (lv, k, name) in enumerate(headings):
            if defective and i == planted:
                lines.append(mark(number(lv, k - 1)) + name)
            else:
                lines.append(number(lv, k) + name)
            if lv == 3 or body_every or i == len(headings) - 1:
                lines.append(prose[p] if p < len(prose) else f"{name}相关工作均按计划完成。")
                p += 1
        return lines

    rng_kind = rng.choice(["transfer-report", "project-report", "dept-report"])
    knobs = {"level": str(level), "style2": s2(1), "style3": s3(1), "body_every": str(body_every),
             "position": str(headings[planted][1] + 1)}
    return text(False), text(True), knobs


def pl404_funds_use_claim(rng: random.Random) -> Built:
    """"资金已全部拨付使用" and later a named part "当年未使用，预算执行率0%"."""
    w = Words(rng)
    dp = rng.choice([0, 2])
    total = amount(rng, 50, 2000, dp)
    part = dec(total * Decimal(str(rng.uniform(0.1, 0.4))), dp)
    claim = rng.choice(["已全部拨付使用", "已全部支出", "已全额支付", "已支付完毕"])
    part_name = w.items[0]
    shape = rng.choice(["qizhong", "named"])
    tail = rng.choice(["，预算执行率0%", "", "，预算执行率0%，主要原因是项目前期工作推进缓慢"])
    unused = rng.choice(["当年未使用", "尚未支付", "未拨付", "rate-only"])
    rate = rng.choice([0, rng.randint(10, 95)])

    def text(defective: bool) -> list[str]:
        claim_line = f"截至{w.year}年12月31日，{w.fund}共计{fmt(total)}万元，{mark(claim) if defective else claim}。"
        if unused == "rate-only":
            stated = f"，预算执行率{rate if defective else 100}%"
        else:
            stated = f"{unused}{tail}" if defective else "当年已全部使用，预算执行率100%"
        if shape == "qizhong":
            later = f"其中{part_name}资金{fmt(part)}万元，{stated}。"
        else:
            later = f"{part_name}资金{fmt(part)}万元{stated}。"
        return narrative(w, [f"{w.year}年{w.region}共收到{w.fund}{fmt(total)}万元。", claim_line], kind="transfer-report",
                         later=[later])

    knobs = {"claim": claim, "shape": shape, "unused": unused, "tail": tail[:8] or "none", "dp": str(dp),
             "rate": str(rate) if unused == "rate-only" else "-"}
    return twins(rng, text, knobs)


def pl405_document_amount(rng: random.Random) -> Built:
    """The same 文号 cited twice with different whole amounts."""
    w = Words(rng)
    prefix, serial = w.doc_number()
    dp = rng.choice([0, 2])
    first = amount(rng, 20, 3000, dp)
    second = first + misstatement(rng, 1, dp, first) * rng.choice([1, -1])
    if second <= 0:
        second = first + misstatement(rng, 1, dp, first)
    bracket = rng.choice(["〔〕", "【】"])
    bracket2 = bracket if rng.random() < 0.7 else "【】" if bracket == "〔〕" else "〔〕"
    wen = rng.choice(["文件", ""])
    repeat_precision = rng.random() < 0.3 and dp == 0
    issuer = rng.choice([f"{w.city}财政局", ""])
    second_form = rng.choice(["plain", "genju", "titled"])

    def number(b: str) -> str:
        return f"{prefix}{b[0]}{w.year}{b[1]}{serial}号"

    def text(defective: bool) -> list[str]:
        one = (f"{issuer}{number(bracket)}{wen}《关于下达{w.year}年{w.fund}的通知》，下达{w.region}"
               f"{w.year}年资金{fmt(first)}万元。")
        if defective:
            figure = mark(fmt(second) + "万元")
        else:
            figure = (fmt(first) + ".00" if repeat_precision else fmt(first)) + "万元"
        two = {
            "plain": f"{number(bracket2)}{wen}下达{w.region}{w.fund_short}{w.items[0]}资金{figure}，已及时拨付项目实施单位。",
            "genju": f"根据{number(bracket2)}{wen}，上级财政下达{w.region}{w.fund_short}{w.items[0]}资金{figure}。",
            "titled": f"{number(bracket2)}{wen}《关于下达{w.year}年{w.fund}的通知》下达{w.region}资金{figure}。",
        }[second_form]
        return narrative(w, [one], kind="transfer-report", later=[two])

    knobs = {"dp": str(dp), "brackets": bracket + bracket2, "wen": wen or "none",
             "clean_other_precision": str(repeat_precision), "issuer": "yes" if issuer else "no",
             "second": second_form}
    return twins(rng, text, knobs)


def pl509_missing_count(rng: random.Random) -> Built:
    """A count's number missing before its measure word: 完成道路改造座."""
    w = Words(rng)
    verb, objects, after, measure = rng.choice(COUNTS)
    obj = rng.choice(objects)
    n = rng.randint(2, 300)
    blank = rng.choice(["", "", "  ", "____"])
    total_word = rng.choice(["", "共", "累计"])
    lead = rng.choice(["保质保量", "全年", "按期", ""])
    follow = rng.choice(["，按时投入使用。" if verb in ("完成", "新建", "建设") else "，完成年度目标任务。", "。",
                         "；其余工作按计划推进。"])

    def text(defective: bool) -> list[str]:
        count = mark(blank + measure) if defective else f"{n}{measure}"
        line = f"{w.year}年，{w.me}{lead}{total_word}{verb}{obj}{after}{count}{follow}"
        return narrative(w, [line])

    knobs = {"measure": measure, "verb": verb + "…" + after, "blank": repr(blank), "total_word": total_word or "none",
             "follow": follow[0]}
    return twins(rng, text, knobs)


@dataclass(frozen=True)
class PlantedClass:
    name: str
    code: str
    severity: str | None
    build: Callable[[random.Random], Built]
    doc: str


CLASSES = [
    PlantedClass("pl101-exceed", "PL101", "error", pl101_exceed, "narrative 其中 list whose parts exceed the total"),
    PlantedClass("pl101-short", "PL101", "warning", pl101_short, "closed 其中 list of ≥3 parts short of the total"),
    PlantedClass("pl110-blocks", "PL110", None, pl110_cross_footing, "combined block part ≠ sum of its blocks' parts"),
    PlantedClass("pl101-block", "PL101", None, pl101_block, "label–value block whose parts exceed its total"),
    PlantedClass("pl103-spaced", "PL103", None, pl103_rate, "spaced funds table with a wrong 执行率"),
    PlantedClass("pl510-spaced", "PL510", None, pl510_missing_rate, "spaced funds table with the 执行率 left out"),
    PlantedClass("pl109-unit", "PL109", None, pl109_money_unit, "a total in 元 whose 万元 parts add up to it"),
    PlantedClass("pl311-note", "PL311", None, pl311_weight_note, "产出指标(N分) against the weight note's 50分"),
    PlantedClass("pl506-year", "PL506", None, pl506_year, "20xx年 left in"),
    PlantedClass("pl506-docno", "PL506", None, pl506_docno, "a 文号 without its serial: 〔2023〕号"),
    PlantedClass("pl506-name", "PL506", None, pl506_name, "XX县 left in"),
    PlantedClass("pl508-numbering", "PL508", None, pl508_heading_numbering, "a heading number repeated"),
    PlantedClass("pl404-claim", "PL404", None, pl404_funds_use_claim, "已全部拨付使用 vs a part 当年未使用"),
    PlantedClass("pl405-docamount", "PL405", None, pl405_document_amount, "one 文号 cited with two amounts"),
    PlantedClass("pl509-count", "PL509", None, pl509_missing_count, "a count's number missing: 完成道路改造座"),
]


# --- generating -----------------------------------------------------------------------------------

def generate(seed: int = 0, count: int = 20, classes: Iterable[str] | None = None) -> list[Case]:
    """`count` cases of each class (all classes, or those named). Each case has its own Random,
    seeded from (seed, class, index): a case does not change when other classes or counts do."""
    wanted = set(classes) if classes is not None else None
    cases = []
    for planted in CLASSES:
        if wanted is not None and planted.name not in wanted:
            continue
        for index in range(count):
            rng = random.Random(f"{seed}:{planted.name}:{index}")
            clean_lines, defective_lines, knobs = planted.build(rng)
            clean, _, _, _ = finish(clean_lines)
            defective, anchor, at, also = finish(defective_lines)
            if at < 0 or not anchor:
                raise AssertionError(f"{planted.name} {index}: no planted place marked")
            if clean == defective:
                raise AssertionError(f"{planted.name} {index}: the defective twin is the clean one")
            codes = tuple(knobs.get("accepts", planted.code).split("/"))
            cases.append(Case(f"{planted.name}-{index:04d}", planted.name, planted.code, clean, defective,
                              anchor, at, planted.severity, knobs, codes, also))
    return cases


# --- scoring --------------------------------------------------------------------------------------

SLACK = 2


def _offsets(finding, text: str) -> tuple[int, int] | None:
    span = finding.span
    if span is None:
        return None
    if span.offset is not None and span.end_offset is not None:
        return span.offset, span.end_offset
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    start = starts[span.line - 1] + span.column - 1
    return start, start + len(span.quote)


def lands(finding, case: Case, places: list[tuple[int, int]] | None = None) -> bool:
    """The finding is the planted defect's: its code (one of the case's codes), its severity when
    the class names one, and a primary span that overlaps the planted substring widened by SLACK
    characters each side (or one of `places`, given as (offset, length))."""
    if finding.code not in (case.codes or (case.code,)) or (case.severity and finding.severity != case.severity):
        return False
    where = _offsets(finding, case.defective)
    if where is None:
        return False
    start, end = where
    return any(start < at + length + SLACK and end > at - SLACK
               for at, length in (places if places is not None else [(case.at, len(case.anchor))]))


def stray(finding, case: Case) -> bool:
    """A finding of the case's codes on its defective twin that is neither at the planted place
    nor at a second place the same defect shows."""
    if finding.code not in (case.codes or (case.code,)):
        return False
    return not lands(finding, replace(case, severity=None), [(case.at, len(case.anchor)), *case.also])


@dataclass
class Outcome:
    case: Case
    caught: bool
    defective: list = field(default_factory=list)  #: findings on the defective twin
    clean: list = field(default_factory=list)  #: findings on the clean twin


def registered_codes() -> set[str]:
    from perflint.testing import prepared

    return set(prepared()[0].rules)


def corpus_codes(host) -> set[str]:
    from perflint.rules.base import CorpusRule

    return {code for code, registered in host.rules.items() if issubclass(registered.rule, CorpusRule)}


def write_cases(cases: list[Case], folder: Path) -> list[Path]:
    """Write both twins of every case under `folder` (`<id>.defective.txt`, `<id>.clean.txt`)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in cases:
        for twin, text in (("defective", case.defective), ("clean", case.clean)):
            path = folder / f"{case.id}.{twin}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def collect(cases: list[Case], folder: Path, files) -> list[Outcome]:
    """Each case's findings on its two twins, from a run's `FileResult`s, and whether it was caught."""
    by_path = {r.path.resolve(): r.findings for r in files}
    outcomes = []
    for case in cases:
        defective = by_path.get((folder / f"{case.id}.defective.txt").resolve(), [])
        clean = by_path.get((folder / f"{case.id}.clean.txt").resolve(), [])
        outcomes.append(Outcome(case, any(lands(f, case) for f in defective), defective, clean))
    return outcomes


def lint_cases(cases: list[Case], folder: Path, jobs: int = 1) -> list[Outcome]:
    """Write both twins of every case under `folder` and lint them in one run, every rule but the
    corpus rules selected."""
    from perflint.config import Config
    from perflint.runner import run
    from perflint.testing import prepared

    paths = write_cases(cases, folder)
    host, base = prepared()
    config = Config(select=["ALL"], ignore=list(base.ignore), lang="zh", rule_options=dict(base.rule_options),
                    severities=dict(base.severities), ruleset=base.ruleset)
    # corpus rules (paragraphs shared between reports) are left out: every case's two twins are
    # the same text but for the planted place, and all cases draw their prose from one pool
    config.ignore += sorted(corpus_codes(host))
    return collect(cases, folder, run(paths, host, config, jobs=jobs).files)


@dataclass
class ClassScore:
    name: str
    code: str
    planted: int = 0
    caught: int = 0
    stray: int = 0  #: findings of the code on the defective twin away from the planted place
    clean: int = 0  #: findings of any code under test on the clean twins
    skipped: str = ""

    @property
    def recall(self) -> float:
        return self.caught / self.planted if self.planted else 0.0


def score(outcomes: list[Outcome], codes_under_test: set[str]) -> dict[str, ClassScore]:
    scores = {c.name: ClassScore(c.name, c.code) for c in CLASSES}
    for outcome in outcomes:
        s = scores[outcome.case.cls]
        s.planted += 1
        s.caught += outcome.caught
        s.stray += sum(1 for f in outcome.defective if stray(f, outcome.case))
        s.clean += sum(1 for f in outcome.clean if f.code in codes_under_test)
    return scores


def _describe(finding) -> str:
    span = finding.span
    where = f"{span.line}:{span.column} “{span.quote}”" if span else "-"
    return f"{finding.code} {finding.severity} {where} {finding.message}"


def report(outcomes: list[Outcome], scores: dict[str, ClassScore], codes_under_test: set[str], verbose: bool,
           out=sys.stdout) -> tuple[int, int, int]:
    def say(text: str = "") -> None:
        print(text, file=out)

    say(f"{'class':<18} {'code':<6} {'caught':>9} {'recall':>7} {'stray':>6} {'clean':>6}  what is planted")
    total_planted = total_caught = total_clean = 0
    docs = {c.name: c.doc for c in CLASSES}
    for s in scores.values():
        if s.skipped:
            say(f"{s.name:<18} {s.code:<6} {'skipped':>9}  ({s.skipped})")
            continue
        if not s.planted:
            continue
        total_planted += s.planted
        total_caught += s.caught
        total_clean += s.clean
        say(f"{s.name:<18} {s.code:<6} {s.caught:>4}/{s.planted:<4} {s.recall:>7.3f} {s.stray:>6} {s.clean:>6}  {docs[s.name]}")
    others = Counter(f.code for o in outcomes for f in o.clean if f.code not in codes_under_test)
    if others:
        say("other rules' findings on the clean texts: " + ", ".join(f"{c} {n}" for c, n in sorted(others.items())))
    else:
        say("other rules' findings on the clean texts: none")
    # misses by variant: for each knob, the values whose cases were missed (and how often)
    for s in scores.values():
        missed = [o for o in outcomes if o.case.cls == s.name and not o.caught]
        if not missed:
            continue
        mine = [o for o in outcomes if o.case.cls == s.name]
        say(f"\n{s.name}: {len(missed)} missed; knob values among the misses (missed/all with that value):")
        for knob in dict.fromkeys(k for o in mine for k in o.case.knobs):
            values = Counter(o.case.knobs.get(knob, "-") for o in missed)
            every = Counter(o.case.knobs.get(knob, "-") for o in mine)
            shown = ", ".join(f"{v}: {n}/{every[v]}" for v, n in values.most_common())
            say(f"  {knob}: {shown}")
        if verbose:
            for o in missed:
                say(f"\n--- missed {o.case.id} (planted “{o.case.anchor}” at offset {o.case.at}) knobs {o.case.knobs}")
                say(o.case.defective.rstrip("\n"))
                for f in o.defective:
                    say(f"    found: {_describe(f)}")
    if verbose:
        for o in outcomes:
            bad = [f for f in o.clean if f.code in codes_under_test]
            if bad:
                say(f"\n--- findings on clean twin of {o.case.id}")
                say(o.case.clean.rstrip("\n"))
                for f in bad:
                    say(f"    found: {_describe(f)}")
    return total_caught, total_planted, total_clean


def evaluate(seed: int, count: int, folder: Path, jobs: int = 1, only: Iterable[str] | None = None
             ) -> tuple[list[Outcome], dict[str, ClassScore], set[str]]:
    """Generate, lint and score; classes whose rule is not registered are skipped (not failed)."""
    available = registered_codes()
    wanted = [c for c in CLASSES if only is None or c.name in set(only)]
    runnable = [c.name for c in wanted if c.code in available]
    cases = generate(seed, count, runnable)
    outcomes = lint_cases(cases, folder, jobs)
    codes_under_test = {c.code for c in wanted if c.code in available} | {code for case in cases for code in case.codes}
    scores = score(outcomes, codes_under_test)
    for c in CLASSES:
        if c not in wanted:
            del scores[c.name]
        elif c.code not in available:
            scores[c.name].skipped = f"rule {c.code} is not registered"
    return outcomes, scores, codes_under_test


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=40, help="cases per class (default 40)")
    parser.add_argument("--out", type=Path, default=None, help="write the texts and manifest.json here "
                        "(default: a temporary folder, removed afterwards)")
    parser.add_argument("--jobs", type=int, default=1, help="processes perflint lints with (default 1)")
    parser.add_argument("--only", default=None, help="comma-separated class names")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every missed text with its findings")
    args = parser.parse_args(argv)
    only = [x.strip() for x in args.only.split(",")] if args.only else None
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.out or Path(scratch)
        outcomes, scores, codes_under_test = evaluate(args.seed, args.count, folder, args.jobs, only)
        if args.out:
            manifest = [{**asdict(o.case), "caught": o.caught} for o in outcomes]
            (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"seed {args.seed}, {args.count} cases per class, {len(outcomes) * 2} texts, "
          f"{time.monotonic() - started:.1f} s")
    caught, planted, clean = report(outcomes, scores, codes_under_test, args.verbose)
    rate = caught / planted if planted else 0.0
    print(f"planted recall {caught}/{planted} = {rate:.3f}, findings on clean texts {clean}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write a synthetic corpus of 部门整体支出绩效自评报告 with known shared paragraphs.

    python bench/make_corpus.py OUT -n 10000 [--seed 1] [--formats yaml,txt] [--pool N]

Each report is one budget unit's self-evaluation, laid out like one of the two narrative seed
reports (layout A: the 2022 Nanchang 事务服务中心 report, headings without numbering; layout B: the
2021 经开区分局 report, numbered 一、（一）1、（1）). Its figures are random but consistent (parts add
up to totals, rates and shares are computed and rounded half-up), its unit, region, year,
self-reference (我局 / 我中心 / 本单位 …), work items and named projects are its own.

Paragraphs of the kinds that circulate between units (预算绩效管理开展情况, 存在问题, 改进措施,
结果应用和公开, 总体目标, 履职效果) are either written for the report or *planted* from a shared
pool: boilerplate paragraphs seen in the seed reports plus generated ones. Every planted copy is
adapted to its report (unit name, self-reference, year, figures) and often perturbed the way
copies are in practice (a synonym, a dropped or added clause, other punctuation, list numbering),
and a few reports get *near misses* (a pool paragraph's opening with a different continuation),
which must not count as shared. The layout-A opening that cites the governing documents is
planted in every layout-A report as *prescribed* text.

Written:
    OUT/yaml/uNNNNN.yaml    the normalized report (perflint's YAML format)
    OUT/txt/uNNNNN.txt      the same report as raw text, in its layout
    OUT/manifest.json       ground truth: every planted or near-miss paragraph, exactly as written,
                            with its pool id, edits, and whether its pool item is shared by ≥ 2 units

Everything the generator needs is embedded below: it does not read the seeds at run time.
"""

# ruff: noqa: E501  (embedded Chinese text: sentences are kept whole so they can be read and grepped)

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

# --- embedded material --------------------------------------------------------------------------

REGIONS = {
    "南昌市": ["东湖区", "西湖区", "青云谱区", "青山湖区", "新建区", "红谷滩区", "南昌县", "进贤县", "安义县"],
    "九江市": ["浔阳区", "濂溪区", "柴桑区", "武宁县", "修水县", "永修县", "德安县", "都昌县", "湖口县", "彭泽县"],
    "景德镇市": ["昌江区", "珠山区", "浮梁县", "乐平市"],
    "萍乡市": ["安源区", "湘东区", "莲花县", "上栗县", "芦溪县"],
    "新余市": ["渝水区", "分宜县"],
    "鹰潭市": ["月湖区", "余江区", "贵溪市"],
    "赣州市": ["章贡区", "南康区", "赣县区", "信丰县", "大余县", "上犹县", "崇义县", "安远县", "定南县", "全南县",
             "宁都县", "于都县", "兴国县", "会昌县", "寻乌县", "石城县", "瑞金市", "龙南市"],
    "吉安市": ["吉州区", "青原区", "吉安县", "吉水县", "峡江县", "新干县", "永丰县", "泰和县", "遂川县", "万安县",
             "安福县", "永新县", "井冈山市"],
    "宜春市": ["袁州区", "奉新县", "万载县", "上高县", "宜丰县", "靖安县", "铜鼓县", "丰城市", "樟树市", "高安市"],
    "抚州市": ["临川区", "东乡区", "南城县", "黎川县", "南丰县", "崇仁县", "乐安县", "宜黄县", "金溪县", "资溪县",
             "广昌县"],
    "上饶市": ["信州区", "广丰区", "广信区", "玉山县", "铅山县", "横峰县", "弋阳县", "余干县", "鄱阳县", "万年县",
             "婺源县", "德兴市"],
}
#: (agency, self-references it uses, what it is)
AGENCIES = [
    ("自然资源局", ("我局", "本局"), "行政单位"), ("教育体育局", ("我局", "本局"), "行政单位"),
    ("卫生健康委员会", ("我委", "本委"), "行政单位"), ("农业农村局", ("我局", "本局"), "行政单位"),
    ("水利局", ("我局", "本局"), "行政单位"), ("城市管理局", ("我局", "本局"), "行政单位"),
    ("住房和城乡建设局", ("我局", "本局"), "行政单位"), ("交通运输局", ("我局", "本局"), "行政单位"),
    ("市场监督管理局", ("我局", "本局"), "行政单位"), ("医疗保障局", ("我局", "本局"), "行政单位"),
    ("民政局", ("我局", "本局"), "行政单位"), ("司法局", ("我局", "本局"), "行政单位"),
    ("应急管理局", ("我局", "本局"), "行政单位"), ("统计局", ("我局", "本局"), "行政单位"),
    ("审计局", ("我局", "本局"), "行政单位"), ("文化广电新闻出版旅游局", ("我局", "本局"), "行政单位"),
    ("退役军人事务局", ("我局", "本局"), "行政单位"), ("人力资源和社会保障局", ("我局", "本局"), "行政单位"),
    ("林业局", ("我局", "本局"), "行政单位"), ("商务局", ("我局", "本局"), "行政单位"),
    ("科学技术局", ("我局", "本局"), "行政单位"), ("政务服务数据管理局", ("我局", "本局"), "行政单位"),
    ("公共资源交易中心", ("我中心", "本中心"), "全额拨款事业单位"),
    ("不动产登记中心", ("我中心", "本中心"), "全额拨款事业单位"),
    ("疾病预防控制中心", ("我中心", "本中心"), "全额拨款事业单位"),
    ("自然资源和规划事务服务中心", ("我中心", "本中心"), "全额拨款事业单位"),
    ("城市建设档案馆", ("我馆", "本馆"), "全额拨款事业单位"), ("图书馆", ("我馆", "本馆"), "全额拨款事业单位"),
    ("博物馆", ("我馆", "本馆"), "全额拨款事业单位"), ("档案馆", ("我馆", "本馆"), "全额拨款事业单位"),
    ("农业技术推广中心", ("我中心", "本中心"), "全额拨款事业单位"),
    ("水利工程管理站", ("我站", "本站"), "全额拨款事业单位"),
    ("城市管理综合执法大队", ("我队", "本队"), "参照公务员法管理事业单位"),
    ("市场监管综合行政执法大队", ("我队", "本队"), "参照公务员法管理事业单位"),
    ("社会保险事业管理中心", ("我中心", "本中心"), "全额拨款事业单位"),
    ("融媒体中心", ("我中心", "本中心"), "差额拨款事业单位"),
    ("机关事务管理中心", ("我中心", "本中心"), "全额拨款事业单位"),
    ("就业创业服务中心", ("我中心", "本中心"), "全额拨款事业单位"),
    ("林业科学研究所", ("我所", "本所"), "全额拨款事业单位"), ("人民医院", ("我院", "本院"), "差额拨款事业单位"),
    ("妇幼保健院", ("我院", "本院"), "差额拨款事业单位"), ("第一中学", ("我校", "本校"), "全额拨款事业单位"),
    ("实验小学", ("我校", "本校"), "全额拨款事业单位"), ("职业技术学校", ("我校", "本校"), "全额拨款事业单位"),
]
SUFFIXES = ["", "机关服务中心", "信息中心", "综合保障中心", "事务服务中心"]

#: Boilerplate seen in the seed reports, with the unit-specific words as slots.
SEED_POOL = [
    ("management", "合理设置预算绩效管理目标。{self}按照{level}财政绩效相关管理要求，结合部门职责和当年工作任务，确定当年部门预算绩效管理目标，优化绩效指标体系和设置绩效评价标准。"),
    ("management", "定期开展预算绩效执行分析。结合设定的绩效管理目标，加强对预算绩效执行日常管理和监控，并定期对执行信息进行收集、审核、分析；分析偏离绩效目标的原因，并及时采取纠偏措施。"),
    ("management", "高度重视预算绩效管理自评工作。在年度终了或项目完成时，按照“查问题、找原因”的思路，开展预算绩效管理自评工作，对照设定的绩效管理目标和评价标准，找出{self}在当前预算绩效管理工作中存在的不足和问题。"),
    ("management", "充分利用预算绩效管理评价结果。根据预算绩效评价中找出的问题和原因，进行整改，同时，将评价结果作为次年预算编制的依据，从而进一步提升{self}预算绩效管理水平。"),
    ("management", "建章立制。结合实际，制定出台预算绩效管理工作制度，规范预算绩效指标体系建设、跟踪监控、绩效评价、评价结果运用等工作流程，为预算绩效管理提供制度保障。"),
    ("management", "加强预算绩效目标管理。绩效目标是实施预算绩效管理的基础和前提，是开展预算绩效管理工作的首要环节。"),
    ("management", "开展绩效运行跟踪全过程监控。将财政监督预算绩效运行工作融入日常预算管理工作之中，充分发挥财政监控职能和国库资金拨付监管作用，建立起以财政监督检查为手段、以规范约束绩效运行为目的跟踪监控机制。"),
    ("management", "认真组织财政支出绩效评价工作。在近几年财政支出绩效评价工作的基础上，认真总结经验，进一步完善制度设计，规范评价流程。"),
    ("problem", "在传统管理理念的约束下{self}仍将预算编制作为预算管理工作开展的重点内容，而未能注重到实际支出与预算存在较大的差距。"),
    ("problem", "{self}现阶段的整体支出绩效评价指标还存在笼统不清晰的现象，指标具体化还有待提高。"),
    ("problem", "预算编制和实际执行存在差异，不仅损害预算的严肃性，而且给预算绩效评价带来困难。"),
    ("problem", "效益指标设置过于笼统。在整体支出社会效益指标中多为定性指标，无明确的定量分析，使得在绩效自评中难度较大，说服力不够。"),
    ("measure", "针对部门整体支出绩效评价工作中存在的问题，应在坚持“提高认识、强化管理、科学设定、注重实效”的基础上，通过把握以下几个方面的要求，提高部门整体支出绩效评价的质量。"),
    ("measure", "强化部门预算约束，细化预算编制，严格预算执行，合理制定项目方案和计划，减少预算执行中的项目预算调整和结余，平衡好预算执行进度，提高财政资金使用效率和效益；加强预算项目事前、事中、事后管控，做到事前有评估、事中有监控、事后有评价，并且按预期绩效目标完成程度考核项目实施效果。"),
    ("measure", "科学考核，注重实效：建立科学合理的项目预算效果考核机制，依据预设的绩效数量、质量指标全面衡量预算实施效果，既重“绩”，更重“效”，注重服务对象满意度调查工作，根据部门职责明确服务对象、确定调查范围，采取适当方式全面收集服务对象满意度资料，反映部门服务效果。"),
    ("disclosure", "{self}高度重视绩效自评结果的应用，将根据绩效评价结果认真进行改进，提高工作能力，促进可持续发展。同时将绩效评价结果向同级政府报告，为政府决策提供依据，建立绩效问责机制，对绩效评价中发现的违法、违纪问题由有关方面按程序进行严肃查处。"),
    ("disclosure", "单位建立了与部门预算相结合的结果应用机制，采取预期绩效目标申报制度，强化评价结果在部门预算编制和执行中的应用，实现绩效评价与部门预算的有机结合，促进财政资金的合理分配与有效使用。同时将评价结果按照政府信息公开的方式进行公开，加强社会公众对财政资金使用效益的监督。"),
    ("disclosure", "针对绩效自评中存在的绩效指标等问题，{self}以问题为导向和契机，进行整改的同时提高预算管理水平。并按照{city}财政局和上级主管部门统一安排部署进行公开。"),
    ("goal", "围绕{level}委{level}政府中心工作，建设人民满意的服务型政府为目标，坚持把人民群众的小事当作自己的大事，从人民群众关心的事情做起，从让人民群众满意的事情做起，用新措施推动各项工作新发展，把有限的经费用在为民服务工作中，实现资金使用效益的最大化。"),
    ("execution", "{self}始终严格执行国家有关法律、法规和财务制度，厉行节约，杜绝浪费，量入为出，注重资金使用效益，各项业务活动实行预算管理，根据活动需要，合理编制预算计划。"),
]
OPENING = ("为贯彻落实《中共{city}委 {city}人民政府关于全面实施预算绩效管理的实施意见》（洪发[2019]13号）及"
           "《{city}财政项目支出绩效评价管理办法》（洪财办[2020]44号）有关规定，进一步规范财政支出预算管理，提高财政资金"
           "使用效益，根据《{city}财政局关于开展{next}年度单位自评及部门评价工作的通知》（洪财办[{after}]1号）要求，"
           "{unit}进行了{year}年度部门整体支出绩效自评，现将绩效自评情况汇报如下：")

#: Clauses of the kind template paragraphs are made of, by section kind.
CLAUSES = {
    "management": [
        "结合部门职责和年度工作计划", "科学设置绩效目标和绩效指标", "建立健全预算绩效管理制度", "明确绩效管理责任分工",
        "将绩效理念融入预算编制全过程", "加强绩效目标审核", "做到绩效目标与预算同步申报", "开展绩效运行监控",
        "按月分析预算执行进度", "及时纠正执行偏差", "认真开展绩效自评", "如实填报绩效自评表", "组织业务科室对照指标逐项自查",
        "将评价结果作为安排预算的重要依据", "推动评价结果与预算安排挂钩", "主动公开绩效信息", "接受社会监督",
        "加强财务人员业务培训", "提高绩效管理水平", "完善内部控制制度", "规范资金支付审批流程", "严格执行政府采购制度",
        "做好项目库管理", "细化项目支出预算", "压减一般性支出", "严控“三公”经费", "强化资产管理",
        "定期清查盘点固定资产", "落实预算绩效管理主体责任", "形成全过程预算绩效管理链条",
    ],
    "problem": [
        "绩效目标设置不够细化量化", "部分指标难以衡量", "绩效意识有待增强", "预算编制的精准度不够高",
        "项目前期论证不够充分", "年中追加调整较多", "执行进度前慢后快", "绩效监控流于形式", "自评工作不够深入",
        "佐证资料收集不够完整", "专业人员配备不足", "业务与财务衔接不够紧密", "评价结果运用不够充分",
        "资金使用效益有待提高", "部分项目支出进度滞后", "信息化管理手段不足", "对绩效指标的理解存在偏差",
        "满意度调查覆盖面不广", "社会效益指标多为定性描述", "成本控制意识有待加强",
    ],
    "measure": [
        "进一步提高预算编制的科学性和准确性", "细化量化绩效目标", "加强项目前期论证", "严格控制预算调整",
        "加快预算执行进度", "强化绩效运行监控", "定期通报执行情况", "加强绩效管理业务培训", "提升财务人员业务能力",
        "完善绩效评价指标体系", "扩大满意度调查覆盖面", "做好佐证资料的收集整理", "推动业务与财务深度融合",
        "强化评价结果应用", "建立问题整改台账", "落实整改责任", "加强信息化建设", "提高资金使用效益",
        "加强与财政部门的沟通协调", "健全内部控制制度",
    ],
    "disclosure": [
        "将自评结果在单位门户网站公开", "随部门决算一并公开", "接受社会公众监督", "将评价结果作为下年度预算安排的依据",
        "对发现的问题及时整改", "向主管部门报送自评报告", "建立评价结果反馈机制", "强化绩效问责",
    ],
    "goal": [
        "紧紧围绕中心工作", "全面履行部门职责", "保障机构正常运转", "提高公共服务水平", "推动各项重点工作落实",
        "确保各项任务按期完成", "提升群众满意度", "加强干部队伍建设", "优化营商环境", "服务经济社会高质量发展",
    ],
    "effect": [
        "有效提升了服务效率", "群众办事更加便捷", "保障了各项工作有序开展", "促进了经济社会发展",
        "社会效益明显", "得到了上级部门的肯定", "群众获得感进一步增强", "为辖区发展提供了有力保障",
        "推动了行业规范发展", "营造了良好的社会氛围",
    ],
}
SYNONYMS = [("提高", "提升"), ("加强", "强化"), ("进一步", ""), ("认真", ""), ("完善", "健全"), ("及时", "按时"),
            ("开展", "组织开展"), ("切实", ""), ("有效", ""), ("科学", "合理")]
DUTIES = [
    "负责本系统预算编制和财务管理工作", "负责辖区内行政审批服务事项的受理和办理", "负责相关政策法规的宣传贯彻",
    "负责档案的收集、整理、保管和利用", "负责信息化平台的建设、运行和维护", "负责行业安全生产的监督管理",
    "负责有关统计数据的采集和分析", "负责公共服务设施的运营管理", "负责辖区执法检查和投诉处理",
    "负责上级交办的其他事项", "负责干部职工的教育培训", "负责重点项目的协调推进", "负责专项资金的管理和使用",
    "负责群众来信来访的办理", "负责应急处置和保障工作",
]
OWN_VERBS = ["推进", "完成", "启动", "实施", "督办", "整治", "新建", "改造", "验收", "排查", "清理", "走访", "修缮", "调研",
             "招标", "移交", "复核", "巡查", "补办", "挂牌", "签约", "核定"]
OWN_OBJECTS = ["社区服务站", "排涝泵站", "档案库房", "沿街立面", "背街小巷", "农贸市场", "污水管网", "公共厕所", "停车场",
               "健身步道", "便民服务点", "学校食堂", "卫生院", "村级组织活动场所", "防汛物资仓库", "电子证照库",
               "窗口服务台", "不动产档案", "测绘成果", "界桩", "闲置土地", "危旧房屋", "供水管网", "路灯线路",
               "消防通道", "河道岸线", "农村公路", "小型水库", "监测站点", "视频监控点位"]
OWN_RESULTS = ["全部交付使用", "通过竣工验收", "完成整改销号", "纳入常态化管理", "实现动态清零", "提前投入运行",
               "完成确权登记", "移交属地管理", "完成招标挂网", "办结群众诉求"]
DUTY_VERBS = ["组织实施", "日常管理", "监督检查", "统筹协调", "运行维护", "规划编制", "资金管理", "宣传推广",
              "业务指导", "验收考核"]
#: Output indicators: (name, unit, low, high)
ITEMS = [
    ("档案接收数量", "份", 5000, 90000), ("档案查询次数", "次", 1000, 900000), ("审批服务事项办理量", "件", 2000, 300000),
    ("执法检查次数", "次", 20, 900), ("培训人次", "人次", 50, 5000), ("巡查里程", "公里", 100, 9000),
    ("新增就业人数", "人", 100, 9000), ("补充耕地面积", "亩", 100, 9000), ("造林面积", "亩", 100, 20000),
    ("道路养护里程", "公里", 10, 900), ("接诊人次", "人次", 1000, 200000), ("疫苗接种人次", "人次", 1000, 90000),
    ("举办活动场次", "场", 5, 300), ("发放宣传资料", "份", 500, 50000), ("设备巡检次数", "次", 8, 400),
    ("数据处理量", "条", 500, 90000), ("受理投诉件数", "件", 50, 5000), ("监测点位数", "个", 5, 300),
    ("慰问对象户数", "户", 50, 3000), ("图书借阅量", "册", 1000, 90000),
]
QUALITY = ["档案归档准确率", "事项办结率", "设备运行正常率", "检查覆盖率", "资料完整率", "数据准确率", "验收合格率",
           "投诉办结率", "服务达标率", "系统运行正确率"]
TOPICS = ["数字档案馆建设", "智慧政务平台", "高标准农田建设", "城区道路提升改造", "农村人居环境整治", "老旧小区改造",
          "全民健身中心", "应急物资储备库", "便民服务中心提升", "河道综合治理", "水土保持", "林业有害生物防治",
          "基层医疗能力提升", "校园安全改造", "公共文化服务", "不动产登记信息化", "地质灾害防治", "城乡供水一体化"]
DOCS = ["预算绩效管理暂行办法", "内部控制制度", "财务管理制度", "项目资金管理办法", "绩效目标管理细则", "政府采购内部管理规定"]
PLACE_CHARS = ("东西南北中青山湖江河桥港湾田园林泉溪峰岭洲坪塘源坑口头上下新老龙凤鹤云霞星月梅兰竹菊松柏杨柳桃李春夏"
               "秋冬金银铜铁石玉珠光明安平康宁丰盛兴旺富华荣昌隆泰和顺德仁义礼智信忠孝文武英雄红黄蓝白紫绿黛翠沙洋")


# --- figures ------------------------------------------------------------------------------------

def money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2))).quantize(Decimal("0.01"))


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text and text.endswith(".00") else text


# --- the generator ------------------------------------------------------------------------------

def _trigrams(text: str) -> set[str]:
    core = "".join(ch for ch in text if ch.isalnum())
    return {core[i:i + 3] for i in range(max(1, len(core) - 2))}


@dataclass
class PoolItem:
    id: str
    kind: str
    template: str  #: with {self} {unit} {year} {level} {city} slots
    origin: str  #: "seed" or "generated"


@dataclass
class Planted:
    text: str
    pool: str
    kind: str  #: "shared" (a copy of a pool item), "near-miss" or "prescribed"
    edits: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    level: int
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class GeneratedReport:
    id: str
    unit: str
    layout: str
    year: int
    title: str
    sections: list[Section]
    planted: list[Planted]
    yaml_extra: dict


class CorpusGenerator:
    """Generates reports one at a time from a seeded random source (same seed, same corpus)."""

    def __init__(self, n: int, seed: int = 1, pool_size: int | None = None) -> None:
        self.n = n
        self.seed = seed
        self.rng = random.Random(seed)
        self.units = self._units(n)
        self.width = max(5, len(str(n - 1)))  # report ids sort in order
        self.pool = self._pool(pool_size or max(40, n // 25))
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.pool))]
        self.rng.shuffle(weights)
        # seed boilerplate is the most copied
        self.weights = [w * (4.0 if item.origin == "seed" else 1.0) for w, item in zip(weights, self.pool, strict=True)]
        self.used: set[int] = set()  # pool items already planted in the report being generated
        self.by_kind: dict[str, list[int]] = {}
        for index, item in enumerate(self.pool):
            self.by_kind.setdefault(item.kind, []).append(index)

    # -- units and pool --

    def _units(self, n: int) -> list[tuple[str, str, str, str, str]]:
        """(unit name, city, county or '', self-reference, unit type) for n units: distinct ones,
        and beyond the distinct units there are, the same units again (another year's reports,
        as a province's corpus over several years has them), at most five rounds."""
        combos = []
        for city, counties in REGIONS.items():
            for county in ["", *counties]:
                for agency_index in range(len(AGENCIES)):
                    for suffix in SUFFIXES:
                        combos.append((city, county, agency_index, suffix))
        rounds = -(-n // len(combos))
        if rounds > 5:
            raise SystemExit(f"at most {5 * len(combos)} reports (five of each of {len(combos)} units)")
        chosen = [c for _ in range(rounds) for c in self.rng.sample(combos, len(combos))][:n]
        units = []
        for city, county, agency_index, suffix in chosen:
            agency, selves, kind = AGENCIES[agency_index]
            name = f"{city}{county}{agency}{suffix}"
            if suffix:
                selves, kind = (("我中心", "本中心"), "全额拨款事业单位")
            units.append((name, city, county, self.rng.choice(selves), kind))
        return units

    def _pool(self, size: int) -> list[PoolItem]:
        items = [PoolItem(f"seed-{i + 1}", kind, text, "seed") for i, (kind, text) in enumerate(SEED_POOL)]
        kinds = ["management", "problem", "measure", "disclosure", "goal", "effect"]
        shares = [0.3, 0.2, 0.2, 0.1, 0.1, 0.1]
        grams = [_trigrams(item.template) for item in items]
        while len(items) < size:
            kind = self.rng.choices(kinds, shares)[0]
            clauses = self.rng.sample(CLAUSES[kind], k=min(len(CLAUSES[kind]), self.rng.randint(4, 7)))
            lead = self.rng.choice(["{self}", "{self}始终", "近年来，{self}", "", "为此，{self}"])
            text = (lead + "，".join(clauses) + "。").replace("，，", "，")
            # templates are paragraphs, not slogans; and distinct templates must be distinct
            # paragraphs (the ground truth depends on it): redraw a short one, or one that
            # shares too much with an earlier template
            mine = _trigrams(text)
            if len(text) < 40 or any(len(mine & other) / len(mine | other) > 0.4 for other in grams):
                continue
            grams.append(mine)
            items.append(PoolItem(f"gen-{len(items) + 1}", kind, text, "generated"))
        return items

    # -- text pieces --

    def own_clause(self) -> str:
        rng = self.rng
        place = self.place()
        return rng.choice([
            f"{rng.choice(OWN_VERBS)}{place}{rng.choice(OWN_OBJECTS)}",
            f"{place}{rng.choice(OWN_OBJECTS)}{rng.choice(OWN_RESULTS)}",
            f"{rng.choice(OWN_VERBS)}{place}{rng.choice(TOPICS)}{rng.randint(2, 90)}处",
        ])

    def place(self) -> str:
        return "".join(self.rng.choices(PLACE_CHARS, k=self.rng.randint(2, 3)))

    def project(self) -> str:
        return f"“{self.place()}{self.rng.choice(TOPICS)}”项目"

    def unique(self, kind: str, ctx: dict) -> str:
        """A paragraph written for this unit: its own projects, places, figures and wording."""
        rng = self.rng
        # the unit's own work, in its own words: every clause names a place, a work item or a figure
        # of this unit; at most one stock clause of the section's kind, as real reports do
        bank = CLAUSES[kind if kind in CLAUSES else "effect"]
        clauses = [self.own_clause() for _ in range(rng.randint(2, 3))]
        if rng.random() < 0.5:
            clauses.insert(rng.randrange(len(clauses) + 1), rng.choice(bank))
        rest = "，".join(clauses)
        project, place, year, me = self.project(), self.place(), ctx["year"], ctx["self"]
        item, unit, low, high = rng.choice(ITEMS)
        n = rng.randint(low, high)
        topic = rng.choice(TOPICS)
        variant = rng.randrange(3)
        if kind == "problem":
            quality, rate = rng.choice(QUALITY), rng.randint(60, 95)
            cause = rng.choice(["征地拆迁", "设计变更", "招标延期", "资金拨付滞后", "人员调整", "疫情影响", "政策调整"])
            return [
                f"{project}的{quality}仅为{rate}%，低于年度指标值{min(100, rate + rng.randint(3, 20))}%，主要原因是"
                f"{place}片区{cause}影响了进度，{rest}。",
                f"{item}全年完成{n}{unit}，未达到年度目标，{place}{topic}因{cause}推迟实施，{rest}。",
                f"{me}在{project}实施中{rest}，其中{place}段{cause}造成工期延误{rng.randint(10, 120)}天。",
            ][variant]
        if kind == "measure":
            action = rng.choice(["整改方案", "专项检查", "台账清理", "制度修订", "督导检查", "业务培训"])
            return [
                f"针对{project}{item}未达预期的问题，{me}将于{year + 1}年{rng.randint(3, 10)}月底前完成{place}"
                f"{action}，{rest}，确保{item}达到{n}{unit}以上。",
                f"{year + 1}年{me}将围绕{place}{topic}{rest}，计划开展{action}{rng.randint(2, 12)}次。",
                f"下一步，{me}将把{project}列为重点，{rest}，力争{item}突破{n}{unit}。",
            ][variant]
        if kind == "management":
            doc = rng.choice(DOCS)
            return [
                f"{year}年，{me}修订了《{place}{doc}》，组织绩效管理培训{rng.randint(2, 12)}次、参训"
                f"{rng.randint(20, 300)}人次，对{project}开展了{rng.randint(2, 6)}轮绩效运行监控，{rest}。",
                f"{me}制定《{place}{doc}》，{rest}，全年对{project}等{rng.randint(2, 9)}个项目开展绩效运行监控。",
                f"在{project}管理中，{me}{rest}，并委托{place}会计师事务所开展了绩效评价。",
            ][variant]
        if kind == "disclosure":
            return [
                f"{me}已于{year + 1}年{rng.randint(3, 9)}月{rng.randint(1, 28)}日在{place}政务公开栏和门户网站公开本报告，"
                f"并将{project}的评价结果作为{year + 2}年度预算安排的依据，{rest}。",
                f"本报告经{place}{topic}领导小组审议后公开，{rest}。",
                f"{project}自评结果将在{year + 1}年预算编制中使用，{rest}。",
            ][variant]
        if kind == "goal":
            return [
                f"以{project}为抓手，{rest}，全年完成{item}{n}{unit}，推动{place}片区{topic}取得实效。",
                f"{me}年度总体目标是{rest}，重点推进{project}和{place}{topic}。",
                f"围绕{place}{topic}，{rest}，确保{item}不少于{n}{unit}。",
            ][variant]
        return [
            f"通过实施{project}，{item}达到{n}{unit}，较上年增长{rng.randint(2, 40)}%，{place}片区{topic}全面完成，{rest}。",
            f"{project}建成后，{rest}，服务{place}周边群众{rng.randint(1000, 90000)}人。",
            f"{me}在{place}{topic}中{rest}，{item}达{n}{unit}。",
        ][variant]

    def fill(self, template: str, ctx: dict) -> str:
        return template.format(**ctx)

    def perturb(self, text: str, kind: str, ctx: dict) -> tuple[str, list[str]]:
        """A copy as units make it: a synonym, a clause more or less, other punctuation, numbering."""
        rng = self.rng
        edits = []
        body, end = (text[:-1], text[-1]) if text[-1] in "。；" else (text, "")
        clauses = body.split("，")
        if len(clauses) >= 5 and rng.random() < 0.12:
            del clauses[rng.randrange(1, len(clauses))]
            edits.append("drop-clause")
        if rng.random() < 0.12:
            clauses.insert(rng.randrange(1, len(clauses) + 1), rng.choice(CLAUSES.get(kind, CLAUSES["effect"])))
            edits.append("add-clause")
        text = "，".join(clauses) + end
        if rng.random() < 0.3:
            candidates = [pair for pair in SYNONYMS if pair[0] in text]
            for old, new in rng.sample(candidates, k=min(len(candidates), rng.randint(1, 2))):
                text = text.replace(old, new, 1)
                edits.append(f"synonym:{old}")
        if rng.random() < 0.4:
            text = text.replace("，", rng.choice(["；", "、", "， "]), rng.randint(1, 2))
            edits.append("punctuation")
        if kind == "management" and rng.random() < 0.25:
            text = rng.choice(["1、", "2、", "一是", "（一）", "3."]) + text
            edits.append("numbering")
        return text, edits

    def near_miss(self, item: PoolItem, ctx: dict) -> str:
        """The opening of a pool paragraph with this unit's own continuation."""
        clauses = self.fill(item.template, ctx).rstrip("。").split("，")
        head = "，".join(clauses[: max(1, len(clauses) // 2)])
        return head + "，" + self.unique(item.kind, ctx)

    def slot(self, kind: str, ctx: dict, planted: list[Planted], p_pool: float) -> str:
        """One paragraph of a circulating kind: planted from the pool, a near miss, or written anew."""
        rng = self.rng
        indices = [i for i in self.by_kind.get(kind, ()) if i not in self.used]
        if indices and rng.random() < p_pool:
            index = rng.choices(indices, [self.weights[i] for i in indices])[0]
            self.used.add(index)
            item = self.pool[index]
            text, edits = self.perturb(self.fill(item.template, ctx), kind, ctx)
            planted.append(Planted(text, item.id, "shared", edits))
            return text
        if indices and rng.random() < 0.04:
            item = self.pool[rng.choice(indices)]
            text = self.near_miss(item, ctx)
            planted.append(Planted(text, item.id, "near-miss"))
            return text
        return self.unique(kind, ctx)

    # -- one report --

    def report(self, index: int) -> GeneratedReport:
        rng = self.rng
        unit, city, county, self_ref, unit_type = self.units[index]
        year = rng.randint(2019, 2023)
        level = "县" if county.endswith("县") else ("区" if county.endswith("区") else "市")
        ctx = {"self": self_ref, "unit": unit, "year": year, "level": level, "city": city,
               "next": year, "after": year + 1, "kind": unit_type}
        layout = "A" if index % 2 == 0 else "B"
        planted: list[Planted] = []
        self.used: set[int] = set()
        figures = self.figures(unit, year)
        sections = self.sections(layout, unit, ctx, figures, planted)
        title = f"{year}年度{unit}整体支出绩效自评报告"
        return GeneratedReport(f"u{index:0{self.width}d}", unit, layout, year, title, sections, planted, figures)

    def figures(self, unit: str, year: int) -> dict:
        rng = self.rng
        staff = rng.randint(8, 120)
        actual = rng.randint(max(3, staff // 2), staff)
        current = money(rng, 50, 9000)
        fixed = money(rng, 5, 2000)
        assets = current + fixed
        basic = money(rng, 100, 3000)
        project = money(rng, 20, 3000)
        budget = basic + project
        basic_x = (basic * Decimal(str(round(rng.uniform(0.85, 1.0), 4)))).quantize(Decimal("0.01"))
        project_x = (project * Decimal(str(round(rng.uniform(0.6, 1.0), 4)))).quantize(Decimal("0.01"))
        executed = basic_x + project_x
        outputs = []
        for name, unit_word, low, high in rng.sample(ITEMS, 3):
            target = rng.randint(low, high)
            done = target if rng.random() < 0.7 else rng.randint(int(target * 0.6), target)
            outputs.append((name, unit_word, target, done))
        qualities = [(q, rng.choice([95, 98, 100]), rng.choice([90, 95, 98, 100])) for q in rng.sample(QUALITY, 2)]
        satisfaction = rng.randint(85, 99)
        return {"staff": staff, "actual": actual, "current": current, "fixed": fixed, "assets": assets,
                "basic": basic, "project": project, "budget": budget, "basic_x": basic_x, "project_x": project_x,
                "executed": executed, "outputs": outputs, "qualities": qualities, "satisfaction": satisfaction}

    def sections(self, layout: str, unit: str, ctx: dict, f: dict, planted: list[Planted]) -> list[Section]:
        rng = self.rng
        numbered = layout == "B"
        year = ctx["year"]

        def h(plain: str, number: str) -> str:
            return f"{number}{plain}" if numbered else plain

        duties = "；".join([rng.choice(DUTIES), *(f"负责{self.place()}{rng.choice(TOPICS + OWN_OBJECTS)}的"
                                                 f"{rng.choice(DUTY_VERBS)}" for _ in range(3))])
        out: list[Section] = []
        if not numbered:
            opening = self.fill(OPENING, ctx)
            planted.append(Planted(opening, "opening", "prescribed"))
            out.append(Section(f"{year}年度{unit}整体支出绩效自评报告", 1, [opening]))
        out += [
            Section(h("部门（单位）概况" if numbered else "部门基本概况", "一、"), 1),
            Section(h("部门（单位）主要职责职能，组织架构、人员及资产等基本情况", "（一）"), 2),
            Section(h("主要职责职能", "1、"), 3, [f"{unit}是{ctx['kind']}，主要职责是：{duties}。"]),
            Section(h("组织架构及人员", "2、"), 3, [f"{unit}编制人数为{f['staff']}人，截止{year}年12月31日实有人员"
                                              f"{f['actual']}人。"]),
            Section(h("资产情况", "3、"), 3, [
                f"{year}年年末，{ctx['self']}资产合计{f['assets']}万元，其中流动资产{f['current']}万元，占比"
                f"{pct(f['current'], f['assets'])}%；非流动资产{f['fixed']}万元，占比{pct(f['fixed'], f['assets'])}%。"]),
            Section(h("当年部门（单位）履职总体目标、工作任务", "（二）"), 2),
            Section(h("总体目标", "1、"), 3, [self.slot("goal", ctx, planted, 0.35)]),
            Section(h("工作任务", "2、"), 3, [f"完成{name}{target}{u}" + ("；" if i < 2 else "。")
                                           for i, (name, u, target, _) in enumerate(f["outputs"])]),
            Section(h("当年部门（单位）年度整体支出绩效目标", "（三）"), 2, [
                "；".join(f"{name}不少于{target}{u}" for name, u, target, _ in f["outputs"]) + "；"
                + "，".join(f"{q}{t}%" for q, t, _ in f["qualities"]) + f"；满意度不低于{min(95, f['satisfaction'])}%。"]),
            Section(h("部门（单位）预算绩效管理开展情况", "（四）"), 2,
                    [self.slot("management", ctx, planted, 0.75) for _ in range(rng.randint(2, 4))]),
            Section(h("当年部门（单位）预算及执行情况", "（五）"), 2, [
                self.slot("execution", ctx, planted, 0.2) if rng.random() < 0.5 else
                f"{year}年全年预算数为{f['budget']}万元，资金来源全部为当年财政拨款。",
                f"{year}年全年预算数为{f['budget']}万元，其中基本支出{f['basic']}万元，项目支出{f['project']}万元。",
                f"{year}年全年执行数为{f['executed']}万元，执行率为{pct(f['executed'], f['budget'])}%，其中基本支出"
                f"{f['basic_x']}万元，执行率为{pct(f['basic_x'], f['basic'])}%；项目支出{f['project_x']}万元，执行率为"
                f"{pct(f['project_x'], f['project'])}%。"]),
            Section(h("部门（单位）整体支出绩效实现情况", "二、"), 1),
            Section(h("履职完成情况", "（一）"), 2),
            Section(h("数量指标", "1、"), 3, [
                "，".join(f"{name}{done}{u}" for name, u, _, done in f["outputs"]) + "。"
                + ("各项数量指标均按年度绩效指标值完成。" if all(d >= t for _, _, t, d in f["outputs"])
                   else "部分数量指标未达年度绩效指标值。")]),
            Section(h("质量指标", "2、"), 3, [
                "，".join(f"{q}{done}%" for q, _, done in f["qualities"]) + "。"]),
            Section(h("时效指标", "3、"), 3, [f"各项工作均于{year}年12月底前完成，资金拨付及时。"]),
            Section(h("履职效果情况", "（二）"), 2),
            Section(h("社会效益", "1、"), 3, [self.slot("effect", ctx, planted, 0.25)
                                          for _ in range(rng.randint(1, 2))]),
            Section(h("社会满意度", "（三）"), 2, [
                f"通过问卷调查的方式，共发放问卷{rng.randint(50, 500)}份，群众满意度{f['satisfaction']}%。"]),
            Section(h("部门整体支出绩效中存在问题及改进措施", "三、"), 1),
            Section(h("主要问题及原因分析", "（一）"), 2,
                    [self.slot("problem", ctx, planted, 0.5) for _ in range(rng.randint(1, 3))]),
            Section(h("改进的方向和具体措施", "（二）"), 2,
                    [self.slot("measure", ctx, planted, 0.5) for _ in range(rng.randint(1, 3))]),
            Section(h("绩效自评结果拟应用和公开情况", "四、"), 1,
                    [self.slot("disclosure", ctx, planted, 0.6) for _ in range(rng.randint(1, 2))]),
        ]
        return out

    def __iter__(self) -> Iterator[GeneratedReport]:
        for index in range(self.n):
            yield self.report(index)


# --- writing ------------------------------------------------------------------------------------

def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_yaml(report: GeneratedReport) -> str:
    f = report.yaml_extra
    lines = [f"# synthetic report {report.id} (bench/make_corpus.py), layout {report.layout}", "perflint: 1",
             f"year: {report.year}", f"title: {_q(report.title)}", f"unit: {{name: {_q(report.unit)}}}",
             "money_unit: 万元", "balance_sheets:", "  - assets:", "      label: 资产合计",
             f"      total: \"{f['assets']}\"", "      parts:",
             f"        - {{label: 流动资产, value: \"{f['current']}\", share: \"{pct(f['current'], f['assets'])}%\"}}",
             f"        - {{label: 非流动资产, value: \"{f['fixed']}\", share: \"{pct(f['fixed'], f['assets'])}%\"}}",
             "budget_tables:", "  - kind: 支出",
             f"    total: {{label: 合计, budget: \"{f['budget']}\", executed: \"{f['executed']}\", "
             f"rate: \"{pct(f['executed'], f['budget'])}%\"}}", "    rows:",
             f"      - {{label: 基本支出, budget: \"{f['basic']}\", executed: \"{f['basic_x']}\", "
             f"rate: \"{pct(f['basic_x'], f['basic'])}%\"}}",
             f"      - {{label: 项目支出, budget: \"{f['project']}\", executed: \"{f['project_x']}\", "
             f"rate: \"{pct(f['project_x'], f['project'])}%\"}}",
             "indicators:", "  - name: 产出指标", "    level: 1", "    children:", "      - name: 数量指标",
             "        level: 2", "        children:"]
    for name, unit, target, done in f["outputs"]:
        lines.append(f"          - {{name: {_q(name)}, level: 3, target: \"不少于{target}{unit}\", "
                     f"actual: \"{done}{unit}\"}}")
    lines += ["      - name: 质量指标", "        level: 2", "        children:"]
    for name, target, done in f["qualities"]:
        lines.append(f"          - {{name: {_q(name)}, level: 3, target: \"{target}%\", actual: \"{done}%\"}}")
    lines += ["  - name: 满意度指标", "    level: 1", "    children:",
              f"      - {{name: 社会公众满意度, level: 3, target: \"≥{min(95, f['satisfaction'])}%\", "
              f"actual: \"{f['satisfaction']}%\"}}", "sections:"]
    for section in report.sections:
        lines += [f"  - heading: {_q(section.heading)}", f"    level: {section.level}"]
        if section.paragraphs:
            lines.append("    body: |-")
            for i, paragraph in enumerate(section.paragraphs):
                if i:
                    lines.append("")
                lines.append(f"      {paragraph}")
    return "\n".join(lines) + "\n"


def to_text(report: GeneratedReport) -> str:
    """The raw text in the report's layout: A spaces headings and paragraphs with blank lines, B
    puts the numbered heading right above its text (as the two seed layouts do)."""
    lines = []
    if report.layout == "B":
        lines += ["附件7：", "", "部门（单位）整体支出绩效自评报告", "", f"（{report.year}年度）", ""]
    else:
        lines += [""]
    for section in report.sections:
        if report.layout == "A" and section.heading == report.title:
            lines += [section.heading, ""]
        else:
            lines.append(section.heading)
            if report.layout == "A":
                lines.append("")
        for i, paragraph in enumerate(section.paragraphs):
            lines.append(paragraph)
            if report.layout == "A" or i < len(section.paragraphs) - 1:
                lines.append("")
    return "\n".join(lines) + "\n"


def _manifest(generator: CorpusGenerator, entries: list[dict], pool_units: dict[str, set[str]],
              formats: tuple[str, ...]) -> dict:
    for entry in entries:
        for planted in entry["planted"]:
            planted["shared"] = planted["kind"] == "shared" and len(pool_units.get(planted["pool"], ())) >= 2
    return {
        "generator": "bench/make_corpus.py", "n": generator.n, "seed": generator.seed, "formats": list(formats),
        "pool": [{"id": item.id, "kind": item.kind, "origin": item.origin, "template": item.template,
                  "units": len(pool_units.get(item.id, ()))} for item in generator.pool],
        "counts": dict(Counter(p["kind"] + ("" if p["kind"] != "shared" or p["shared"] else "-single")
                               for entry in entries for p in entry["planted"])),
        "reports": entries,
    }


def _entry(report: GeneratedReport, pool_units: dict[str, set[str]]) -> dict:
    for planted in report.planted:
        if planted.kind == "shared":
            pool_units.setdefault(planted.pool, set()).add(report.unit)
    return {"id": report.id, "unit": report.unit, "layout": report.layout, "year": report.year,
            "planted": [{"text": p.text, "pool": p.pool, "kind": p.kind, "edits": p.edits} for p in report.planted]}


def generate(n: int, seed: int = 1, pool_size: int | None = None) -> tuple[list[GeneratedReport], dict]:
    """The corpus in memory (for tests): the reports and their manifest."""
    generator = CorpusGenerator(n, seed, pool_size)
    reports = list(generator)
    pool_units: dict[str, set[str]] = {}
    entries = [_entry(report, pool_units) for report in reports]
    return reports, _manifest(generator, entries, pool_units, ())


def write_corpus(out: Path, n: int, seed: int = 1, formats: tuple[str, ...] = ("yaml", "txt"),
                 pool_size: int | None = None) -> dict:
    """Generate and write the corpus one report at a time; returns the manifest (also written to
    OUT/manifest.json)."""
    generator = CorpusGenerator(n, seed, pool_size)
    for fmt_name in formats:
        (out / fmt_name).mkdir(parents=True, exist_ok=True)
    pool_units: dict[str, set[str]] = {}
    entries = []
    for report in generator:
        if "yaml" in formats:
            (out / "yaml" / f"{report.id}.yaml").write_text(to_yaml(report), encoding="utf-8")
        if "txt" in formats:
            (out / "txt" / f"{report.id}.txt").write_text(to_text(report), encoding="utf-8")
        entries.append(_entry(report, pool_units))
    manifest = _manifest(generator, entries, pool_units, formats)
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("-n", type=int, default=1000, help="number of reports (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default="yaml,txt", help="comma-separated: yaml, txt")
    parser.add_argument("--pool", type=int, default=None, help="shared pool size (default n/25, at least 40)")
    args = parser.parse_args(argv)
    formats = tuple(x.strip() for x in args.formats.split(",") if x.strip())
    manifest = write_corpus(args.out, args.n, args.seed, formats, args.pool)
    print(f"wrote {args.n} reports to {args.out} ({', '.join(formats)}); planted: {manifest['counts']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

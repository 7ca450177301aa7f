"""Indicators stated in the narrative, for reports without an indicator table (seeds 000, 001).

Where they are:
- the 二级 groups are the headings directly under 履职完成情况 / 履职效果情况 / 社会满意度
  (`数量指标（指标分数27分，实际得分24分）`, `1、数量指标`); the weight and score come from the
  heading's own `指标分数…实际得分…` when it states them;
- the 三级 indicators are either the sub-headings of a group (`（1）供应土地数`, seed 001), whose
  result is the figure of its own paragraph whose label names it, or, when a group has no
  sub-headings, the labelled figures of the group's paragraphs (`提供地图服务次数24次`, seed 000);
- the targets are the labelled figures of the 年度整体支出绩效目标 section. A target joins the
  indicator whose name contains its name or is contained in it (`及时提供地图服务次数` ↔
  `提供地图服务次数`); against sub-headings, the closest name by common substring, one to one.
  A target that joins no result goes to the group whose text names it.
The reason for a deduction is a sentence of the group's text that gives a cause (由于, 原因), or
a sentence of 主要问题及原因分析 that names the indicator as 未达.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from perflint.extract.clauses import Item, Kind, name_of
from perflint.extract.located import figure_quantity, piece_text
from perflint.extract.narrative import Para
from perflint.extract.nodes import indicator
from perflint.extract.sections import Outline, SectionNode
from perflint.model import Indicator, Quantity, Text
from perflint.model.span import restore

#: The section roles (perflint.profiles.model.ROLES) this module reads: the targets, the groups
#: whose sub-headings or figures are the indicators, and the problems that explain a miss.
TARGETS_ROLE = "targets"
#: Bounds that keep name matching cheap on any input (a report has a few dozen of each).
_MAX_TARGETS = 300
_MAX_GROUPS = 60
_GROUP_ROLES = frozenset({"outputs", "effects", "satisfaction"})
_PROBLEMS_ROLE = "problems"
_WEIGHT_LABEL = re.compile(r"(?:指标分数|分值|权重|满分|标准分|指标分值)$")
_SCORE_LABEL = re.compile(r"得分$")
_POINTS_PAREN = re.compile(r"[（(][^）)]*(?:分数|分值|权重|得分)[^）)]*[）)]\s*$")
_CAUSE = re.compile(r"由于|原因|因为")
_UNMET = re.compile(r"(?P<name>[^，。；]{2,40}?)(?:绩效)?指标未(?:达|完成)(?:到)?(?:年度)?(?:绩效)?"
                    r"(?:指标值|目标)?[，,]\s*(?P<reason>[^。；]+)")
_NAME_NOISE = re.compile(r"[\s“”\"'‘’《》]")
_TITLES = re.compile(r"《[^》]*》")
_CONNECTIVE = re.compile(r"^(?:因此|所以|从而|其中|并且?|另外?)")
_DONE = re.compile(r"^(?:完成|实现|达到)(?:了)?(?:年度|全年)?")
_TRAILING_NOUN = re.compile(r"^[的之]?(?P<noun>[\u4e00-\u9fff]{1,12})")


def is_target_section(section: SectionNode | None) -> bool:
    return section is not None and section.within(TARGETS_ROLE)


#: Names are normalized and compared pairwise (every item against every target): the pure
#: string functions below are remembered rather than re-run on the same short strings.
_remembered = functools.lru_cache(maxsize=8192)


@_remembered
def _norm(name: str) -> str:
    return _NAME_NOISE.sub("", name)


@dataclass
class _Target:
    name: str
    item: Item
    used: bool = False
    key: str = field(init=False)  # `_norm(name)`: every item of a group is compared with every target

    def __post_init__(self) -> None:
        self.key = _norm(self.name)


@dataclass
class _Group:
    section: SectionNode
    node: Indicator
    own_children: bool  # the group is an outline section holding 三级 sub-headings directly
    paras: list[Para] = field(default_factory=list)


def _q(item: Item, concept: str | None = None) -> Quantity:
    return figure_quantity(item.para.piece, item.figure, concept=concept)


def _item_name(item: Item) -> str:
    return _label_name(item.label)


@_remembered
def _label_name(label: str) -> str:
    """An item's name: its label without quoted titles, dates, subject, connectives or `完成`."""
    label = name_of(_TITLES.sub("", label))
    label = _CONNECTIVE.sub("", label)
    label = _DONE.sub("", label) if len(label) > 4 else label
    return label.strip("，,、：: ")


def _target_name(item: Item) -> str:
    name = _item_name(item)
    noun = _TRAILING_NOUN.match(item.trailing.strip("；;，,。 "))
    if noun is not None and not _norm(name).endswith(("数", "量", "率", "值", "度", "积", "数量")):
        name += noun.group("noun")
    return name


def mark_targets(paras: list[Para]) -> None:
    """With an indicator table, the narrative's target list is only a restatement: consume it."""
    for para in paras:
        if is_target_section(para.section):
            _consume(para)


@_remembered
def _common(a: str, b: str) -> int:
    """Length of the longest common substring of two names (each cut to 40 characters).

    For each start in `a`, only a longer match than the best so far matters, and the prefixes of
    a common substring are common too: so one substring test (in C) per start and per character
    gained, instead of a character-by-character table."""
    a, b = a[:40], b[:40]
    best = 0
    for start in range(len(a)):
        while start + best < len(a) and a[start:start + best + 1] in b:
            best += 1
    return best


def _contains(a: str, b: str) -> bool:
    return _overlaps(_norm(a), _norm(b))


def _overlaps(a: str, b: str) -> bool:
    """`_contains` of two normalized names: the shorter, of three characters or more, is in the other."""
    return len(min(a, b, key=len)) >= 3 and (a in b or b in a)


def build(paras: list[Para], outline: Outline) -> list[Indicator]:
    in_targets: list[Para] = []
    headings: dict[int, Para] = {}  # a section's heading
    body: dict[int, list[Para]] = {}  # a section's other paragraphs, in order
    for para in paras:  # one pass: the targets' paragraphs, the groups' and their sub-headings' paragraphs
        section = para.section
        if section is None:
            continue
        lineage = section.lineage
        if TARGETS_ROLE in lineage:
            in_targets.append(para)
        if _GROUP_ROLES.isdisjoint(lineage):
            continue  # outside every group (`_groups`: a group or its parent has one of these roles)
        if para.is_heading:
            headings[id(section)] = para
        else:
            body.setdefault(id(section), []).append(para)
    targets = [
        _Target(_target_name(item), item)
        for para in in_targets if not para.is_heading
        for item in para.items() if item.kind not in (Kind.SHARE,) and _item_name(item)
    ]
    for para in in_targets:
        _consume(para)
    children: dict[int, list[SectionNode]] = {}  # the sub-sections of a group's section or of its parent
    for section in outline.sections:
        if section.parent is not None and not _GROUP_ROLES.isdisjoint(section.lineage):
            children.setdefault(id(section.parent), []).append(section)
    groups = _groups(outline, children, headings, body)[:_MAX_GROUPS]
    targets = targets[:_MAX_TARGETS]
    if not groups:
        return []
    # `_overlaps` needs both names of three characters or more: only such targets are compared
    named = [t for t in targets if len(t.key) >= 3]
    for group in groups:
        if group.own_children or children.get(id(group.section)):
            _subheading_children(group, children.get(id(group.section), [])[:_MAX_GROUPS], body, targets)
        else:
            _item_children(group, named)
    _place_unjoined(groups, targets)
    _reasons(groups, paras)
    return [group.node for group in groups]


def _consume(para: Para) -> None:
    """A target's figures are the indicators' (or a restatement of the table's): no fact of theirs."""
    for item in para.items():
        item.used = True


def _groups(outline: Outline, children: dict[int, list[SectionNode]], headings: dict[int, Para],
            body: dict[int, list[Para]]) -> list[_Group]:
    groups: list[_Group] = []
    grouped: set[int] = set()
    for section in outline.sections:
        if _GROUP_ROLES.isdisjoint(section.lineage):
            continue  # neither a group nor a section whose parent is one
        parent = section.parent
        if parent is None or parent.info.role not in _GROUP_ROLES:
            if section.info.role not in _GROUP_ROLES:
                continue
            below = children.get(id(section), [])
            if below and not any(c.level == section.level + 1 for c in below):
                # 社会满意度 → （1）群众满意度: the outline section is the group itself
                node = indicator(piece_text(section.heading.piece, section.info.title_start), 2)
                groups.append(_Group(section, node, own_children=True))
                grouped.add(id(section))
            continue
        if section.level > parent.level + 1 and id(parent) in grouped:
            continue  # a 三级 heading directly under an outline section that is itself the group
        title = section.title
        paren = _POINTS_PAREN.search(title)
        name_end = section.info.title_start + (paren.start() if paren else len(title))
        node = indicator(piece_text(section.heading.piece, section.info.title_start, name_end), 2)
        groups.append(_Group(section, node, own_children=False))
        grouped.add(id(section))
    for group in groups:
        heading = headings.get(id(group.section))
        if heading is not None:  # the heading's `指标分数…实际得分…` are the group's weight and score
            for item in heading.items():
                if _WEIGHT_LABEL.search(item.label) and group.node.weight is None:
                    group.node.weight = _q(item)
                    item.indicator = True
                elif _SCORE_LABEL.search(item.label) and group.node.score is None:
                    group.node.score = _q(item)
                    item.indicator = True
        group.paras = list(body.get(id(group.section), ()))
    return groups


def _subheading_children(group: _Group, children: list[SectionNode], body: dict[int, list[Para]],
                         targets: list[_Target]) -> None:
    nodes: list[tuple[Indicator, SectionNode]] = []
    for section in children:
        node = indicator(piece_text(section.heading.piece, section.info.title_start), 3)
        actual = _actual(node.name.text, body.get(id(section), []))
        if actual is not None:
            concept = "满意度" if actual.kind is Kind.SATISFACTION else None
            node.actual = _q(actual, concept)
            actual.indicator = True
        nodes.append((node, section))
        group.node.children.append(node)
    # targets ↔ sub-headings: closest names, one to one
    scored = []
    for t_index, target in enumerate(targets):
        if target.used:
            continue
        for n_index, (node, _) in enumerate(nodes):
            a, b = _norm(target.name), _norm(node.name.text)
            common = _common(a, b)
            ratio = common / max(1, min(len(a), len(b)))
            if common >= 4 and ratio >= 0.6:
                scored.append((ratio, common, t_index, n_index))
    taken_targets: set[int] = set()
    taken_nodes: set[int] = set()
    for _, _, t_index, n_index in sorted(scored, reverse=True):
        if t_index in taken_targets or n_index in taken_nodes:
            continue
        node = nodes[n_index][0]
        if node.target is None:
            node.target = _q(targets[t_index].item)
            targets[t_index].used = True
            taken_targets.add(t_index)
            taken_nodes.add(n_index)


def _actual(name: str, paras: list[Para]) -> Item | None:
    """The figure of an indicator's own paragraphs that states its result."""
    items = [i for p in paras for i in p.items() if not i.attached]
    matches = [(len(_norm(_item_name(i))), index, i) for index, i in enumerate(items)
               if _item_name(i) and _contains(_item_name(i), name)]
    if matches:
        return max(matches, key=lambda m: (m[0], -m[1]))[2]
    if len(items) == 1 and items[0].figure.unit == "%" and re.search(r"[率性度]$", _norm(name)):
        return items[0]
    return None


def _item_children(group: _Group, named: list[_Target]) -> None:
    """The labelled figures of a group without sub-headings as its indicators, each joined to the
    target (of the `named` ones: a name of three characters or more) whose name overlaps its own."""
    for para in group.paras:
        for item in para.items():
            if len(group.node.children) >= _MAX_TARGETS:
                return  # no group has this many indicators: the rest stay facts
            if item.attached or item.used or item.indicator or item.part_of is not None:
                continue
            name = _item_name(item)
            if not name or item.kind is Kind.SHARE:
                continue
            concept = "满意度" if item.kind is Kind.SATISFACTION else None
            key = _norm(name)
            joined = [t for t in named if t.key in key or key in t.key] if len(key) >= 3 else []
            # named by the target it joins, else by its own label: one name built, not two
            target = max(joined, key=lambda t: _common(t.key, key)) if joined else None
            source = item if target is None else target.item
            span = source.para.piece.span(source.label_start, source.label_start + len(source.label))
            # `Text(text=…, span=span)` without validating the str and Span just made
            label = restore(Text, {"span": span, "text": name if target is None else target.name},
                            {"span", "text"}, None, None)
            item.indicator = True
            if target is None:
                node = indicator(label, 3, actual=_q(item, concept))
            else:
                node = indicator(label, 3, actual=_q(item, concept), target=_q(target.item))
                target.used = True
            group.node.children.append(node)


def _place_unjoined(groups: list[_Group], targets: list[_Target]) -> None:
    texts: list[str] = []  # each group's normalized text, made when a target is first looked for in it

    def group_text(index: int) -> str:
        while len(texts) <= index:  # not `_norm`: a group's text is met once, remembering it only costs
            texts.append(_NAME_NOISE.sub("", "\n".join([p.text for p in groups[len(texts)].paras])))
        return texts[index]

    for target in targets:
        if target.used:
            continue
        name = _norm(target.name)
        home = next((g for index, g in enumerate(groups) if name in group_text(index)), None)
        if home is None:
            home = next((g for g in groups
                         if len(name) >= 2 and name in _norm(re.sub(r"指标$", "", g.node.name.text))), None)
        if home is None:
            continue
        item = target.item
        node = indicator(Text(text=target.name, span=item.para.piece.span(
            item.label_start, item.label_start + len(item.label))), 3, target=_q(item))
        home.node.children.append(node)
        target.used = True


def _reasons(groups: list[_Group], paras: list[Para]) -> None:
    for group in groups:
        if group.own_children:
            continue
        for para in group.paras:
            if group.node.reason is not None:
                break
            if _CAUSE.search(para.text) is None:
                continue  # a sentence naming a cause needs the word in its paragraph: one search, no split
            for sentence in para.sentences:
                if _CAUSE.search(para.text, sentence.start, sentence.end):
                    group.node.reason = piece_text(para.piece, sentence.start, sentence.end)
                    break
    nodes: list[Indicator] | None = None  # every indicator, gathered for the first paragraph naming a miss
    for para in paras:
        if "指标未" not in para.text or para.section is None or not para.section.within(_PROBLEMS_ROLE):
            continue  # `_UNMET` holds `指标未`: a paragraph without it is not scanned position by position
        if nodes is None:
            nodes = [n for g in groups for n in g.node.walk()]
        for match in _UNMET.finditer(para.text):
            mentioned = _norm(match.group("name"))
            for node in nodes:
                if node.reason is None and node.level == 3 and _norm(node.name.text) in mentioned:
                    node.reason = piece_text(para.piece, match.start("reason"), match.end("reason"))
                    break

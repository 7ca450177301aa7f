"""Facts: every labelled figure that no structure uses, named by the report's own words.

A fact's concept is what cross-reference rules compare (PL401: the same concept stated twice
with different values is a defect), so a concept must name one thing. It is the label before
the figure, cleaned (dates, `我单位`, `全年共` dropped), with the noun after the figure when
the label ends in a verb or particle (`开展…2个方案` → 开展方案), and prefixed with the figure
before it when the label alone is generic (`面积`, `涉及预算资金`): `已完成组卷…，面积385.773亩`
→ 已完成组卷面积. Budget words alone map to the canonical 预算数 / 执行数 / 执行率. A figure with no
usable label, one inside a parenthetical aside, or a unitless number whose label names no
quantity (`附件7`, `[2019]13号`) is left out rather than given a made-up name.

A fact's subject is what the figure belongs to (`subject_of`): the scope its sentence names
(`clauses.Scope`: year, document, place, item), else the organization its section's heading names.
Four refinements, because a label may name less than the figure is about:
- a sum of money labelled only by whom it goes to (`分配至甲县52万元，乙县31.2万元`) is one line
  of an allocation the sentence describes; the same place gets other sums in other allocations,
  so such a figure names no concept of its own and is left out;
- a figure compared with the one before it (`超出预算金额`, `较上年增长`) belongs to that figure:
  its subject adds the earlier figure's name (`…·补贴金额`);
- a sentence does not state one quantity twice: a label that recurs in the same sentence under
  the same scope (`申请…缴费补贴9万元；…享受补贴人数500人，缴费补贴19万元`) names another figure
  the second time, told apart by the figure before it, as above.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from perflint.analysis.concepts import budget_word
from perflint.extract.clauses import Item, Kind, name_of
from perflint.extract.figures import Figure
from perflint.extract.sections import SectionNode
from perflint.model import Fact, Quantity
from perflint.model.span import restore

_GENERIC_NOUNS = frozenset({"面积", "金额", "数量", "资金", "比例", "人数", "个数", "次数", "总额", "合计",
                            "共计", "规模", "其中", "涉及预算资金", "涉及资金", "预算资金"})
_VERB_START = re.compile(r"^(?:涉及|包括|其中|共|有|达|为|和|及)")
_QUANTITY_NOUN = re.compile(r"(?:量|数|额|率|值|度|比例|比重|规模|金额|总数|人数)$")
_BOTH = re.compile(r"^(?P<a>.+?)(?:和|及|与|、)(?P<b>.+?)均$")
_TITLE_WORDS = re.compile(r"《[^》]*》")
_PARTICLE_END = re.compile(r"(?:由|对|从|于|向|把|将|被|和|与|及|包括|有|了)$")
_VERB_END = re.compile(r"(?:开展|完成|启动|办结|设置|组织|处置|消化|接入|编制|供应|受理|办理)$")
#: The noun after a figure (`2个方案`, `10个矿区`): up to a verb-like character or punctuation.
_TRAILING_PHRASE = re.compile(r"^[的之]?(?P<noun>[^\W\d_在已尚均进正的是为][^\W\d_在已尚均进正的是为]{0,9})")
_LEADING_CONNECTIVE = re.compile(r"^(?:因此|所以|从而|其中)")
#: Compiled once: `concept_of` runs on every labelled figure.
_SPACE = re.compile(r"\s")
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: A figure followed by what it is spent on (`59万元用于甲项目；12万元用于乙项目`): an amount per
#: purpose, named by no label of its own. Each names another purpose, so none is a concept.
_PURPOSE = re.compile(r"^[的之]?(?:用于|用来|用作|投入(?:到|于)?|拨付(?:给|至|到)|安排(?:给|于|用于))")
#: A label that compares its figure with the one before it in the sentence.
RELATIVE = re.compile(r"^(?:超出|超过|高于|低于|少于|多于|节约|节余|差额|较|比(?!例|重|率)|同比|环比)")
#: Words of allocation before the place a sum goes to (`分配至甲县`, `下达乙区`, `给予丙市`).
_ALLOCATION = re.compile(r"^(?:(?:分配|下达|下拨|拨付|安排|划拨|补助|奖励|给予|补贴)(?:至|给|到)?"
                         r"|向|对|给|至)")


def strip_titles(label: str) -> str:
    """A label without the document titles it quotes (`开展《…》《…》` → 开展)."""
    return _TITLE_WORDS.sub("", label)


def concept_of(item: Item) -> str | None:
    """The concept a labelled figure states, or None when its label names nothing usable."""
    concept, generic = _concept(item.label, item.trailing, item.figure.unit is None)
    if not generic:
        return concept
    previous = item.previous
    if previous is None:
        return None
    return name_of(strip_titles(previous.label)) + concept


@functools.lru_cache(maxsize=8192)
def _concept(label: str, trailing: str, unitless: bool) -> tuple[str | None, bool]:
    """`concept_of` from a label, the words after its figure and whether the figure has no unit:
    the concept, and whether it is generic (`面积`: the figure before it names what it is). Labels
    and what follows them recur within a report and across reports, so it is remembered."""
    label = name_of(strip_titles(label)).strip("“”\"（）() ")
    label = _LEADING_CONNECTIVE.sub("", label)
    canonical = budget_word(_SPACE.sub("", label))
    if canonical is not None:
        return canonical, False
    if label.count("（") + label.count("(") > label.count("）") + label.count(")"):
        return None, False  # a figure inside a parenthetical aside: (长江沿线10公里范围内)
    if not label and _PURPOSE.match(trailing):
        return None, False  # an amount per purpose: the purpose is its subject, not a concept
    noun = _TRAILING_PHRASE.match(trailing)
    if noun is not None and (not label or _PARTICLE_END.search(label) or _VERB_END.search(label)):
        label = _PARTICLE_END.sub("", label) + noun.group("noun")
    if not label or not _HAN.search(label):
        return None, False
    if unitless and not _QUANTITY_NOUN.search(label):
        return None, False
    return label, label in _GENERIC_NOUNS or _VERB_START.match(label) is not None or len(label) <= 1


def section_entity(section: SectionNode | None) -> str | None:
    """The organization the nearest enclosing heading names (`（1）区政数局本级`), if any."""
    return None if section is None else section.named_entity()


def subject_parts(item: Item) -> list[str]:
    """The levels of what `item` belongs to (see `subject_of`)."""
    year, doc, place, named = item.scope
    if place is None and doc is None and item.para is not None:
        place = section_entity(getattr(item.para, "section", None))
    parts = [part for part in (year, doc, place, named) if part is not None]
    previous = item.previous
    if previous is not None and (RELATIVE.match(item.label) or _recurs(item)):
        name = name_of(strip_titles(previous.label)).strip("“”\"（）() ")
        if name:
            parts.append(name)
    return parts


#: How far back in its sentence a label is looked for (sentences are short; the bound keeps it so).
_RECUR_LOOKBACK = 40
#: How far back a `其中` may open the list a sum belongs to.
_LIST_LOOKBACK = 300


def _recurs(item: Item) -> bool:
    """Whether an earlier figure of the sentence has the same label and scope (a year named for
    one and not the other may be the report's own year: the two may still be one figure)."""
    label, scope = name_of(item.label), item.scope
    year, rest = scope.year, scope[1:]
    earlier = item.previous
    for _ in range(_RECUR_LOOKBACK):
        if earlier is None:
            return False
        other = earlier.scope
        if other[1:] == rest and (year == other.year or year is None or other.year is None) \
                and earlier.label and name_of(earlier.label) == label:
            return True
        earlier = earlier.previous
    return False


def subject_of(item: Item) -> str | None:
    """What a figure belongs to, its levels joined by `·` (`2022年·甲县·项目支出`); None when the
    text names nothing, i.e. the report as a whole."""
    parts = subject_parts(item)
    return "·".join(parts) if parts else None


def _allocated_to_place(item: Item) -> bool:
    """A sum labelled only by the place or organization it goes to (`分配至甲县52万元`)."""
    unit = item.figure.unit
    if unit is None or not unit.endswith("元"):
        return False  # before the scope: a sentence's scope is worked out only when asked
    place = item.scope.place
    if place is None:
        return False
    label = _SPACE.sub("", item.label)
    return _ALLOCATION.sub("", label) == place


#: Where the statement a list belongs to begins: after the sentence's or clause group's end.
_STATEMENT_START = re.compile(r"[。！？!?；;\n]")


def _part_of_unstated_whole(item: Item) -> bool:
    """A sum after `其中` in a statement that states no sum before it (`下达资金（略）万元，其中：
    甲补助4.60万元，…`): a part of an allocation whose whole the text does not give. Another
    list may give the same item another sum, as a part of another whole, so such a figure names
    no concept of its own."""
    unit = item.figure.unit
    if item.part_of is not None or unit is None or not unit.endswith("元") or item.para is None:
        return False
    para = item.para
    text: str = getattr(para, "text", "")
    begin = item.label_start
    window = max(0, begin - _LIST_LOOKBACK)
    ends = list(_STATEMENT_START.finditer(text, window, begin))
    start = ends[-1].end() if ends else window
    opening = text.rfind("其中", start, begin)
    if opening < 0:
        return False
    # the statement before `其中` states no sum (it is masked): none of the paragraph's figures
    # between the statement's start and `其中` may be that sum
    return not any(start <= other.figure.start < opening and _states_sum(other.figure)
                   for other in para.items_before(item, _RECUR_LOOKBACK))  # type: ignore[attr-defined]


def _states_sum(figure: Figure) -> bool:
    """A figure that may be the sum a list breaks down: money, or a bare number that is not a
    year (`【2021】` in a document number); a bare sum may have lost its unit (PL109)."""
    unit, value = figure.unit, figure.parsed.value
    if unit is not None:
        return unit.endswith("元")
    return value is not None and not (figure.literal.isdigit() and 1900 <= value <= 2100)


_SATISFACTION, _SCORE_TOTAL = Kind.SATISFACTION, Kind.SCORE_TOTAL


def facts_of(item: Item, quantity: Callable[[Item], Quantity]) -> list[Fact]:
    """The facts one figure states (`按时办结率和满意率均为100%` states two)."""
    kind = item.kind
    if kind is _SATISFACTION:
        if item.figure.parsed.comparator in (">=", "<="):
            return []  # a target (满意度不低于95%), not a result
        return [_fact("满意度", quantity(item), subject_of(item))]
    if kind is _SCORE_TOTAL:
        return [_fact("自评得分", quantity(item), subject_of(item))]
    concept = concept_of(item)  # first: a figure naming no concept needs no scope worked out
    if concept is None or _allocated_to_place(item) or _part_of_unstated_whole(item):
        return []
    both = _BOTH.match(concept)
    names = [both.group("a"), both.group("b")] if both else [concept]
    subject = subject_of(item)
    return [_fact(name, quantity(item), subject) for name in names]


#: The fields a Fact is built with (`span` is left unset, as `Fact(concept=…, value=…, subject=…)`).
_FACT_FIELDS = frozenset({"concept", "value", "subject"})


def _fact(concept: str, value: Quantity, subject: str | None) -> Fact:
    """`Fact(concept=concept, value=value, subject=subject)` without validating again a str, a
    Quantity and a str or None made here (a report has dozens of facts; tested equal to the
    validated one in tests/extract/test_fast_paths.py)."""
    return restore(Fact, {"span": None, "concept": concept, "value": value, "subject": subject},
                   set(_FACT_FIELDS), None, None)

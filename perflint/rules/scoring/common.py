"""Helpers shared by the scoring rules: points as intervals, and whether an indicator met its target.

Points (分值, 得分) are awarded, not measured: a whole-number score of 2 means exactly 2, so whole
points are exact (like counts of parcels). A score written with decimals (1.45 from 2 × 72.74%)
may be rounded and stands for its stated-precision interval, as every other figure does.

An indicator's outcome compares its 全年完成值 with its 年度指标值 under the target's comparator.
When the target states no comparator, the direction is implied: reaching the stated value for most
indicators, staying at or under it for indicators whose names say lower is better (控制率, 变动率 …),
and neither falling short nor overshooting for "capped" rates (执行率: spending past the budget is
a deviation too). A direction implied only by a name is a judgement, so findings built on it are
warnings; a miss computed from two exact figures under a stated or plain target is certain.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from perflint import intervals
from perflint.intervals import Interval
from perflint.model import BudgetRow, Indicator, Quantity, Report, Span
from perflint.rules import figures
from perflint.rules.memo import per_report

if TYPE_CHECKING:
    from perflint.profiles import Profile
    from perflint.rules.base import CheckContext

ZERO = Decimal(0)
HUNDRED = Decimal(100)

#: Names whose target is an upper bound when the target states no comparator.
DEFAULT_LOWER_IS_BETTER = ["控制率", "变动率", "调整率", "结转结余率", "差错率", "投诉率", "故障率",
                           "事故率", "超支率", "响应时限"]
#: Names whose target of 100% is a cap as well as a goal: overshooting it is a deviation.
DEFAULT_CAPPED = ["执行率", "预算完成率", "支付进度率"]
#: Rates that measure completion of planned work: below 100% some of it was not done. Used only
#: when the report states no target for the indicator.
DEFAULT_COMPLETION_RATES = ["完成率", "办结率"]
#: Stated actuals that admit a miss whatever the target (the author's own words).
DEFAULT_UNMET_WORDS = ["未完成", "未达到", "未达标", "未实现", "没有完成"]
#: Yes/no targets ("是否按时完成": 是): a different answer is a miss.
YES_NO = frozenset({"是", "否"})
#: Stated actuals that admit a partial miss: weaker evidence, so only warnings rest on them.
DEFAULT_PARTIAL_WORDS = ["部分完成", "基本完成", "部分达成", "基本达成", "部分达到"]


class DirectionOptions(BaseModel):
    """How an indicator's target is read when the target itself states no comparator."""

    lower_is_better: list[str] = Field(
        default_factory=lambda: list(DEFAULT_LOWER_IS_BETTER),
        description="name fragments of indicators whose target is an upper bound (控制率 …)")
    capped: list[str] = Field(
        default_factory=lambda: list(DEFAULT_CAPPED),
        description="name fragments of rates where exceeding the target is a deviation (执行率 …)")
    completion_rates: list[str] = Field(
        default_factory=lambda: list(DEFAULT_COMPLETION_RATES),
        description="name fragments of completion rates, implicitly aiming at 100% when no target "
                    "is stated (区域规划方案完成率 50% is a miss)")
    unmet_words: list[str] = Field(
        default_factory=lambda: list(DEFAULT_UNMET_WORDS),
        description="stated actuals that admit the target was missed")
    partial_words: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PARTIAL_WORDS),
        description="stated actuals that admit the target was only partly met")


def points(quantity: Quantity | None) -> Interval | None:
    """The interval a stated weight or score stands for; a dash (`-`) is zero points."""
    if quantity is None:
        return None
    if quantity.nil:
        return Interval.exact(ZERO)
    if quantity.value is None:
        return None
    if quantity.decimals == 0:
        return Interval.exact(quantity.value)
    return figures.interval(quantity)


def has_points(quantity: Quantity | None) -> bool:
    return quantity is not None and quantity.value is not None


def effective_weight(node: Indicator) -> Interval | None:
    """The node's stated weight, else the sum of its children's (None when any is unknown)."""
    if node.weight is not None and (node.weight.nil or node.weight.value is not None):
        return points(node.weight)
    return _sum_children(node.children, effective_weight)


def effective_score(node: Indicator) -> Interval | None:
    """The node's stated score, else the sum of its children's (None when any is unknown)."""
    if node.score is not None and (node.score.nil or node.score.value is not None):
        return points(node.score)
    return _sum_children(node.children, effective_score)


def _sum_children(children: Sequence[Indicator], of) -> Interval | None:
    if not children:
        return None
    values = [of(child) for child in children]
    if any(value is None for value in values):
        return None
    return intervals.total(values)


def is_full_score(node: Indicator) -> bool:
    """Full points: a positive weight and a stated score at least as high (no deduction made)."""
    weight, score = node.weight, node.score
    if not has_points(weight) or not has_points(score) or weight.value <= ZERO:
        return False
    return score.value >= weight.value


def is_deducted(node: Indicator) -> bool:
    """Points were taken off: a stated score below a positive stated weight."""
    weight, score = node.weight, node.score
    if not has_points(weight) or weight.value <= ZERO or score is None:
        return False
    if score.nil:
        return True
    return score.value is not None and score.value < weight.value


def name_has(name: str, fragments: Iterable[str]) -> bool:
    return any(fragment and fragment in name for fragment in fragments)


@dataclass(frozen=True)
class Outcome:
    """Whether an indicator met its target.

    `missed`: the actual falls short of the target (or over an upper bound).
    `over_cap`: the actual overshoots a capped rate (执行率 above 100%).
    `certain`: both figures are exact and the direction is stated or plain; otherwise the outcome
    rests on an inequality (`>100%`), a name-implied direction or a partial-completion word.
    `direction`: the comparison used (`>=`, `<=`, `=`, `word`).
    """

    missed: bool
    over_cap: bool
    certain: bool
    direction: str

    @property
    def deviates(self) -> bool:
        return self.missed or self.over_cap


def _units_agree(a: Quantity, b: Quantity) -> bool:
    if a.unit is None or b.unit is None:
        return True
    try:
        return figures.base(a)[0] == figures.base(b)[0]
    except ValueError:
        return False


def outcome(node: Indicator, options: DirectionOptions) -> Outcome | None:
    """Compare the node's actual with its target; None when they cannot be compared."""
    target, actual = node.target, node.actual
    if actual is not None and target is None:
        return _implied_completion(node, options)
    if target is None or actual is None or actual.nil or target.nil:
        return None
    words = _word_outcome(actual, options, target)
    if words is not None:
        return words
    if target.value is None or actual.value is None or not _units_agree(target, actual):
        return None
    name = node.name.text
    if target.comparator is not None:
        direction, implied = target.comparator, False
    elif name_has(name, options.lower_is_better):
        direction, implied = "<=", True
    else:
        direction, implied = ">=", False
    capped = target.comparator is None and name_has(name, options.capped)
    goal = figures.interval(target)
    if actual.comparator is None:
        return _exact_outcome(figures.interval(actual), goal, direction, implied, capped)
    return _inequality_outcome(actual, target.value, direction, capped)


class Outcomes:
    """`outcome` of a report's indicator rows under one reading of targets, each row computed
    once: PL305, PL306, PL309 and PL402 ask for the same rows of the same report."""

    def __init__(self, options: DirectionOptions) -> None:
        self.options = options
        self._known: dict[int, Outcome | None] = {}

    def of(self, node: Indicator) -> Outcome | None:
        key = id(node)  # the report, held by the memo, keeps its nodes (and their ids) alive
        if key in self._known:
            return self._known[key]
        result = self._known[key] = outcome(node, self.options)
        return result


def outcomes(report: Report, options: DirectionOptions) -> Outcomes:
    """The report's `Outcomes` under `options` (shared by the rules whose options read targets
    the same way: `outcome` reads nothing else from them)."""
    key = ("outcomes", *(tuple(getattr(options, name)) for name in DirectionOptions.model_fields))
    return per_report(report, key, lambda: Outcomes(options))


def _implied_completion(node: Indicator, options: DirectionOptions) -> Outcome | None:
    """A completion rate with no stated target aims at 100%: a judgement, so never certain."""
    actual = node.actual
    if (actual is None or actual.value is None or actual.unit != "%"
            or not name_has(node.name.text, options.completion_rates)):
        return _word_outcome(actual, options) if actual is not None and not actual.nil else None
    if actual.comparator is not None:
        return _inequality_outcome(actual, HUNDRED, ">=", capped=False)
    missed = below(figures.interval(actual), Interval.exact(HUNDRED))
    return Outcome(missed=missed, over_cap=False, certain=False, direction=">=")


def _word_outcome(actual: Quantity, options: DirectionOptions,
                  target: Quantity | None = None) -> Outcome | None:
    if actual.value is not None:
        return None
    literal = actual.literal.strip()
    if target is not None and target.literal.strip() in YES_NO and literal in YES_NO:
        return Outcome(missed=literal != target.literal.strip(), over_cap=False, certain=True,
                       direction="word")
    if literal in options.unmet_words:
        return Outcome(missed=True, over_cap=False, certain=True, direction="word")
    if literal in options.partial_words:
        return Outcome(missed=True, over_cap=False, certain=False, direction="word")
    return None


def below(a: Interval, b: Interval) -> bool:
    """Every value `a` stands for is below every value `b` stands for.

    A rounded figure stands for a half-open interval (99% for [98.5%, 99.5%), rounding half up;
    see perflint.intervals), so a rounded `a` whose upper end touches `b` is still below it; an
    exact `a` (a count, whole points) touching `b` is inside it.
    """
    return a.hi < b.lo or (a.hi == b.lo and (a.hi_open or b.lo_open))


def disjoint(a: Interval, b: Interval) -> bool:
    """Two stated figures cannot stand for the same value."""
    return not a.intersects(b)


def _exact_outcome(got: Interval, goal: Interval, direction: str, implied: bool,
                   capped: bool) -> Outcome:
    if direction in (">=", ">"):
        missed = below(got, goal)
    elif direction in ("<=", "<"):
        missed = below(goal, got)
    else:
        missed = disjoint(got, goal)
    over_cap = capped and direction in (">=", ">") and below(goal, got)
    return Outcome(missed=missed, over_cap=over_cap, certain=not implied, direction=direction)


def _inequality_outcome(actual: Quantity, goal: Decimal, direction: str, capped: bool) -> Outcome:
    """`>100%` / `<5%`: the actual is a region; it misses when the region lies past the goal.

    The goal's stated value (not its rounding interval) is the boundary here: whoever wrote `>100%`
    against a target of 100% meant "more than the target".
    """
    bound = actual.value
    above = actual.comparator in (">", ">=")
    if direction in (">=", ">"):
        missed = not above and bound <= goal
    elif direction in ("<=", "<"):
        missed = above and bound >= goal
    else:
        missed = (above and bound >= goal) or (not above and bound <= goal)
    over_cap = capped and direction in (">=", ">") and above and bound >= goal
    return Outcome(missed=missed, over_cap=over_cap, certain=False, direction=direction)


def leaves_with_points(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The lowest scored rows: nodes with a stated weight and score none of whose children has one."""
    found: list[Indicator] = []
    for root in indicators:
        for node in root.walk():
            if not (has_points(node.weight) and has_points(node.score)):
                continue
            if any(has_points(c.weight) and has_points(c.score) for d in node.children for c in d.walk()):
                continue
            found.append(node)
    return found


def target_text(node: Indicator, lang: str = "zh") -> str:
    """The target as stated, or what an implied completion target stands for."""
    if node.target is not None:
        return node.target.literal
    return "none stated (100% implied)" if lang == "en" else "未列明（按100%计）"


def span_or_row(quantity: Quantity | None, node: Indicator) -> Span | None:
    """A figure's span, else its indicator row's (a figure given in long form may carry none)."""
    if quantity is not None and quantity.span is not None:
        return quantity.span
    return node.span


def fmt(interval: Interval) -> str:
    """A computed point total as a report would write it (exact sums print without noise)."""
    if interval.lo == interval.hi:
        return _plain(interval.lo)
    middle = (interval.lo + interval.hi) / 2
    return _plain(middle)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# ------------------------------------------------------------------ the scored funds row

#: How messages name the scored budget row.
FUNDS_LABEL = {"zh": "预算执行率", "en": "budget execution rate"}


@dataclass(frozen=True)
class FundsPoints:
    """The budget row a form profile scores inside the indicator total (`scoring.funds_row`: the
    national project form's 预算执行率, 分值 10 of the 100 points, 得分 in the 年度资金总额 row).

    `row` is the report's one budget row that states points (None when it states none, or when
    several rows do and which one is meant is not said); `weight` its 分值, else the profile's usual
    one; `score` its 得分 as stated (None when not stated, a dash or unknown); `weight_stated`
    whether the weight is the row's own cell.
    """

    row: BudgetRow | None
    weight: Interval | None
    score: Interval | None
    weight_stated: bool

    def label(self, lang: str = "zh") -> str:
        return FUNDS_LABEL.get(lang, FUNDS_LABEL["zh"])


def _scored(quantity: Quantity | None) -> bool:
    return quantity is not None and quantity.value is not None


def funds_points(report: Report, ctx: CheckContext) -> FundsPoints | None:
    """The scored funds row of the report's form, or None when its profile scores no budget row."""
    profiles = [ctx.profile, *ctx.part_profiles.values()]
    profile = next((p for p in profiles if p is not None and p.scoring.funds_row is not None), None)
    if profile is None:
        return None
    usual = profile.scoring.funds_row.weight
    rows = [row for table in report.budget_tables
            for row in ([table.total] if table.total is not None else []) + table.rows
            if _scored(row.weight) or _scored(row.score)]
    row = rows[0] if len(rows) == 1 else None
    weight = points(row.weight) if row is not None and _scored(row.weight) else None
    score = points(row.score) if row is not None and _scored(row.score) else None
    stated = weight is not None
    if weight is None and usual is not None:
        weight = Interval.exact(usual)
    return FundsPoints(row=row, weight=weight, score=score, weight_stated=stated)


def full_score(report: Report, default: Decimal) -> Interval:
    """The full score the top level must reach: the stated 满分, else `default` (a rule option)."""
    max_score = report.evaluation.max_score if report.evaluation else None
    stated = points(max_score) if max_score is not None else None
    return stated if stated is not None else Interval.exact(default)


def top_weights(report: Report) -> Interval | None:
    """The sum of the top-level indicators' weights (None when one is unknown or there are none)."""
    if not report.indicators:
        return None
    weights = [effective_weight(root) for root in report.indicators]
    if any(weight is None for weight in weights):
        return None
    return intervals.total(weights)


def form_full_score(option: Decimal | None, profile: Profile | None) -> Decimal:
    """The full score when a report states none: the rule's option when a ruleset sets it, else
    the form profile's `scoring.total`, else 100."""
    if option is not None:
        return option
    if profile is not None and profile.scoring.total is not None:
        return profile.scoring.total
    return Decimal(100)

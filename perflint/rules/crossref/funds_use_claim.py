"""PL404 funds-use-claim: a sentence says the money was paid out or used in full, while the
report states that some of it was not.

What it checks
    Narrative sentences that claim the funds were paid out or used in full (`claim_phrases`:
    "已全部拨付使用", "已全面拨付使用", "已全部支出", "已全额支付", "已支付完毕" …), against what
    the same report says was not: an execution rate below 100% as extracted (a 预算执行率 fact,
    its concept read without the subject it starts with, or naming its fund as in 良种补贴资金执行率;
    a budget row's 执行率), or words that money was left unused (`unused_words`: 未使用, 未支付,
    未拨付, 未支出; a 结余 of more than 0).
    - A claim counts only as written: in a sentence that names money, with none of `limit_words`
      before the phrase in its clause (尚未…, 基本…, 计划…, 是否…) and no exception (除…外) before
      it in its sentence. A phrase followed by one of `arrival_words` says the money arrived, not
      that it was used, and "资金已全部到位" is no claim at all; nor, by default, is "已全部拨付"
      alone (passed on to the units that spend it, or arrived: 拨付到位).
    - A statement of another period is no contradiction: a rate or words after 上半年, 一季度,
      截至6月底, 1-6月, another year or 上年 in its sentence, or a rate whose subject is another
      year. Unused words are read only as a statement about money (无未拨付资金, 未使用财政资金购买…
      are not). In the claim's own sentence, a statement after 但/仅/其中/尚有 is the claim's
      stated exception, not a contradiction.
    - Scope. Funds are compared by key: the name without `generic_words` (中央, 财政, 专项, 补助,
      资金, 发展, 项目支出 …), brackets and a leading 年 or place character, so 林业改革发展资金 and
      林业改革资金 are one fund (林业改革), while 资金, 项目资金, 中央财政补助资金 and 项目支出 name
      none. A claim is about the last fund named before the phrase in its sentence, else the one
      its section heading names. A statement is about its rate's subject (as extracted) or the
      last fund named before its words; a part introduced by 其中 belongs as well to the fund named
      before 其中 in its sentence, else to the one the last sentence without 其中 named first.
      A statement contradicts a claim about fund F when
        * the report's title (or a line of its preamble naming what is evaluated, …绩效自评) names
          F and no other fund family: the report is about F, so all its money is F or a part of
          F; or
        * its fund, or the fund it is a part of, has a key containing F's (F itself, 农业保险 of
          农业, 良种补贴 after "农业发展资金…。其中…").
      A statement that names no fund (a 预算执行率 without subject, a table's total) is about the
      report's money as a whole: it contradicts a claim about F only when the report is about F.
      A claim that names no fund is contradicted only when the report names exactly one fund
      family (keys that contain one another; title, preamble, claims and rates counted) and
      the statement names it or the title or preamble does: with several funds side by side, or
      none, nothing says which money the claim is about.
    The finding quotes the claim phrase and points at each contradicting rate or words.

Why it matters
    "已全部拨付使用" tells the reader the money reached its purpose; a 预算执行率 of 0% or "当年未
    使用" for the same fund, or a part of it, says it did not. One of the two statements is false,
    and a reviewer scoring 预算执行 has to find out which. The claim and the unused words are
    found by phrase, so the finding is a warning.

Example
    "水利发展资金共计80万元，已全部拨付使用。" + "其中小型水库维修养护资金20万元尚未支付，预算执行率0%。"
                                                                                   (PL404)
    "水利发展资金已全部到位。" + "预算执行率80%。"                  (holds: arrival is not use)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Fact, Quantity, Report, Span
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import per_options
from perflint.rules.scoring.textspan import Sentence, contains_any, narrative_sentences, sentences, sub_span
from perflint.rules.wholetext import bodies_holding

#: Paid out or used, not only passed on: "已全部拨付" alone may mean the money went down to the
#: units that spend it (or arrived, 拨付到位), while their execution is still under way.
DEFAULT_CLAIMS = ["已全部拨付使用", "已全面拨付使用", "已全额拨付使用", "已全部拨付到户", "已全额拨付到户",
                  "已全部支出", "已全额支出", "已全部支付", "已全额支付", "已支付完毕", "已全部使用",
                  "已使用完毕", "已全额发放", "已全部兑付", "已全额兑付"]
DEFAULT_ARRIVAL = ["到位", "到账", "至我", "到我", "给我"]
DEFAULT_LIMITS = ["未", "没有", "不", "尚", "基本", "大部分", "部分", "大多", "其余", "剩余", "余下", "拟",
                  "计划", "将", "应", "要", "确保", "力争", "争取", "是否", "如"]
DEFAULT_UNUSED = ["未使用", "未支付", "未拨付", "未支出"]
DEFAULT_GENERIC = ["中央", "省级", "市级", "县级", "区级", "乡级", "地方", "本级", "上级", "各级", "财政",
                   "专项", "转移支付", "补助", "补贴", "资金", "经费", "发展", "项目", "预算", "单位", "各类",
                   "直达", "衔接", "拨款", "年度", "全年", "当年", "本年", "总额", "合计", "总计", "共计",
                   "其他", "基本支出", "项目支出", "人员经费", "公用经费", "支出", "收入", "结转", "结余"]

#: Words that make a sentence about money: a claim or unused words elsewhere are about something else.
_MONEY = ("资金", "经费", "款", "补助", "补贴", "元", "预算")
_CLAUSE = re.compile(r"[，,；;：:]")
_EXCEPTION = re.compile(r"除(?:了)?.*?(?:外|以外)")
#: After a claim in its own sentence, these introduce the claim's stated exception.
_EXCEPTION_AFTER = re.compile(r"但|仅|只有|其中|尚有|剩余|除")
_NOT_UNUSED = re.compile(r"(?:无|不存在|没有|杜绝|防止|避免|严禁|不得|是否)\S{0,3}$")
#: What unused words are followed by when they state money was not used (not 未使用财政资金购买…).
_UNUSED_END = re.compile(r"(?:[，,。；;、）)\s]|$|的|资金|完|金额|部分|\d)")
_SURPLUS = re.compile(r"结余(?:资金)?(?:为|共计|共|了|达)?\s*(?P<amount>\d+(?:\.\d+)?)\s*(?:亿元|万元|元)")
_SURPLUS_BEFORE = re.compile(r"年初|上年|以前年度|往年|累计|结转[和及]")
#: Another period than the report's year: half-years, quarters, months before December.
_PERIOD = re.compile(r"上半年|下半年|[一二三四1-4]季度|(?:截[至止]|截止到|至)\s*(?:(?:19|20)\d{2}\s*年)?\s*"
                     r"(?:1[01]|[1-9])\s*月|(?<!\d)(?:1[01]|[1-9])\s*月(?:底|末|份)|(?<!\d)1\s*[-—~～至到]\s*"
                     r"(?:1[01]|[1-9])\s*月|上年|去年|以前年度|往年")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_PART = re.compile(r"^((?:19|20)\d{2})年(?:度)?$")
_RATE_CONCEPT = re.compile(r"^(?:总体|总|整体|全年|年度|本年度?|当年)?(?:预算|资金|预算资金)?"
                           r"(?:执行率|支出率|支付率|使用率)$")
#: A rate concept that names its fund (良种补贴资金执行率).
_FUND_RATE = re.compile(r"^(?P<fund>.+?(?:资金|经费|补助|补贴))(?:预算)?(?:执行率|支出率|支付率|使用率)$")
_FUND_NOUN = re.compile(r"(?:(?:补助|补贴|专项)?(?:资金|经费)|补助|补贴|公益金)"
                        r"(?!标准|人数|户数|人次|对象|政策|范围|资格|名单|率)")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff（）()]")
#: Where a fund's name cannot go on backwards: verbs, prepositions and particles before a name,
#: and the end of an organization's name (农业农村局项目资金 is the 局's 项目资金).
_BEFORE_NAME = re.compile(r".*(?:将|把|对|向|给|为|是|在|已|由|从|以|及|和|与|或|的|共|达|于|至|其中|其|我|"
                          r"该|本|此|各|用于|下达|拨付|安排|使用|根据|按照|包括|分配|局|中心|委员会|办公室)")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]|《[^《》]*》")
#: What a name may start with that is not the fund's: the 年 of a year, a place's last character.
_NAME_START = re.compile(r"^(?:年度|年)?[省市县区乡镇]*")
_HUNDRED = Decimal(100)
#: How many contradicting places a message quotes, and how many statements it points at: a
#: reader needs a few to see the contradiction, and each span costs the text before it.
_SHOWN = 3
_RELATED = 20


class FundsUseClaimOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_phrases: list[str] = Field(default_factory=lambda: list(DEFAULT_CLAIMS),
                                     description="phrases that claim the funds were paid out or used in full")
    arrival_words: list[str] = Field(default_factory=lambda: list(DEFAULT_ARRIVAL),
                                     description="words right after a claim phrase that make it say the "
                                                 "money arrived (已全部拨付到位)")
    limit_words: list[str] = Field(default_factory=lambda: list(DEFAULT_LIMITS),
                                   description="words before the phrase in its clause that make it no claim")
    unused_words: list[str] = Field(default_factory=lambda: list(DEFAULT_UNUSED),
                                    description="words that state money was not paid or used")
    generic_words: list[str] = Field(default_factory=lambda: list(DEFAULT_GENERIC),
                                     description="words left out when fund names are compared")


@dataclass(frozen=True)
class _Claim:
    sentence: Sentence
    phrase: str
    #: where the phrase starts in the sentence
    at: int
    #: the fund the claim is about (None: it names none)
    key: str | None


@dataclass(frozen=True)
class _Statement:
    """A rate below 100% or unused words: what it quotes, where, and which fund it is about."""

    label: str
    key: str | None
    #: the key of the fund a part introduced by 其中 belongs to
    parent: str | None = None
    #: the narrative sentence it is in, with its [start, end) there (None: a table or the preamble)
    sentence: Sentence | None = None
    start: int = 0
    end: int = 0
    #: the figure's span, for a statement outside the narrative
    figure: Span | None = None

    def span(self) -> Span | None:
        """Where the statement is: its clause in the sentence, else its figure. Made when a
        finding quotes it, since slicing a span costs the length of the text before it."""
        if self.sentence is None:
            return self.figure
        here = self.sentence
        return sub_span(here.source, here.start + self.start, here.start + self.end)


class FundsUseClaim(ReportRule):
    """A sentence claims the funds were paid or used in full while the report says some were not."""

    code = "PL404"
    name = "funds-use-claim"
    severity = "warning"
    groups = ("crossref",)
    Options = FundsUseClaimOptions
    messages = {
        "zh": "“{claim}”与{against}矛盾",
        "en": "“{claim}” says the funds were paid or used in full, but {against_en} says otherwise",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        names = per_options(options, _Names, lambda: _Names(options.generic_words))
        claims = _claims(report, options, names)
        if not claims:
            return
        statements = _statements(report, options, names)
        if not statements:
            return
        named = [key for text in _own_texts(report) for _, key in names.mentions(text) if key]
        # the report is about one fund only when what its title names is one family
        own = named if len(_families(set(named))) == 1 else []
        keys = [c.key for c in claims] + [s.parent or s.key for s in statements] + named
        keys += [names.subject_key(subject) for is_rate, subject in map(_execution_rate, report.facts)
                 if is_rate]
        single = len(_families({k for k in keys if k})) == 1
        for claim in claims:
            against = [s for s in statements
                       if _covers(claim, s, own, single) and not _excepted(claim, s)]
            if not against:
                continue
            places = _places(against)
            shown, more = places[:_SHOWN], len(places) - _SHOWN
            quoted = [(f"第{line}行" if line else "", f"line {line} " if line else "", f"“{quote}”")
                      for line, quote in shown]
            yield ctx.finding(
                claim.sentence.span_of(claim.phrase), claim=claim.phrase,
                against="、".join(zh + quote for zh, _, quote in quoted)
                + (f"等{len(places)}处" if more > 0 else ""),
                against_en=", ".join(en + quote for _, en, quote in quoted)
                + (f" and {more} more" if more > 0 else ""),
                related=[(s.span(), s.label) for s in against[:_RELATED]])


class _Names:
    """Fund names in text and the keys they are compared by (see the module docstring)."""

    def __init__(self, generic_words: list[str]) -> None:
        words = sorted((w for w in generic_words if w), key=len, reverse=True)
        self._generic = re.compile("|".join(map(re.escape, words))) if words else None

    def key(self, name: str) -> str | None:
        """`name` without brackets, generic words and a leading 年 or place character; None when
        nothing is left (资金, 中央财政补助资金 name no fund)."""
        text = _BRACKETED.sub("", re.sub(r"\s", "", name))
        if self._generic is not None:
            text = self._generic.sub("", text)
        return _NAME_START.sub("", text, count=1) or None

    def mentions(self, text: str) -> list[tuple[int, str | None]]:
        """(start, key) of each fund named in `text`: a fund noun (资金, 经费, 补助 …) with the name
        characters before it, back to a verb or particle (下达我县农业发展资金 → 县农业发展资金)."""
        found = []
        for match in _FUND_NOUN.finditer(text):
            start = match.start()
            while start > 0 and match.start() - start < 16 and _NAME_CHAR.match(text[start - 1]):
                start -= 1
            cut = _BEFORE_NAME.match(text, start, match.start())
            if cut is not None:
                start = cut.end()
            found.append((start, self.key(text[start:match.end()])))
        return found

    def named_before(self, text: str, at: int) -> str | None:
        """The key of the last fund named in `text` before `at`, of those that name one."""
        keys = [key for _, key in self.mentions(text[:at]) if key]
        return keys[-1] if keys else None

    def subject_key(self, subject: str | None) -> str | None:
        """The key of a fact's subject: its last level that is not a year (`2023年·林业发展资金`)."""
        parts = [p for p in (subject or "").split("·") if p and not _YEAR_PART.match(p)]
        return self.key(parts[-1]) if parts else None


def _claims(report: Report, options: FundsUseClaimOptions, names: _Names) -> list[_Claim]:
    """The narrative's sentences that claim the funds were paid or used in full, each with the
    fund it is about (the module docstring says what is no claim)."""
    phrases = tuple(sorted((p for p in options.claim_phrases if p), key=len, reverse=True))
    arrival = tuple(w for w in options.arrival_words if w)
    limits = tuple(w for w in options.limit_words if w)
    found = []
    for section in bodies_holding(report, phrases):  # most reports: none
        for sentence in sentences(section.body):
            text = sentence.text
            phrase = next((p for p in phrases if p in text), None)
            if phrase is None or not contains_any(text, _MONEY):
                continue
            at = text.find(phrase)
            clause = text[max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0):at]
            if (text.startswith(arrival, at + len(phrase)) or _EXCEPTION.search(text, 0, at)
                    or contains_any(clause, limits)):
                continue
            heading = section.heading.text
            key = names.named_before(text, at) or names.named_before(heading, len(heading))
            found.append(_Claim(sentence, phrase, at, key))
    return found


def _below(quantity: Quantity | None) -> bool:
    """A stated percentage below 100 (not an inequality, not a blank)."""
    return (quantity is not None and quantity.value is not None and quantity.comparator is None
            and quantity.unit == "%" and quantity.value < _HUNDRED)


def _statements(report: Report, options: FundsUseClaimOptions, names: _Names) -> list[_Statement]:
    """Every rate below 100% and every mention of unused money, of the report's own period, each
    with the fund it is about. A rate in a narrative sentence is quoted there (its clause); one in
    a table or the preamble stands alone."""
    rates = _rates(report)
    places = sorted(rates)
    year = _report_year(report)
    unused = tuple(w for w in options.unused_words if w)
    found: list[_Statement] = []
    placed: set[int] = set()
    opened: str | None = None  # the fund the last sentence without 其中 named first
    for _, sentence in narrative_sentences(report):
        text = sentence.text
        items = _unused_in(text, unused, names) if contains_any(text, (*unused, "结余")) else []
        if rates and "率" in text:
            items += _rates_in(sentence, rates, places, placed, names, year)
        parts_from = text.find("其中")
        for start, end, key in items:
            if _other_period(text[:start], year):
                continue
            parent = None
            if 0 <= parts_from < start:
                parent = names.named_before(text, parts_from) or opened
            clause = _clause_start(text, start)
            found.append(_Statement(text[clause:end], key, parent, sentence, clause, end))
        if parts_from != 0:
            head = text if parts_from < 0 else text[:parts_from]
            opened = next((k for _, k in names.mentions(head) if k), opened)
    for place, (quantity, label, subject) in rates.items():
        if place not in placed and not _other_year(subject, year):
            found.append(_Statement(f"{label}{quantity.literal}", names.subject_key(subject),
                                    figure=quantity.span))
    return found


def _rates(report: Report) -> dict[int, tuple[Quantity, str, str | None]]:
    """The execution rates below 100% the model holds, by place in the source, with their label
    and subject: 预算执行率 facts, then budget rows (a row the narrative states is a fact too)."""
    rates: dict[int, tuple[Quantity, str, str | None]] = {}
    for fact in report.facts:
        is_rate, subject = _execution_rate(fact)
        if is_rate and _below(fact.value):
            rates.setdefault(_place_of(fact.value), (fact.value, fact.concept, subject))
    for table in report.budget_tables:
        for row in [*table.rows, table.total]:
            if row is not None and _below(row.rate):
                subject = None if row is table.total else row.label
                rates.setdefault(_place_of(row.rate), (row.rate, f"{row.label}执行率", subject))
    return rates


def _execution_rate(fact: Fact) -> tuple[bool, str | None]:
    """Whether `fact` states an execution rate, and what it is the rate of: its subject, and the
    fund its concept names before the rate (良种补贴资金执行率). A concept that starts with its
    subject is read without it (农业发展资金预算执行率 of 农业发展资金 is a 预算执行率)."""
    concept = fact.concept
    for part in (fact.subject or "").split("·"):
        if part and concept.startswith(part):
            concept = concept[len(part):]
    if _RATE_CONCEPT.match(concept):
        return True, fact.subject
    named = _FUND_RATE.match(concept)
    if named is None:
        return False, None
    return True, "·".join(p for p in (fact.subject, named.group("fund")) if p)


def _place_of(quantity: Quantity) -> int:
    """Where a figure is in the source (its offset), so a rate the model holds twice counts once."""
    span = quantity.span
    return span.offset if span is not None and span.offset is not None else id(quantity)


def _unused_in(text: str, words: tuple[str, ...], names: _Names) -> list[tuple[int, int, str | None]]:
    """[start, end) and fund key of each statement in `text` that money was not used: unused
    words about money (not 无未拨付资金, not 未使用财政资金购买…), or a 结余 of more than 0 of
    this year (not 年初结转和结余)."""
    if not contains_any(text, _MONEY):
        return []
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if not _NOT_UNUSED.search(text, 0, at) and _UNUSED_END.match(text, end):
                found.append((at, end, names.named_before(text, at)))
            at = text.find(word, end)
    for match in _SURPLUS.finditer(text):
        before = text[_clause_start(text, match.start()):match.start()]
        if Decimal(match.group("amount")) > 0 and not _SURPLUS_BEFORE.search(before):
            found.append((match.start(), match.end(), names.named_before(text, match.start())))
    return found


def _rates_in(sentence: Sentence, rates: dict[int, tuple[Quantity, str, str | None]], places: list[int],
              placed: set[int], names: _Names, year: int | None) -> list[tuple[int, int, str | None]]:
    """[start, end) and fund key of each rate of `rates` (`places`: their keys, sorted) that
    `sentence` states; each is marked `placed`. A rate whose subject is another year is placed
    but not returned."""
    bounds = _offsets(sentence)
    if bounds is None:
        return []
    start, end, exact = bounds
    found = []
    text = sentence.text
    for place in places[bisect_left(places, start):bisect_left(places, end)]:
        quantity, _, subject = rates[place]
        at = place - start if exact else text.find(quantity.literal)
        if place in placed or at < 0 or not text.startswith(quantity.literal, at):
            continue
        placed.add(place)
        if not _other_year(subject, year):
            found.append((at, at + len(quantity.literal), names.subject_key(subject)))
    return found


def _offsets(sentence: Sentence) -> tuple[int, int, bool] | None:
    """[start, end) of `sentence` in the source, and whether its text is the source's there (so a
    figure's offset maps into it). Read off its text's span when that quotes the text as is (a
    raw .txt), since slicing a span per sentence costs the length of the text before it."""
    whole = sentence.source.span
    if whole is not None and whole.offset is not None and whole.quote == sentence.source.text:
        start = whole.offset + sentence.start
        return start, start + len(sentence.text), True
    span = sentence.span()
    if span is None or span.offset is None or span.end_offset is None:
        return None
    return span.offset, span.end_offset, span.quote == sentence.text


def _clause_start(text: str, at: int) -> int:
    """Where the clause (after `，`, `；`, `：`) that `at` is in starts."""
    return max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0)


def _report_year(report: Report) -> int | None:
    """The year the report is about: as extracted, else the one its title names."""
    if report.year is not None or report.title is None:
        return report.year
    named = _YEAR.search(report.title.text)
    return int(named.group(1)) if named else None


def _other_period(before: str, year: int | None) -> bool:
    """Whether the sentence up to a statement names a period other than the report's year."""
    if _PERIOD.search(before):
        return True
    years = _YEAR.findall(before)
    return bool(years) and year is not None and int(years[-1]) != year


def _other_year(subject: str | None, year: int | None) -> bool:
    """Whether a fact's subject names another year than the report's (or 上年)."""
    for part in (subject or "").split("·"):
        match = _YEAR_PART.match(part)
        if part == "上年" or (match is not None and year is not None and int(match.group(1)) != year):
            return True
    return False


def _own_texts(report: Report) -> list[str]:
    """The texts that say what the whole report is about: its title and the lines of its preamble
    that name what is evaluated (…资金绩效自评), not a preamble's other sentences (根据…下达…)."""
    lines = report.preamble.text.splitlines() if report.preamble is not None else []
    return [*([report.title.text] if report.title is not None else []), *(x for x in lines if "绩效" in x)]


def _families(keys: set[str]) -> set[str]:
    """The keys no other key is part of: one per fund family (农业 for 农业 and 农业保险)."""
    return {k for k in keys if not any(o != k and o in k for o in keys)}


def _covers(claim: _Claim, statement: _Statement, own: list[str], single: bool) -> bool:
    """Whether `statement` is about the fund `claim` is about (the module docstring's scope)."""
    fund = claim.key
    if fund is None:
        return single and (statement.key is not None or statement.parent is not None or bool(own))
    if any(fund in k or k in fund for k in own):
        return True
    return any(k is not None and fund in k for k in (statement.key, statement.parent))


def _excepted(claim: _Claim, statement: _Statement) -> bool:
    """Whether `statement` is in the claim's own sentence, stated after it as its exception
    (已全部拨付，但…尚未支付)."""
    here = statement.sentence
    if here is None or here.source is not claim.sentence.source or here.start != claim.sentence.start:
        return False
    return statement.start < claim.at or bool(_EXCEPTION_AFTER.search(here.text, claim.at, statement.end))


def _places(statements: list[_Statement]) -> list[tuple[int | None, str]]:
    """(line, quote) of each place the statements are at: one per sentence, quoting from its
    first statement to its last when that is short, else each alone. Only the first `_SHOWN`
    places get a line (a span), the others are counted."""
    groups: dict[object, list[_Statement]] = {}
    for index, statement in enumerate(statements):
        here = statement.sentence
        groups.setdefault(index if here is None else (id(here.source), here.start), []).append(statement)
    places: list[tuple[int | None, str]] = []
    for group in groups.values():
        first = group[0]
        if len(places) >= _SHOWN:
            places.append((None, first.label))
            continue
        start, end = min(s.start for s in group), max(s.end for s in group)
        if first.sentence is not None and end - start <= 60:
            quote = first.sentence.text[start:end]
        else:
            quote = "…".join(s.label for s in group)
        span = first.span()
        places.append((span.line if span else None, quote))
    return places

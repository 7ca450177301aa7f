"""PL602 template-phrase: a stock phrase in a paragraph that states no figure, date or project.

What it checks
    Every section heading and body, and every indicator's completion value and deviation reason
    (a vague *target* is PL603's), for the phrases of a configurable list: 效果明显,
    达成预期指标, 进一步加强, 不断提高, 有效提升, 高度重视, 均按年度绩效指标完成,
    有待加强 … (phrases.yaml; a region's own, e.g. Jiangxi's, come with its ruleset). A phrase
    inside a paragraph that also states a figure, a date or a named project (《…》, “…”项目) is
    not reported: there it summarises evidence instead of replacing it. One finding per sentence,
    quoting the sentence. All lists are matched in one pass (Aho-Corasick), however long they are.

Why it matters
    Reviewers read these phrases as the sign of a report written from a template: "效果明显" or
    "达成预期指标" instead of a completion value is listed among the defects auditors find. An
    info-level note, to be read next to the figures.

Options
    phrases            the stock phrases (default: the bundled list)
    extra_phrases      phrases added by a ruleset
    extra_phrase_files phrase files added by a ruleset (phrases.yaml's format, their
                       `template_phrases` lists; paths relative to the ruleset file)
    allow_with_evidence  skip paragraphs that state a figure, date or named project (default true)
    headings           also check section headings (default true)
    indicators         also check indicator completion values and reasons (default true)

Example
    通过该项目的实施，有效的为不动产窗口办理登记业务提供信息化支撑。2022年我中心整体支出社会效益指标均按年度绩效指标完成。
                                                     (PL602 on the second sentence)
    年底前完成全部档案查询…地图服务提供周期为3天。2022年我中心整体支出时效指标均按年度绩效指标完成。
                                                     (fine: the paragraph states figures)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator

from pydantic import Field, field_validator

from perflint.findings import Finding
from perflint.model import Indicator, Report, Span
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators, per_options
from perflint.rules.text.common import RULESET_PATHS, PhraseFile, TextOptions, clip
from perflint.rules.texthits import joined_blocks
from perflint.textmatch.evidence import has_figure
from perflint.textmatch.phrases import PhraseMatcher, matcher, phrase_file, phrase_list
from perflint.textmatch.pieces import Block, TextView, text_view

LIST = "template_phrases"  #: the list of phrases.yaml (and of an added phrase file) PL602 reads


class TemplatePhraseOptions(TextOptions):
    phrases: list[str] = Field(default_factory=lambda: phrase_list(LIST))
    extra_phrases: list[str] = Field(default_factory=list)
    extra_phrase_files: list[PhraseFile] = Field(
        default_factory=list, json_schema_extra=RULESET_PATHS,
        description="phrase files whose template_phrases lists are added (phrases.yaml's format; in a "
                    "ruleset, relative to the ruleset file, elsewhere to the working directory)")
    allow_with_evidence: bool = True
    headings: bool = True
    indicators: bool = True

    @field_validator("extra_phrase_files")
    @classmethod
    def _has_the_list(cls, files: list[PhraseFile]) -> list[PhraseFile]:
        for file in files:
            if LIST not in phrase_file(file.path, file.sha256):
                raise ValueError(f"{file.path}: has no {LIST} list")
        return files

    def all_phrases(self) -> tuple[str, ...]:
        """The phrases matched: the list, the added phrases, then each added file's."""
        added = [p for f in self.extra_phrase_files for p in phrase_file(f.path, f.sha256)[LIST]]
        return tuple(dict.fromkeys([*self.phrases, *self.extra_phrases, *added]))


class TemplatePhrase(ReportRule):
    """A stock phrase stands where a figure, a date or a named project should be."""

    code = "PL602"
    name = "template-phrase"
    severity = "info"
    groups = ("text",)
    Options = TemplatePhraseOptions
    messages = {
        "default": {
            "zh": "套话“{phrase}”，所在段落没有数字、日期或具名项目：{sentence}",
            "en": "stock phrase “{phrase}” in a paragraph with no figure, date or named project: {sentence}",
        },
        "heading": {
            "zh": "标题是套话“{phrase}”：{sentence}",
            "en": "the heading is the stock phrase “{phrase}”: {sentence}",
        },
        "indicator": {
            "zh": "指标“{indicator}”的{field}是套话“{phrase}”：{sentence}",
            "en": "the {field} of indicator “{indicator}” is the stock phrase “{phrase}”: {sentence}",
        },
    }

    _FIELDS = {"actual": ("全年完成值", "completion value"), "reason": ("偏差原因", "deviation reason")}

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options: TemplatePhraseOptions = ctx.options
        phrases = per_options(options, PhraseMatcher, lambda: matcher(options.all_phrases()))
        find = phrases.find
        view = text_view(report)
        for block, found in _by_block(view.blocks, find):
            yield from self._in_block(view, block, found, options, ctx)
        # a phrase in a heading is in the headings joined: one search of them rules out the
        # usual report, whose headings hold none
        if options.headings and phrases.contains_any("\n".join(s.heading.text for s in report.sections)):
            for section in report.sections:
                heading = section.heading
                hit = find(heading.text)
                if hit and not (options.allow_with_evidence and has_figure(heading.text)):
                    yield ctx.finding(heading.span, message_key="heading", phrase=_phrases(hit),
                                      sentence=clip(heading.text))
        if options.indicators:
            yield from self._in_indicators(report, phrases, ctx)

    def _in_block(self, view: TextView, block: Block, found: list[tuple[int, int, str]],
                  options: TemplatePhraseOptions, ctx: CheckContext) -> Iterator[Finding]:
        evidence = view.evidence(block) if options.allow_with_evidence else None
        parts = view.sentences(block)
        starts = [p.start for p in parts]
        paras = view.paragraphs(block)
        para_starts = [p.start for p in paras]
        by_sentence: dict[int, list[str]] = {}
        for start, _end, phrase in found:
            i = bisect_right(starts, start) - 1
            if i < 0 or start >= parts[i].end:
                continue
            if evidence is not None:
                j = bisect_right(para_starts, start) - 1
                if j >= 0 and evidence.has(paras[j].start, paras[j].end):
                    continue
            by_sentence.setdefault(i, [])
            if phrase not in by_sentence[i]:
                by_sentence[i].append(phrase)
        for i, phrases in by_sentence.items():
            sentence = parts[i]
            yield ctx.finding(sentence.span(), phrase="”“".join(_longest(phrases)),
                              sentence=clip(sentence.text))

    def _in_indicators(self, report: Report, phrases: PhraseMatcher, ctx: CheckContext) -> Iterator[Finding]:
        texts = list(_indicator_texts(report))
        # as for the headings: one search of the texts joined rules out most reports
        if not phrases.contains_any("\n".join(text for _, _, text, _ in texts)):
            return
        for indicator, attr, text, span in texts:
            hit = phrases.find(text)
            if hit and not has_figure(text):
                zh, en = self._FIELDS[attr]
                yield ctx.finding(span, message_key="indicator", phrase=_phrases(hit),
                                  indicator=indicator.name.text, field=zh if ctx.lang == "zh" else en,
                                  sentence=clip(text))


def _by_block(blocks: list[Block], find: Callable[[str], list[tuple[int, int, str]]]
              ) -> Iterator[tuple[Block, list[tuple[int, int, str]]]]:
    """Each block holding a phrase, with its matches as `find` gives them for the block alone,
    from one search of the blocks `joined` (most blocks hold none): each match is given to the
    block it lies in, with offsets in that block; one across two blocks (a phrase with a line
    break in it) is none of either's."""
    joined = joined_blocks(blocks)
    found = find(joined.text)
    if not found:
        return
    by_block: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, phrase in found:
        index = joined.owner(start)
        base = joined.starts[index]
        if end - base <= len(joined.texts[index]):
            by_block.setdefault(index, []).append((start - base, end - base, phrase))
    for index, matches in by_block.items():
        yield blocks[index], matches


def _indicator_texts(report: Report) -> Iterator[tuple[Indicator, str, str, Span | None]]:
    """(indicator, field, text, span) of the indicators' completion values given in words and
    their deviation reasons, in order (a vague target is PL603's)."""
    for indicator in all_indicators(report):
        for attr in ("actual", "reason"):
            value = getattr(indicator, attr)
            if value is None:
                continue
            if attr == "reason":
                yield indicator, attr, value.text, value.span
            elif value.value is None and not value.nil:
                yield indicator, attr, value.literal, value.span


def _longest(phrases: list[str]) -> list[str]:
    """Drop phrases contained in another matched phrase (按年度绩效指标完成 inside 均按…)."""
    return [p for p in phrases if not any(p != q and p in q for q in phrases)]


def _phrases(found: list[tuple[int, int, str]]) -> str:
    return "”“".join(_longest(list(dict.fromkeys(p for _, _, p in found))))

"""PL609 template-paragraph: a paragraph is (nearly) a known template paragraph.

What it checks
    Every paragraph of the narrative (a non-blank line of a section body) against the reference
    corpus of paragraphs known to be copied from report to report: perflint's own (perflint/data/
    boilerplate/templates.yaml, sourced national material only; empty for now) and what the
    ruleset adds, as corpus files (`extra_corpus`: the `jiangxi` ruleset of the perflint-jiangxi
    plugin adds that region's generic problem lists, measures and disclosure promises) or inline.
    Text is compared after normalization (spaces, punctuation, years, list numbering, the unit's
    name and self-references such as 我单位/我中心 ignored) as character 3-grams. Only paragraphs
    that contain a run of 8 characters of some entry word for word are compared (one
    Aho-Corasick pass finds them). A paragraph matches when
    it contains at least `containment` of an entry's 3-grams, or when at least `coverage` of its
    own 3-grams come from one entry. Entries marked `prescribed` (the required opening that cites
    the governing documents) are never reported. Works on a single report, no corpus needed.
    With an empty reference corpus there is nothing to match and the rule is silent.

Why it matters
    A problems section copied from a template describes no real problem, and measures copied from
    a template commit to nothing; auditors single these paragraphs out as 套话.

Options
    min_chars, shingle, containment, coverage, mask_figures   how paragraphs are compared
    reference          use the bundled corpus (default true)
    extra_corpus       corpus files added (templates.yaml's format; in a ruleset, paths relative
                       to the ruleset file)
    extra_templates    a ruleset's own template paragraphs
    extra_prescribed   paragraphs every report is expected to contain

Example
    with  extra_templates: [坚持问题导向，压实主体责任，确保各项整改措施落地见效。]
    下一步我局将坚持问题导向，压实主体责任，确保各项整改措施落地见效。   (PL609: template extra-1)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import per_options
from perflint.rules.text.common import ParagraphOptions, clip
from perflint.textmatch.corpus import reference
from perflint.textmatch.paragraph_pass import paragraph_pass


class TemplateParagraphOptions(ParagraphOptions):
    min_chars: int = Field(20, ge=3)


class TemplateParagraph(ReportRule):
    """A paragraph is (nearly) a known template paragraph."""

    code = "PL609"
    name = "template-paragraph"
    severity = "warning"
    groups = ("text",)
    Options = TemplateParagraphOptions
    messages = {
        "zh": "本段与常见模板段落雷同（{entry}，{share}相同），未写出本单位的具体情况：{excerpt}",
        "en": "this paragraph is a known template paragraph ({entry}, {share} shared) and says nothing "
              "specific to the unit: {excerpt}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options: TemplateParagraphOptions = ctx.options
        ref = per_options(options, "reference", lambda: reference(*options.reference_args()))
        if not len(ref.entries):
            return
        shared = paragraph_pass(report)  # PL607 and PL608 collect from the same pass next
        chosen = shared.anchored(ref)
        if not chosen:
            return
        pieces = [shared.pieces[number] for number in chosen]
        every = shared.norms(options.mask_figures)
        norms = [every[number] for number in chosen]
        found = [(p, n) for p, n in zip(pieces, norms, strict=True) if len(n) >= options.min_chars]
        if not found:
            return
        matches = ref.match([norm for _, norm in found], float(options.containment), float(options.coverage))
        for (piece, _), match in zip(found, matches, strict=True):
            if match is None or match[0].kind != "template":
                continue
            entry, score = match
            share = max(score.containment, score.coverage)
            yield ctx.finding(piece.span(), entry=entry.id, share=f"{share:.0%}",
                              excerpt=clip(piece.text, 40))

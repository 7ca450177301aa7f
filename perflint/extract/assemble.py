"""Document → Report: read the tables and the narrative, place every statement, keep the rest as facts.

Order matters and follows how a reviewer reads a report:
1. tables first (the 自评表 is the reference: its evaluation and indicators win);
2. sections and paragraphs, each paragraph split into statements (`narrative.read`);
3. indicators stated in the narrative (when there is no indicator table), consuming their targets
   and results (`text_indicators`);
4. statements placed by what their label names (`statements`);
5. every labelled figure used by none of these becomes a `Fact` under its own label (`facts`), so
   nothing stated is lost, and nothing is related that the text did not relate.
"""

from __future__ import annotations

import re

from perflint.document import Document, Paragraph, Table
from perflint.extract import spaced, text_indicators
from perflint.extract.clauses import Kind
from perflint.extract.facts import facts_of
from perflint.extract.figures import scan_each
from perflint.extract.keyvalue import statement_pieces
from perflint.extract.located import joined_text, piece_text, section
from perflint.extract.narrative import Para, read, release
from perflint.extract.sections import Outline, build
from perflint.extract.statements import Statements, quantity
from perflint.extract.tables import MONEY_UNIT, TableFacts, read_table
from perflint.model import Evaluation, Fact, Report, ReportPart, Section, Text, Unit
from perflint.profiles import Detection, Profile, ProfileSet
from perflint.profiles.lexicon import label_roles_in_use

_TITLE = re.compile(r"(?:绩效(?:自评|评价)报告|自评报告|评价报告)")
_TITLE_UNIT = re.compile(r"^(?:(?:19|20)\d{2}年度?)?(?P<unit>.{4,40}?)(?:(?:19|20)\d{2}年度?)?(?:部门)?"
                         r"整体支出绩效(?:自评|评价)报告")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_UNIT_SENTENCE = re.compile(
    r"^(?P<unit>[^，。；：:]{4,40}?(?:局|中心|分局|委员会|办公室|院|所|站|馆|队))(?:为|是)")
_AUTHORITY = r"[^，。；、]{4,30}?(?:局|委员会|办公室|政府|厅)"
_PARENT = re.compile(rf"(?:主管部门为|隶属于)(?P<parent>{_AUTHORITY})(?=的|，|,|。)"
                     rf"|为(?P<parent2>{_AUTHORITY})的(?:派出机构|下属|直属)")
_GRADE = re.compile(r"(?:整体)?(?:绩效)?(?:自评|评价)(?:结果|等级)(?:为|是|：|:)\s*[“\"「]?"
                    r"(?P<grade>优秀|良好|优|良|中|差|合格|不合格)[”\"」]?")
_GRADE_WORDS = re.compile(r"(?:自评|评价)(?:结果|等级)")


class Assembler:
    def __init__(self, document: Document, detection: Detection, profiles: ProfileSet) -> None:
        self.document = document
        self.detection = detection
        #: the profile the document is read with; an unrecognized document is read with the
        #: national base (columns and numbers, no outline), never with a guessed kind's outline
        self.profile = detection.profile or profiles.get("national/base")
        self.profiles = profiles
        self.tables = TableFacts()
        self.paras: list[Para] = []
        self.outline = Outline([], {}, [], [])
        self.grade: Text | None = None
        self.unit_name: Text | None = None
        self.parent: Text | None = None
        self.title: Text | None = None
        self.year: int | None = None

    def run(self) -> Report:
        paragraphs: list[Paragraph] = []
        since_table: list[str] = []
        for index, block in spaced.recover(self.document.blocks,
                                           lambda i: self._profile_at(i).compiled_columns):
            if isinstance(block, Table):
                unit = next((m.group(1) for m in map(MONEY_UNIT.search, since_table[-2:]) if m), None)
                read_table(self.tables, block, _table_title(since_table), unit,
                           self._profile_at(index).compiled_columns)
                since_table = []
            else:
                paragraphs.append(block)
                since_table.append(block.text)
        self.outline = build(paragraphs, self._outline_profile().outline_index)
        self._title_and_unit(paragraphs)
        # every paragraph's figures in one scan, for the stages that read them (`keyvalue`,
        # `narrative`); a block of label–value lines read as one piece is scanned as that piece
        figures = scan_each([paragraph.text for paragraph in paragraphs])
        figures_of = {id(paragraph): found for paragraph, found in zip(paragraphs, figures, strict=True)}
        for paragraph, piece in statement_pieces(paragraphs, figures):
            section = self.outline.section_of.get(id(paragraph))
            para = read(piece, section, figures_of[id(paragraph)] if piece is paragraph.piece else None)
            para.is_heading = section is not None and section.heading is paragraph
            para.index = len(self.paras)
            self.paras.append(para)
        indicators = list(self.tables.indicators)
        if indicators:
            text_indicators.mark_targets(self.paras)
        else:
            indicators = text_indicators.build(self.paras, self.outline)
        statements = Statements(self.paras)
        for para in self.paras:
            if not para.is_heading and not text_indicators.is_target_section(para.section):
                self._grade(para)
                statements.place(para)
        statements.finish()
        evaluation = self._evaluation(statements)
        report = self._report(statements, indicators, evaluation, self._facts())
        release(self.paras)
        return report

    def _profile_at(self, block: int) -> Profile:
        """The profile of the part a block belongs to: a 汇总表 attached to a report is read with
        the summary table's profile."""
        part = next((p for p in reversed(self.detection.parts) if p.block <= block), None)
        if part is None or part.profile is None:
            return self.profile
        return part.profile

    def _outline_profile(self) -> Profile:
        """The profile whose outline finds the document's chapters: its own, else that of its
        first part that has one (a 自评表 followed by its report's chapters)."""
        if self.profile.outline:
            return self.profile
        return next((p.profile for p in self.detection.parts if p.profile and p.profile.outline),
                    self.profile)

    # ---------------------------------------------------------------- title, year, unit, grade
    def _title_and_unit(self, paragraphs: list[Paragraph]) -> None:
        for paragraph in self.outline.preamble[:8]:
            text = paragraph.text.strip()
            if self.title is None and _TITLE.search(text) and len(text) <= 60:
                self.title = piece_text(paragraph.piece)
                match = _TITLE_UNIT.match(self.title.text)
                unit = match.group("unit") if match else ""
                if unit and not re.match(r"部门|单位", unit) and "（" not in unit:
                    start = paragraph.text.index(unit)
                    self.unit_name = piece_text(paragraph.piece, start, start + len(unit))
            year = _YEAR.search(text)
            if self.year is None and year and len(text) <= 60:
                self.year = int(year.group(1))
        for paragraph in paragraphs[:80]:
            text = paragraph.text
            if self.unit_name is None:
                match = _UNIT_SENTENCE.match(text)
                if match:
                    self.unit_name = piece_text(paragraph.piece, 0, match.end("unit"))
            if self.parent is None and self.unit_name is not None and text.startswith(self.unit_name.text):
                match = _PARENT.search(text, len(self.unit_name.text))
                if match:
                    group = "parent" if match.group("parent") else "parent2"
                    self.parent = piece_text(paragraph.piece, match.start(group), match.end(group))

    def _grade(self, para: Para) -> None:
        """`整体自评结果为“优”`: the report's grade (a project's grade is not the report's)."""
        if self.grade is not None or not _GRADE_WORDS.search(para.text):
            return  # `_GRADE` needs these words: one search of the paragraph, not one per sentence
        for sentence in para.sentences:
            grade = _GRADE.search(para.text, sentence.start, sentence.end)
            if grade and "项目" not in para.text[sentence.start:grade.start()]:
                self.grade = piece_text(para.piece, grade.start("grade"), grade.end("grade"))
                return

    def _evaluation(self, statements: Statements) -> Evaluation | None:
        """The table's 总分 row wins; a narrative `自评得分95分` is the evaluation only without one
        (otherwise it stays a fact, to be compared with the table)."""
        evaluation = self.tables.evaluation
        if evaluation is None and (statements.scores or self.grade is not None):
            evaluation = Evaluation()
            if statements.scores:
                evaluation.total_score = quantity(statements.scores[0])
                statements.scores[0].used = True
        if evaluation is not None and evaluation.grade is None:
            evaluation.grade = self.grade
        return evaluation

    # ---------------------------------------------------------------- facts
    def _facts(self) -> list[Fact]:
        facts: list[Fact] = []
        for para in self.paras:
            if not para.split or para.is_heading or text_indicators.is_target_section(para.section):
                continue  # no figure (half the paragraphs), or none that may be a fact
            for item in para.items():
                done = item.used or item.indicator or item.attached or (
                    item.part_of is not None and item.part_of.used)
                if done and item.kind is not Kind.SATISFACTION:
                    continue
                facts.extend(facts_of(item, quantity))
                for extra in (item.rate, item.share):
                    if extra is not None and not extra.used:
                        facts.extend(facts_of(extra, quantity))
                        extra.used = True
        return facts

    # ---------------------------------------------------------------- the report
    def _report(self, statements: Statements, indicators, evaluation: Evaluation | None,
                facts: list[Fact]) -> Report:
        tables = self.tables
        unit = Unit(name=tables.unit_name or self.unit_name, parent=tables.parent or self.parent,
                    subordinate_count=tables.subordinate_count)
        sheets = statements.balance_sheets
        if len(sheets) == 1 and sheets[0].entity is None and unit.name is not None:
            sheets[0].entity = unit.name.text
        detection = self.detection
        return Report(
            kind=detection.kind,
            profile=detection.profile.id if detection.profile else None,
            parts=[ReportPart(kind=part.kind, profile=part.profile.id if part.profile else None,
                              title=Text(text=part.title)) for part in detection.parts],
            title=self.title,
            year=self.year or tables.year,
            unit=unit,
            subunits=tables.subunits,
            money_unit=tables.money_unit or "万元",
            staffing=statements.staffing,
            balance_sheets=sheets,
            budget_tables=[*tables.budget_tables, *statements.budget_tables()],
            breakdowns=statements.breakdowns,
            ratios=statements.ratios,
            indicators=indicators,
            evaluation=evaluation,
            facts=facts,
            preamble=self._preamble(),
            sections=self._sections(),
            source_text=self.document.full_text(),
        )

    def _preamble(self) -> Text | None:
        """The text before the first heading, after the title (the title is `title` already):
        where a report cites its governing documents, which rules such as NC101 look for, so a
        raw report must give them what its YAML normalization's `preamble:` does."""
        paragraphs = self.outline.preamble
        if self.title is not None:
            title = next((i for i, p in enumerate(paragraphs) if p.text.strip() == self.title.text), None)
            if title is not None:
                paragraphs = paragraphs[title + 1:]
        return joined_text([p.piece for p in paragraphs])

    def _sections(self) -> list[Section]:
        return [section(node.heading.piece, node.level, node.paragraphs, node.info.role)
                for node in self.outline.sections]


def _table_title(texts: list[str]) -> str | None:
    """The caption of a table: the nearest paragraph above it that names a table, skipping
    stamp and unit lines (`主管部门（盖章）：… 单位：万元`)."""
    for text in reversed(texts[-3:]):
        stripped = text.strip()
        if not stripped or "盖章" in stripped or re.search(r"单位\s*[:：]", stripped):
            continue
        if len(stripped) <= 40 and re.search(r"表$|情况$", stripped):
            return stripped
        break
    return None


def detect(document: Document, profiles: ProfileSet, *, kind: str | None = None,
           profile: str | None = None) -> Detection:
    """What the document is: its kind, profile and parts (perflint.profiles.registry)."""
    blocks: list[str | list[list[str]]] = [
        [[cell.text for cell in row if not cell.merged] for row in block.rows[:12]]
        if isinstance(block, Table) else block.text for block in document.blocks]
    return profiles.detect(blocks, kind=kind, profile=profile)


def extract(document: Document, profiles: ProfileSet, *, kind: str | None = None,
            profile: str | None = None) -> Report:
    assembler = Assembler(document, detect(document, profiles, kind=kind, profile=profile), profiles)
    with label_roles_in_use(assembler.profile.label_roles):  # the profile's lexicon names labels
        return assembler.run()

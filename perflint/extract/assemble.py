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
from perflint.extract.keyvalue import merged_blocks
from perflint.extract.located import joined_text, piece_text, section
from perflint.extract.narrative import Para, read, release
from perflint.extract.sections import Outline, build
from perflint.extract.statements import Statements, quantity
from perflint.extract.tables import MONEY_UNIT, TableFacts, read_table
from perflint.extract.text_indicators import TARGETS_ROLE
from perflint.model import Evaluation, Fact, Report, ReportPart, Section, Text, Unit
from perflint.model.span import restore
from perflint.profiles import Detection, Profile, ProfileSet
from perflint.profiles.kinds import normalize_kind
from perflint.profiles.lexicon import label_roles_in_use

_TITLE = re.compile(r"(?:绩效(?:自评|评价)报告|自评报告|评价报告)")
_TITLE_UNIT = re.compile(r"^(?:(?:19|20)\d{2}年度?)?(?P<unit>.{4,40}?)(?:(?:19|20)\d{2}年度?)?(?:部门)?"
                         r"整体支出绩效(?:自评|评价)报告")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_UNIT_SENTENCE = re.compile(
    r"^(?P<unit>[^，。；：:]{4,40}?(?:局|中心|分局|委员会|办公室|院|所|站|馆|队))(?:为|是)")
_AUTHORITY = r"[^，。；、]{4,30}?(?:局|委员会|办公室|政府|厅)"
#: The words before (主管部门为 …) and after (…的派出机构) the authority a unit belongs to.
_PARENT_BEFORE, _PARENT_AFTER = ("主管部门为", "隶属于"), ("派出机构", "下属", "直属")
_PARENT = re.compile(rf"(?:{'|'.join(_PARENT_BEFORE)})(?P<parent>{_AUTHORITY})(?=的|，|,|。)"
                     rf"|为(?P<parent2>{_AUTHORITY})的(?:{'|'.join(_PARENT_AFTER)})")
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
        self.outline = Outline([], [], [], [])
        self.grade: Text | None = None
        self.unit_name: Text | None = None
        self.parent: Text | None = None
        self.title: Text | None = None
        self.year: int | None = None

    def run(self) -> Report:
        paragraphs: list[Paragraph] = []
        after_table = 0  # the paragraphs from this index on follow the last table read
        for index, block in spaced.recover(self.document.blocks,
                                           lambda i: self._profile_at(i).compiled_columns):
            if isinstance(block, Table):
                # the caption and the unit are read from the (up to three) paragraphs just above
                since_table = [p.text for p in paragraphs[max(after_table, len(paragraphs) - 3):]]
                unit = next((m.group(1) for m in map(MONEY_UNIT.search, since_table[-2:]) if m), None)
                read_table(self.tables, block, _table_title(since_table), unit,
                           self._profile_at(index).compiled_columns)
                after_table = len(paragraphs)
            else:
                paragraphs.append(block)
        self.outline = build(paragraphs, self._outline_profile().outline_index)
        self._title_and_unit(paragraphs)
        # every paragraph's figures in one scan, for the stages that read them (`keyvalue`,
        # `narrative`); a block of label–value lines read as one piece is scanned as that piece
        figures = scan_each([paragraph.piece.text for paragraph in paragraphs])
        merged = merged_blocks(paragraphs, figures)
        paras = self.paras
        after = 0  # the paragraphs before this index were read in a block of label–value lines
        for index, (paragraph, node, found) in enumerate(
                zip(paragraphs, self.outline.section_at, figures, strict=True)):
            if index < after:
                continue
            block = merged.get(index) if merged else None
            if block is not None:
                after, piece = block
                para = read(piece, node, None)
            else:
                para = read(paragraph.piece, node, found)
            para.is_heading = node is not None and node.heading is paragraph
            para.index = len(paras)
            paras.append(para)
        indicators = list(self.tables.indicators)
        if indicators:
            text_indicators.mark_targets(self.paras)
        else:
            indicators = text_indicators.build(self.paras, self.outline)
        statements = Statements(paras)
        for para in paras:
            node = para.section  # nothing is placed from a heading or the targets' list
            if para.is_heading or (node is not None and TARGETS_ROLE in node.lineage):
                continue
            if self.grade is None:
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
            if len(text) > 60:
                continue  # neither a title nor a year line
            if self.title is None and _TITLE.search(text):
                self.title = piece_text(paragraph.piece)
                match = _TITLE_UNIT.match(self.title.text)
                unit = match.group("unit") if match else ""
                if unit and not re.match(r"部门|单位", unit) and "（" not in unit:
                    start = paragraph.text.index(unit)
                    self.unit_name = piece_text(paragraph.piece, start, start + len(unit))
            if self.year is None:
                year = _YEAR.search(text)
                if year:
                    self.year = int(year.group(1))
        unit_name = self.unit_name.text if self.unit_name is not None else None
        for paragraph in paragraphs[:80]:
            text = paragraph.piece.text
            if unit_name is None:
                match = _UNIT_SENTENCE.match(text)
                if match:
                    self.unit_name = piece_text(paragraph.piece, 0, match.end("unit"))
                    unit_name = self.unit_name.text
            if unit_name is not None and text.startswith(unit_name) and _may_name_parent(text):
                match = _PARENT.search(text, len(unit_name))
                if match:
                    group = "parent" if match.group("parent") else "parent2"
                    self.parent = piece_text(paragraph.piece, match.start(group), match.end(group))
                    return  # the unit and its parent are known

    def _grade(self, para: Para) -> None:
        """`整体自评结果为“优”`: the report's grade (a project's grade is not the report's), asked
        of each paragraph until one states it."""
        if not _GRADE_WORDS.search(para.text):
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
            node = para.section
            if not para.split or para.is_heading or (node is not None and TARGETS_ROLE in node.lineage):
                continue  # no figure (half the paragraphs), or none that may be a fact (targets)
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
        return _report_model(
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


#: A Report's fields in order, with their defaults (a default factory's value is made per report).
_REPORT_DEFAULTS = {name: None if field.default_factory else field.default
                    for name, field in Report.model_fields.items()}
_REPORT_FACTORIES = [(name, field.default_factory) for name, field in Report.model_fields.items()
                     if field.default_factory]


def _report_model(**given: object) -> Report:
    """`Report(**given)` without validating again what extraction has just built: validation
    only re-checks the types of its models, lists and values and walks every fact, section and
    table of the lists. `kind` is normalized as the model's own validator does. The result is
    the validated Report, field for field (tests/extract/test_assembly_passes.py)."""
    values = _REPORT_DEFAULTS.copy()
    for name, make in _REPORT_FACTORIES:
        if name not in given:
            values[name] = make()
    values.update(given)
    values["kind"] = normalize_kind(values["kind"])
    return restore(Report, values, set(given), None, None)  # type: ignore[return-value]


def _may_name_parent(text: str) -> bool:
    """Whether `_PARENT` can match in `text`: each of its ways needs one of its words."""
    return any(word in text for word in _PARENT_BEFORE) or any(word in text for word in _PARENT_AFTER)


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
        if isinstance(block, Table) else block.piece.text for block in document.blocks]
    return profiles.detect(blocks, kind=kind, profile=profile)


def extract(document: Document, profiles: ProfileSet, *, kind: str | None = None,
            profile: str | None = None) -> Report:
    assembler = Assembler(document, detect(document, profiles, kind=kind, profile=profile), profiles)
    with label_roles_in_use(assembler.profile.label_roles):  # the profile's lexicon names labels
        return assembler.run()

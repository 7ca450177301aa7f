"""Group a document's paragraphs into sections: heading, level, body paragraphs.

The first numbered or outline heading opens the report body: title lines, `附件7：`, a stamp line
(`部门： （盖章）`) or a unit name before it are not sections. A closing signature (the unit's name
and a date at the very end) belongs to no section. A heading recognized only by its look
(`区公共资源交易中心`) sits one level below the outline heading above it, or beside a numbered
heading of that depth (`（1）区政数局本级` … `区公共资源交易中心`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from types import EllipsisType

from perflint.document import Paragraph
from perflint.extract.headings import MAX_REMEMBERED_TEXT, UNKNOWN, Heading, detect
from perflint.profiles.outline import OutlineIndex

_DATE_LINE = re.compile(r"\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*")
_SIGNATURE = re.compile(r"[^。；;，,：:！？!?\d]{2,30}")
#: A parenthetical aside closing a heading (`区政数局本级（含下属单位）`), not part of its name.
_TRAILING_ASIDE = re.compile(r"[（(][^）)]*[）)]$")
#: An organization's name, as a heading names the entity its paragraphs are about.
_ENTITY = re.compile(r".{2,}(?:局|中心|本级|单位|所|站|院|馆|队|办公室|委员会|公司|学校|医院)$")


@functools.cache
def _root_lineage(role: str | None) -> frozenset[str | None]:
    """The lineage of a top-level section: its own role (the few roles, each made once)."""
    return frozenset([role])


@dataclass(eq=False)
class SectionNode:
    heading: Paragraph
    info: Heading
    level: int
    parent: SectionNode | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: The roles of this section and its ancestors: `within` is asked for every paragraph by several
    #: readers, and a section's parent never changes once built, so they are gathered once, from
    #: the parent's own.
    lineage: frozenset[str | None] = field(init=False)
    #: `named_entity` once worked out (Ellipsis: not yet).
    _named_entity: str | EllipsisType | None = field(default=..., init=False, repr=False)

    def __post_init__(self) -> None:
        role = self.info.role
        if self.parent is None:
            self.lineage = _root_lineage(role)
        else:  # most sections add no role of their own: they share their parent's
            lineage = self.parent.lineage
            self.lineage = lineage if role in lineage else lineage | {role}

    @property
    def title(self) -> str:
        """The heading without its number (`（1）区政数局本级` → `区政数局本级`)."""
        return self.heading.text[self.info.title_start:].strip()

    @property
    def outline(self) -> str | None:
        return self.info.outline

    @property
    def role(self) -> str | None:
        """The role of the outline heading this section's heading names, if any."""
        return self.info.role

    def within(self, role: str) -> bool:
        """Whether this section has, or lies under a section that has, the role `role`."""
        return role in self.lineage

    @property
    def entity(self) -> str | None:
        """The organization this section's heading names, if it names one."""
        title = _TRAILING_ASIDE.sub("", self.title).strip()
        return title if _ENTITY.match(title) and len(title) <= 30 else None

    def named_entity(self) -> str | None:
        """The organization the nearest heading names, this section's or an enclosing one's:
        remembered per section, as `lineage` is, because every figure under it asks again."""
        found = self._named_entity
        if found is ...:
            found = self.entity or (self.parent.named_entity() if self.parent is not None else None)
            self._named_entity = found
        return found


@dataclass
class Outline:
    sections: list[SectionNode]
    #: each paragraph's section, in the paragraphs' order (None before the first heading and in
    #: the closing signature): readers walk the paragraphs in order and take theirs by position
    section_at: list[SectionNode | None]
    preamble: list[Paragraph]
    closing: list[Paragraph]


def _closing(paragraphs: list[Paragraph]) -> int:
    """How many paragraphs at the end are a signature: unit name and/or date."""
    count = 0
    for paragraph in reversed(paragraphs[-3:]):
        text = paragraph.text.strip()
        if _DATE_LINE.fullmatch(text) or (count and _SIGNATURE.fullmatch(text) and len(text) <= 30):
            count += 1
            continue
        break
    return count


def build(paragraphs: list[Paragraph], outline: OutlineIndex) -> Outline:
    """The sections of `paragraphs`, with headings recognized against the profile's `outline`.

    Most paragraphs are short texts `detect` has already answered for this outline (the headings
    and lines every report of a form repeats): their answer is read from its memory here, without
    a call per paragraph; any other paragraph is asked of `detect`."""
    closing_count = _closing(paragraphs)
    body = paragraphs[: len(paragraphs) - closing_count] if closing_count else paragraphs
    sections: list[SectionNode] = []
    section_at: list[SectionNode | None] = []
    preamble: list[Paragraph] = []
    current: SectionNode | None = None
    outline_level = 0
    known = outline.headings
    last = len(body) - 1
    for index, paragraph in enumerate(body):
        text = paragraph.piece.text
        found = known.get(text, UNKNOWN) if index < last and len(text) <= MAX_REMEMBERED_TEXT else UNKNOWN
        info: Heading | None = (detect(text, outline, has_next=index < last) if found is UNKNOWN
                                else found)  # type: ignore[assignment]
        if info is not None and current is None and info.kind == "title":
            info = None
        if info is None:
            if current is None:
                preamble.append(paragraph)
            else:
                current.paragraphs.append(paragraph)
            section_at.append(current)
            continue
        if info.kind == "title":
            level = outline_level + 1
            if current is not None and current.info.kind == "numbered" and current.level >= level:
                level = current.level
        else:
            level = info.level
            if info.kind == "outline":
                outline_level = level
        parent = current
        while parent is not None and parent.level >= level:
            parent = parent.parent
        current = SectionNode(paragraph, info, level, parent)
        sections.append(current)
        section_at.append(current)
    section_at.extend([None] * closing_count)
    return Outline(sections, section_at, preamble, paragraphs[len(body):])

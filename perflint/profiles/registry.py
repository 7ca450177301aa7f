"""Load, resolve and choose form profiles.

Profiles come from perflint (`perflint/profiles/data/`) and from plugins (`perflint_profiles`
hook). Each file is validated when loaded; `extends` chains are resolved once. `ProfileSet.detect`
decides what a document is:

1. its **kind**, from the first title line that a profile's `detect.titles` recognizes (a report
   says what it is in its title), else the first table row or line holding a profile's whole
   `detect.headers` signature, else a profile's `detect.headings`; else the kind is `unknown`;
2. its **profile** among those of that kind: a region's profile whose own `detect` criteria hold
   (its outline headings are present, its title pattern matches) beats the national one; ties go
   to `priority`, then to the id, so the choice never depends on load order;
3. its **parts**: later title lines or table captions naming another kind (a 汇总表 and a 自评表
   after a 部门整体 report).

`kind` or `profile` given by the user (`--kind`, `--profile`, config) override detection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import pairwise
from pathlib import Path

from perflint.lang import Message, localized
from perflint.profiles.kinds import UNKNOWN
from perflint.profiles.model import OWN_FILE, Detect, OutlineEntry, ProfileFile, Scoring
from perflint.profiles.outline import OutlineIndex, heading_key
from perflint.profiles.roles import LabelRoles

#: How far into a document its title is looked for, and how long a title line may be.
_TITLE_PARAGRAPHS = 12
_MAX_TITLE = 80
#: Parts are named by short lines (captions) anywhere in the document.
_MAX_CAPTION = 60
_MAX_PARTS = 20
#: How many captions `ProfileSet._titled` remembers as naming no kind.
_MAX_UNTITLED = 16384
#: A title run together with what follows it, as saved web pages and document sites give it
#: (`某中学专项资金绩效自评价报告一、基本情况…`, `1、某局2023年度部门整体绩效自评表主管部门…`): the
#: opening of a long paragraph up to its first 报告 or 表, with no sentence punctuation before it
#: (`为贯彻…，现将…情况报告如下` is prose, not a title).
_RUN_IN_TITLE = re.compile(r"[^，。；：:,;！？!?]{4,76}?(?:报告|表)")


class ProfileError(Exception):
    """A profile file that cannot be used, or a profile or kind the user named that does not
    exist; reported as a configuration problem (exit 2). The message is Chinese; `english`, when
    given, is the same in English, for `--lang en`."""

    def __init__(self, message: str, *, english: str | None = None) -> None:
        super().__init__(message)
        self.english = english

    def text(self, lang: str = "zh") -> str:
        """The message in `lang` when the error has it in that language."""
        return self.english if lang == "en" and self.english else str(self)


@dataclass(frozen=True, eq=False)
class Profile:
    """A profile with its `extends` chain resolved."""

    id: str
    kind: str | None
    region: str | None
    description: str
    sources: tuple[str, ...]
    priority: int
    own_detect: Detect
    detect: Detect
    outline: tuple[OutlineEntry, ...]
    columns: dict[str, tuple[tuple[str, str], ...]]
    lexicon: tuple[tuple[str, str], ...]
    scoring: Scoring
    chain: tuple[str, ...]
    path: Path | None = None
    plugin: str = "perflint"

    @cached_property
    def outline_index(self) -> OutlineIndex:
        return OutlineIndex(self.outline)

    @cached_property
    def compiled_columns(self) -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
        """Column aliases compiled, per table type, in the order a header cell is tried."""
        return {table: tuple((name, re.compile(pattern)) for name, pattern in fields)
                for table, fields in self.columns.items()}

    @cached_property
    def label_roles(self) -> LabelRoles:
        """The lexicon compiled: label → role, remembered per label."""
        return LabelRoles(self.lexicon)

    @cached_property
    def _titles(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.detect.titles)

    @cached_property
    def _own_titles(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.own_detect.titles)


@dataclass(frozen=True)
class Part:
    """A part of a document of another kind than the whole: named by another kind's title
    (`附表：…自评汇总表`), or a report's chapters after a table with no title of their own."""

    kind: str
    title: str
    block: int  # index of the block (paragraph or table) where it starts
    profile: Profile | None = None


@dataclass(frozen=True)
class Detection:
    kind: str
    profile: Profile | None
    parts: tuple[Part, ...] = ()
    #: what decided the kind, for `perflint extract --explain` and the unknown-kind finding
    reason: str = ""


@dataclass
class ProfileSet:
    """Every profile of a run, by id."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    #: Captions known to match no title pattern, `_titled`'s most frequent answer: the same table
    #: cells and headings come in every report of a form, and are searched for once (bounded).
    _untitled: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def get(self, profile_id: str) -> Profile | None:
        return self.profiles.get(profile_id)

    def of_kind(self, kind: str) -> list[Profile]:
        return [p for p in self.profiles.values() if p.kind == kind]

    def default_for(self, kind: str) -> Profile | None:
        """The profile a report of `kind` gets when nothing more specific is known: the national
        one, else the one with the highest priority."""
        candidates = self.of_kind(kind)
        national = [p for p in candidates if p.region == "national"]
        ranked = sorted(national or candidates, key=lambda p: (-p.priority, p.id))
        return ranked[0] if ranked else None

    @cached_property
    def _concrete(self) -> tuple[Profile, ...]:
        return tuple(sorted((p for p in self.profiles.values() if p.kind), key=lambda p: (-p.priority, p.id)))

    @cached_property
    def _any_title(self) -> re.Pattern[str] | None:
        """Every concrete profile's title patterns as one alternation: a caption it does not find
        names no kind, which is most captions, so each costs one search instead of one per pattern.
        None when a pattern could change meaning inside the alternation (a capturing group,
        which a backreference counts by number; a global inline flag):
        then every pattern is tried, as before."""
        patterns = [p for candidate in self._concrete for p in candidate._titles]
        if any(p.groups or p.flags != re.UNICODE for p in patterns):
            return None
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))

    def _titled(self, text: str, other_than: str | None = None) -> Profile | None:
        """The first concrete profile, of a kind other than `other_than`, whose title patterns
        find `text`."""
        untitled = self._untitled
        if text in untitled:
            return None
        if self._any_title is not None and self._any_title.search(text) is None:
            if len(untitled) >= _MAX_UNTITLED:
                untitled.clear()
            untitled.add(text)
            return None
        return next((candidate for candidate in self._concrete if candidate.kind != other_than
                     and any(p.search(text) for p in candidate._titles)), None)

    # ---------------------------------------------------------------- detection
    def detect(self, blocks: list[str | list[list[str]]], *, kind: str | None = None,
               profile: str | None = None) -> Detection:
        """What a document is, from its blocks in reading order: a paragraph's text, or a table as
        rows of cell texts. `kind`/`profile` are the user's overrides."""
        view = _View(blocks)
        if profile is not None:
            chosen = self.profiles.get(profile)
            if chosen is None or chosen.kind is None:
                raise ProfileError(f"未知的表式（profile）“{profile}”；可用：{'、'.join(self._names())}",
                                   english=f"unknown profile {profile!r}; known: {', '.join(self._names())}")
            return Detection(chosen.kind, chosen, self._parts(view, chosen.kind, -1), "profile given")
        reason, after, detected = "kind given", -1, kind is None
        if detected:
            kind, reason, after = self._kind(view)
        elif not self.of_kind(kind) and kind != UNKNOWN:
            raise ProfileError(f"没有报告类型“{kind}”的表式（profile）",
                               english=f"no profile for kind {kind!r}")
        if kind == UNKNOWN:
            return Detection(UNKNOWN, None, (), reason)
        parts = self._parts(view, kind, after)
        cover = self.default_for(kind)
        if detected and parts and cover is not None and cover.detect.cover:
            # a cover sheet first: the document is what follows it, the cover one of its parts
            # (unless the user named the kind: then it is what they said)
            main = parts[0]
            title = next((text for block, text in view.captions if block == after), reason)
            parts = (Part(kind, title, max(after, 0), self._choose(kind, view)), *parts[1:])
            kind, reason = main.kind, f"title “{main.title}” after a {kind} cover"
            parts = tuple(p for p in parts if p.kind != kind)
        return Detection(kind, self._choose(kind, view), parts, reason)

    def _kind(self, view: _View) -> tuple[str, str, int]:
        """The kind, why, and the block of the title that said so (-1 when no title did)."""
        for block, text in view.title_lines:
            if (titled := self._titled(text)) is not None:
                return titled.kind, f"title “{text}”", block
        for row in view.rows:
            for candidate in self._concrete:
                if any(all(word in row for word in signature) for signature in candidate.detect.headers):
                    return candidate.kind, f"table header “{row[:60]}”", -1
        for candidate in self._concrete:
            if candidate.detect.headings and view.heading_count(candidate.detect.headings) >= \
                    candidate.detect.min_headings:
                return candidate.kind, "outline headings", -1
        return UNKNOWN, "no title, table header or outline of a known kind", -1

    def _choose(self, kind: str, view: _View) -> Profile | None:
        """Among the profiles of `kind`, the region's whose own criteria hold, else the national."""
        best: tuple[int, int, str] | None = None
        chosen = None
        for candidate in self.of_kind(kind):
            own = candidate.own_detect
            met = 0
            if candidate.region != "national":  # the national profile is every kind's fallback
                if own.headings:
                    if view.heading_count(own.headings) < own.min_headings:
                        continue
                    met += 1
                if own.titles:
                    if not any(p.search(text) for _, text in view.title_lines for p in candidate._own_titles):
                        continue
                    met += 1
                if own.headers:
                    if not any(all(w in row for w in sig) for row in view.rows for sig in own.headers):
                        continue
                    met += 1
                if not met:
                    continue  # a regional profile that states no criterion is chosen only by name
            key = (met, candidate.priority, _negated(candidate.id))
            if best is None or key > best:
                best, chosen = key, candidate
        return chosen

    def _parts(self, view: _View, main: str, after: int) -> tuple[Part, ...]:
        """Captions after the main title that name another kind, one part per kind; then, for a
        table, the chapters of a report that follow it untitled (its outline headings)."""
        parts: list[Part] = []
        untitled = self._untitled  # `_titled`'s first test, made here for the many captions it holds
        for block, text in view.captions:
            if block <= after or len(text) > _MAX_CAPTION or text in untitled:
                continue
            titled = self._titled(text, other_than=main)
            if titled is not None and not any(part.kind == titled.kind for part in parts):
                parts.append(Part(titled.kind, text, block, self._choose(titled.kind, view)))
            if len(parts) >= _MAX_PARTS:
                break
        if not self._has_outline(main) and not any(self._has_outline(p.kind) for p in parts):
            for candidate in self._concrete:
                headings = candidate.detect.headings
                if (candidate.kind != main and headings and candidate.outline
                        and view.heading_count(headings) >= candidate.detect.min_headings):
                    block, text = view.first_heading(headings)
                    parts.append(Part(candidate.kind, text, block, self._choose(candidate.kind, view)))
                    break
        return tuple(sorted(parts, key=lambda part: part.block))

    def _has_outline(self, kind: str) -> bool:
        profile = self.default_for(kind)
        return profile is not None and bool(profile.outline)

    def _names(self) -> list[str]:
        return sorted(p.id for p in self.profiles.values() if p.kind)


@cache
def _negated(text: str) -> str:
    """A sort key that orders ids alphabetically under `max` (the first id wins a tie); the
    few profile ids are negated once each, not once per candidate and document."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


class _View:
    """The parts of a document detection looks at, computed once per document: captions (short
    paragraphs, and the first rows of tables, where .docx and .xlsx forms put their titles), the
    first of them as title lines, and the rows and lines a header signature may fill.

    Whitespace is removed with `str.split`, which splits on exactly the characters `\\s` matches
    (tests/core/test_profile_view.py), in one C call instead of a regular expression's."""

    def __init__(self, blocks: list[str | list[list[str]]]) -> None:
        captions: list[tuple[int, str]] = []
        for index, block in enumerate(blocks):
            if isinstance(block, str):
                compact = "".join(block.split())
                if not compact:
                    continue
                if len(compact) <= _MAX_TITLE:
                    captions.append((index, compact))
                elif (run_in := _RUN_IN_TITLE.match(compact)) is not None:
                    captions.append((index, run_in.group()))
                continue
            for row in block[:2]:
                compact = "".join("".join(dict.fromkeys(row)).split())
                if compact and len(compact) <= _MAX_TITLE:
                    captions.append((index, compact))
        self._blocks = blocks
        self.captions = captions
        titles = captions[:_TITLE_PARAGRAPHS]
        # a title broken over two lines (`某县2023年度中央某某资金` / `绩效自评报告`) is read joined
        joined = {block: (block, first + second) for (block, first), (_, second) in pairwise(titles)
                  if len(first) + len(second) <= _MAX_TITLE}
        self.title_lines = [line for caption in titles for line in (caption, joined.get(caption[0])) if line]
        #: `heading_count`'s answer per heading key: every profile asks about the same headings
        self._present: dict[str, bool] = {}

    @cached_property
    def rows(self) -> list[str]:
        """The lines (of up to 400 characters) and table rows (compact) a header signature may
        fill, in reading order: asked for only when no title says what the document is, so they
        are made then."""
        rows: list[str] = []
        for block in self._blocks:
            if isinstance(block, str):
                if len(block) <= 400:
                    rows.append("".join(block.split()))
            else:
                rows.extend("".join("".join(row).split()) for row in block[:12])
        return rows

    @cached_property
    def heading_keys(self) -> frozenset[str]:
        return frozenset(heading_key(text) for text in self._blocks
                         if isinstance(text, str) and 2 <= len(text.strip()) <= 60)

    @cached_property
    def _key_ends(self) -> str:
        """Every heading key followed by a line break: `want + "\\n"` occurs in it exactly when a
        key ends with `want` (a key has no whitespace, so no match spans two keys)."""
        return "".join(f"{key}\n" for key in self.heading_keys)

    def first_heading(self, headings: list[str]) -> tuple[int, str]:
        """The first caption that is one of `headings` (block index, text): its key equals a
        heading's, or ends with one of four or more characters."""
        wants = [heading_key(h) for h in headings]
        exact = frozenset(want for want in wants if want)
        endings = tuple(want for want in wants if len(want) >= 4)
        for block, text in self.captions:
            key = heading_key(text)
            if key in exact or key.endswith(endings):
                return block, text
        return 0, ""

    def heading_count(self, headings: list[str]) -> int:
        """How many of `headings` the document has: a heading key equal to the heading's, or
        ending with it when it has four or more characters."""
        present = self._present
        count = 0
        for heading in headings:
            want = heading_key(heading)
            found = present.get(want)
            if found is None:
                found = present[want] = bool(want) and (
                    want in self.heading_keys or (len(want) >= 4 and f"{want}\n" in self._key_ends))
            count += found
        return count


# ---------------------------------------------------------------- loading and resolving
def load_profile_file(path: Path, *, own: bool = False) -> ProfileFile:
    """A profile file, validated; errors name the file and line (as config errors do). `own`:
    one of perflint's files, whose patterns a test compiles (`OWN_FILE`)."""
    from perflint.config import ConfigError, _read_yaml, validate_model

    try:
        return validate_model(ProfileFile, _read_yaml(path), path, context=OWN_FILE if own else None)
    except ConfigError as exc:
        raise ProfileError(str(exc), english=exc.text("en")) from None


def profile_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.yaml") if p.is_file()))
        elif path.suffix in (".yaml", ".yml"):
            found.append(path)
    return found


def build(sources: Iterable[tuple[str, Path]]) -> tuple[ProfileSet, list[str]]:
    """Load profile files (plugin name, path) and resolve their `extends`. A broken file, a
    duplicate id or a broken chain is a problem naming the file; the other profiles still load."""
    files: dict[str, tuple[ProfileFile, Path, str]] = {}
    problems: list[str] = []
    for plugin, path in sources:
        try:
            data = load_profile_file(path, own=plugin == "perflint" and path.is_relative_to(BUILTIN_DIR))
        except ProfileError as exc:
            problems.append(Message(f"表式（profile）{exc}", f"profile {exc.text('en')}"))
            continue
        if data.id in files:
            other = files[data.id][1]
            problems.append(Message(f"表式（profile）{path}：id “{data.id}”在 {other} 中也有定义",
                                    f"profile {path}: id {data.id!r} is also defined in {other}"))
            continue
        files[data.id] = (data, path, plugin)
    resolved: dict[str, Profile] = {}
    for profile_id in files:
        try:
            resolved[profile_id] = _resolve(profile_id, files, ())
        except ProfileError as exc:
            where = files[profile_id][1]
            problems.append(Message(f"表式（profile）{where}：{exc}", f"profile {where}: {exc.text('en')}"))
    return ProfileSet(resolved), problems


def _resolve(profile_id: str, files: dict[str, tuple[ProfileFile, Path, str]],
             seen: tuple[str, ...]) -> Profile:
    if profile_id in seen:
        loop = " → ".join([*seen, profile_id])
        raise ProfileError(f"表式相互继承（extends）成环：{loop}",
                           english=f"profiles extend each other in a loop: {loop}")
    if profile_id not in files:
        raise ProfileError(f"继承（extends）了未知的表式“{profile_id}”",
                           english=f"extends unknown profile {profile_id!r}")
    data, path, plugin = files[profile_id]
    parent = _resolve(data.extends, files, (*seen, profile_id)) if data.extends else None
    columns: dict[str, tuple[tuple[str, str], ...]] = dict(parent.columns) if parent else {}
    for table, fields in data.columns.items():
        merged: dict[str, list[str]] = {}
        for name, pattern in columns.get(table, ()):
            merged.setdefault(name, []).append(pattern)
        for name, patterns in fields.items():  # a child's wordings are tried before its parent's
            merged[name] = [*patterns, *merged.get(name, [])]
        columns[table] = tuple((name, pattern) for name, patterns in merged.items() for pattern in patterns)
    detect = data.detect
    if parent is not None:
        detect = Detect(titles=data.detect.titles or parent.detect.titles,
                        headers=data.detect.headers or parent.detect.headers,
                        headings=data.detect.headings, min_headings=data.detect.min_headings,
                        cover=data.detect.cover)
    scoring = parent.scoring if parent else Scoring()
    if data.scoring is not None:
        stated = data.scoring.model_fields_set
        scoring = scoring.model_copy(update={name: getattr(data.scoring, name) for name in stated})
    return Profile(
        id=data.id, kind=data.kind if data.kind is not None else None,
        region=data.region, description=data.description or (parent.description if parent else ""),
        sources=tuple(data.sources), priority=data.priority, own_detect=data.detect, detect=detect,
        outline=tuple(data.outline) if data.outline is not None else (parent.outline if parent else ()),
        columns=columns, scoring=scoring,
        lexicon=(*((entry.role, label) for entry in data.lexicon for label in entry.labels),
                 *(parent.lexicon if parent else ())), chain=(profile_id, *(parent.chain if parent else ())),
        path=path, plugin=plugin)


BUILTIN_DIR = Path(__file__).parent / "data"


@cache
def builtin_profiles() -> ProfileSet:
    """perflint's own (national) profiles: what extraction uses when no run supplies a set."""
    profiles, problems = build(("perflint", path) for path in profile_files([BUILTIN_DIR]))
    if problems:  # a broken built-in profile is perflint's bug, not the user's
        raise ProfileError("；".join(problems), english="; ".join(localized(p, "en") for p in problems))
    return profiles

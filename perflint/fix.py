"""`perflint fix`: write the derivable figures back into normalized YAML/JSON reports.

Only figures a rule can *derive* are rewritten: an 执行率 from its row's 执行数 and 预算数, a
share from its part and total, a rate from its numerator and denominator, a 资产负债率, a 合计
row from its rows (rules mark such findings `fixable`). Stated inputs are never touched, because
perflint cannot know which of two disagreeing inputs is wrong.

Why text edits and not a YAML dump: a report file is a reviewed document. Its comments record where
each figure came from ("# as printed, line 502"), and reviewers diff it. So a fix replaces the
characters of one scalar (at the offsets the loader recorded) and leaves every other byte alone:
comments, key order, quoting, line endings, encoding and BOM. Each result is re-parsed (ruamel.yaml
round-trip and perflint's own loader) and re-linted before it is kept: an edit that would raise a
new error no fix resolves (the same wrong figure restated elsewhere, say) is left to a person.
Fixes run in rounds until nothing changes, because fixing a 合计 can make its row's 执行率 wrong.
A round costs one pass over the text and one lint, however many figures it fixes: its edits
(non-overlapping, sorted by offset) are applied together in one linear pass and the result is
linted once to verify it; only when that verification fails are the edits split in halves to find
the ones to refuse (about k·log N lints for k refused of N). A table of 6,000 wrong rates is fixed
with two lints, not 6,000.

The file is replaced atomically (perflint.atomic.replace_in_place: temp file in the same folder,
fsync, rename), so a crash leaves either the old or the new file; a killed run's temporary file
is removed by the next `fix` of that folder. fix writes only what the user's folder holds: a
symbolic link (to a file, or a folder on the way to it) is not followed and is said so; a
read-only file, a file with several hard links, and a file whose owner could not be kept are
left alone with a message naming why.

Raw inputs (.txt, .docx, .xlsx) are never rewritten: their figures were *extracted*, and a wrong
extraction must not turn into an edit of someone's original document.
"""

from __future__ import annotations

import codecs
import dataclasses
import difflib
import json
import os
import re
import sys
import tempfile
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

from perflint.atomic import WriteRefused, remove_stale, replace_in_place
from perflint.config import Config
from perflint.findings import INPUT_ERROR, Finding
from perflint.host import PluginHost
from perflint.lang import localized, os_reason
from perflint.limits import Limits, applied, current
from perflint.numbers import NumberFormatError, parse_figure
from perflint.reading import InputError, decode_text, read_bytes
from perflint.runner import ActiveRule, activate_rules, discover, ignored_codes, lint_file
from perflint.selection import is_selected

#: Files `fix` may rewrite: the normalized formats, whose figures are the source of truth.
FIXABLE_SUFFIXES = (".yaml", ".yml", ".json")
#: Re-lint and re-fix at most this often: fixing a 合计 can make that row's 执行率 fixable, and
#: that rate cannot change anything further, so real reports settle in two or three rounds.
MAX_ROUNDS = 4

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2

_MESSAGES: dict[str, dict[str, str]] = {
    "raw": {
        "zh": "{path}: 未修改（只改写规范化的 YAML/JSON；原始 .txt/.docx/.xlsx 文件从不改写）",
        "en": "{path}: not modified (only normalized YAML/JSON is rewritten; raw .txt/.docx/.xlsx "
              "files never are)",
    },
    "raw-folder": {"zh": "{count} 个原始文件（.txt/.docx/.xlsx）未修改",
                   "en": "{count} raw files (.txt/.docx/.xlsx) not modified"},
    "error": {"zh": "{path}: 无法修正：{reason}", "en": "{path}: cannot fix: {reason}"},
    "not-byte-exact": {"zh": "文件无法按原编码逐字节写回",
                       "en": "the file cannot be written back byte for byte in its encoding"},
    "changed": {"zh": "修正期间文件被改动，未写入",
                "en": "the file changed while it was being fixed; nothing written"},
    "edit": {"zh": "{path}:{line}:{column} {code} {stated} → {expected}",
             "en": "{path}:{line}:{column} {code} {stated} → {expected}"},
    "skip": {"zh": "{path}:{line}:{column} {code} 未修正：{reason}",
             "en": "{path}:{line}:{column} {code} not fixed: {reason}"},
    "link": {"zh": "{path}: 路径经过符号链接 {link}（指向 {target}），未跟随，未修改",
             "en": "{path}: its path goes through the symbolic link {link} (to {target}); "
                   "not followed, not modified"},
    "link-named": {"zh": "{path}: 无法修正：是指向 {target} 的符号链接，未跟随；要修正请直接给出目标文件",
                   "en": "{path}: cannot fix: a symbolic link to {target}, not followed; name the "
                         "file itself to fix it"},
    "leftovers": {"zh": "{folder}: 已删除上次中断的修正留下的 {count} 个临时文件",
                  "en": "{folder}: removed {count} temporary files left by an interrupted fix"},
    "summary": {"zh": "已修正 {fixed} 处，{files} 个文件已改写",
                "en": "{fixed} figures fixed in {files} files"},
    "summary-diff": {"zh": "可修正 {fixed} 处，涉及 {files} 个文件（--diff：未写入）",
                     "en": "{fixed} figures would be fixed in {files} files (--diff: nothing written)"},
}

_REASONS: dict[str, dict[str, str]] = {
    "no-offset": {"zh": "没有字符位置",
                  "en": "the finding has no character offsets"},
    "quote-mismatch": {"zh": "位置处的原文与所述不符",
                       "en": "the text at the span is not the stated figure"},
    "multiline": {"zh": "跨行的值不自动修正",
                  "en": "a value spanning lines is not fixed automatically"},
    "anchored": {"zh": "带锚点、别名或标签的值可能被多处引用",
                 "en": "the value carries an anchor, alias or tag and may be used in several places"},
    "block": {"zh": "块标量不自动修正",
              "en": "block scalars are not fixed automatically"},
    "comparator": {"zh": "所述带比较符（如 >100%），只能由人判断",
                   "en": "the stated figure has a comparator (like >100%); a person must decide"},
    "not-figure": {"zh": "应为值不是数字",
                   "en": "the expected value is not a figure"},
    "plain-unsafe": {"zh": "应为值不能原样写成无引号标量",
                     "en": "the expected value cannot be written as the same unquoted scalar"},
    "json-plain": {"zh": "JSON 中无引号的数字不能改写为带单位的值",
                   "en": "an unquoted JSON number cannot take a value with a unit"},
    "conflict": {"zh": "多条规则对同一数字给出不同的应为值",
                 "en": "rules disagree on the value of this figure"},
    "overlap": {"zh": "与另一处修正重叠",
                "en": "overlaps another fix"},
    "refixed": {"zh": "该数字已在前一轮修正过",
                "en": "this figure was already changed in an earlier round"},
    "reparse": {"zh": "修正后文件无法重新解析",
                "en": "the file would no longer load after this fix"},
    "new-errors": {"zh": "修正会引出新的错误（如另一处所述的同一数字），请人工判断",
                   "en": "the fix would raise a new error (e.g. the same figure stated elsewhere); "
                         "a person must decide"},
    "unstable": {"zh": "多轮修正后仍未稳定",
                 "en": "still fixable after the last round"},
}


def _say(key: str, lang: str, table: dict[str, dict[str, str]] = _MESSAGES, **values: object) -> str:
    entry = table[key]
    return (entry.get(lang) or entry["zh"]).format(**values)


# ------------------------------------------------------------------------------------- edits

@dataclass(frozen=True)
class Edit:
    """Replace `source[start:end]` (offsets into the decoded text as it is, line endings
    included) with `replacement`. `line`/`column` are for messages."""

    start: int
    end: int
    replacement: str
    code: str
    stated: str
    expected: str
    line: int
    column: int


@dataclass(frozen=True)
class Skip:
    """A fixable finding that was not fixed, and why (a key of the reason table)."""

    finding: Finding
    reason: str


@dataclass
class Plan:
    """Edits to make, the findings each one fixes, and the fixable findings left alone."""

    edits: list[Edit] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    sources: dict[Edit, list[Finding]] = field(default_factory=dict)


class _Offsets:
    """Maps offsets in newline-normalized text (what the loaders see) to the text as decoded.

    read_text() turns CRLF into LF, so every CRLF before a position shifts it by one; a lone CR
    becomes LF and keeps the length. `normalized_removals` are the normalized positions of the
    LFs that lost their CR.
    """

    def __init__(self, raw: str) -> None:
        removals: list[int] = []
        index = raw.find("\r\n")
        while index != -1:
            removals.append(index - len(removals))
            index = raw.find("\r\n", index + 2)
        self._removals = removals

    def raw(self, normalized: int) -> int:
        return normalized + bisect_left(self._removals, normalized)


def _normalize(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _compose_scalar(document: str) -> ScalarNode | None:
    """The value node of a one-key document (`x: <scalar>`), or None if it is not a scalar."""
    try:
        root = YAML(typ="safe", pure=True).compose(document)
    except YAMLError:
        return None
    if not isinstance(root, MappingNode) or len(root.value) != 1:
        return None
    node = root.value[0][1]
    return node if isinstance(node, ScalarNode) else None


def _plain_ok(text: str, json_file: bool) -> str | None:
    """None when `text` written unquoted reads back as the same string in block and flow
    context (and is a JSON number in a JSON file); else the reason key."""
    if json_file:
        try:
            value = json.loads(text)
        except ValueError:
            return "json-plain"
        return None if isinstance(value, int | float) and not isinstance(value, bool) else "json-plain"
    for document in (f"x: {text}\n", f"x: {{y: {text}}}\n", f"x: [{text}]\n"):
        try:
            root = YAML(typ="safe", pure=True).compose(document)
        except YAMLError:
            return "plain-unsafe"
        node = root.value[0][1]
        if isinstance(node, MappingNode):
            node = node.value[0][1] if len(node.value) == 1 else None
        elif not isinstance(node, ScalarNode):
            node = node.value[0] if len(node.value) == 1 else None
        if not isinstance(node, ScalarNode) or node.value != text or node.tag.endswith((":null", ":bool")):
            return "plain-unsafe"
    return None


def _styled(quote: str, expected: str, json_file: bool) -> tuple[str | None, str | None]:
    """The replacement for the scalar written as `quote`, in the same quoting style, or a reason."""
    first = quote[:1]
    if first in ("&", "*", "!"):
        return None, "anchored"
    if first in ("|", ">"):
        return None, "block"
    if first == '"':
        return '"' + expected.replace("\\", "\\\\").replace('"', '\\"') + '"', None
    if first == "'":
        return "'" + expected.replace("'", "''") + "'", None
    reason = _plain_ok(expected, json_file)
    return (None, reason) if reason else (expected, None)


def _expected_literal(finding: Finding) -> str:
    """The expected value written like the stated one: a full-width ％ stays full-width."""
    expected = finding.expected or ""
    if "％" in (finding.stated or "") and expected.endswith("%"):
        expected = expected[:-1] + "％"
    return expected


def _check_figures(finding: Finding) -> str | None:
    try:
        stated = parse_figure(finding.stated or "", allow_text=True)
        expected = parse_figure(finding.expected or "")
    except NumberFormatError:
        return "not-figure"
    if stated.comparator is not None:
        return "comparator"
    if expected.value is None or expected.comparator is not None:
        return "not-figure"
    return None


def _edit_for(source: str, offsets: _Offsets, finding: Finding, json_file: bool) -> Edit | str:
    """The edit that writes the finding's expected value over its stated figure, or a reason."""
    span = finding.span
    if span is None or span.offset is None or span.end_offset is None:
        return "no-offset"
    start, end = offsets.raw(span.offset), offsets.raw(span.end_offset)
    quote = source[start:end]
    if _normalize(quote) != span.quote:
        return "quote-mismatch"
    if "\n" in quote or "\r" in quote:
        return "multiline"
    reason = _check_figures(finding)
    if reason:
        return reason
    replacement, reason = _styled(quote, _expected_literal(finding), json_file)
    if reason or replacement is None:
        return reason or "plain-unsafe"
    node = _compose_scalar(f"x: {quote}\n")
    if node is None or node.value != finding.stated:
        return "quote-mismatch"
    return Edit(start, end, replacement, finding.code, finding.stated or "", _expected_literal(finding),
                span.line, span.column)


def plan_fixes(source: str, findings: Iterable[Finding], *, json_file: bool = False) -> Plan:
    """The edits that fix the fixable `findings` in `source` (the decoded file text, line
    endings as in the file; the findings' offsets are into its newline-normalized form).

    Two findings asking the same figure for the same value make one edit; asking for different
    values, neither is applied. An edit overlapping an earlier one (by position) is skipped.
    """
    offsets = _Offsets(source)
    plan = Plan()
    candidates: list[tuple[Edit, Finding]] = []
    for finding in findings:
        if not finding.fixable or finding.expected is None:
            continue
        if finding.expected == finding.stated:
            continue
        result = _edit_for(source, offsets, finding, json_file)
        if isinstance(result, str):
            plan.skipped.append(Skip(finding, result))
        else:
            candidates.append((result, finding))
    by_place: dict[tuple[int, int], list[tuple[Edit, Finding]]] = {}
    for edit, finding in candidates:
        by_place.setdefault((edit.start, edit.end), []).append((edit, finding))
    chosen: list[Edit] = []
    for group in by_place.values():
        if len({edit.replacement for edit, _ in group}) > 1:
            plan.skipped.extend(Skip(finding, "conflict") for _, finding in group)
        else:
            chosen.append(group[0][0])
    last_end = -1
    for edit in sorted(chosen, key=lambda e: (e.start, e.end)):
        fixes = [f for _, f in by_place[(edit.start, edit.end)]]
        if edit.start < last_end:
            plan.skipped.extend(Skip(f, "overlap") for f in fixes)
            continue
        plan.edits.append(edit)
        plan.sources[edit] = fixes
        last_end = edit.end
    return plan


def apply_edits(source: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (an edit overlapping an earlier-listed one is dropped) in one
    pass over the text: the kept edits sorted by offset, the text between them copied once. A
    file with thousands of fixable rows costs time linear in its size, not in size × edits."""
    places: list[tuple[int, int]] = []  # the kept edits' (start, end), sorted; their edits alike
    kept: list[Edit] = []
    for edit in edits:
        if not 0 <= edit.start <= edit.end <= len(source):
            raise ValueError(f"edit {edit.start}:{edit.end} is outside the text")
        # an insertion goes before a replacement at its place, and of two insertions at one
        # place the later-listed goes first (as applying them from the end always did)
        index = bisect_left(places, (edit.start, edit.end))
        if _overlaps_kept(kept, index, edit):
            continue
        places.insert(index, (edit.start, edit.end))
        kept.insert(index, edit)
    pieces, position = [], 0
    for edit in kept:
        pieces.append(source[position:edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(source[position:])
    return "".join(pieces)


def _overlap(one: Edit, other: Edit) -> bool:
    """Whether two edits touch a common character (the test apply_edits always made)."""
    return one.start < other.end and other.start < one.end


def _overlaps_kept(kept: list[Edit], index: int, edit: Edit) -> bool:
    """Whether `edit` overlaps one of `kept` (sorted by start, pairwise non-overlapping; `index`:
    where `edit` would go). Only the nearest kept edit of non-zero length before it can reach
    over its start, and only those starting before its end can reach into it; empty edits
    overlap nothing that starts at their place, so they are stepped over."""
    before = index - 1
    while before >= 0 and kept[before].start == kept[before].end:
        before -= 1
    if before >= 0 and _overlap(kept[before], edit):
        return True
    after = index
    while after < len(kept) and kept[after].start < edit.end:
        if _overlap(kept[after], edit):
            return True
        after += 1
    return False


# ---------------------------------------------------------------------------------- encoding

@dataclass(frozen=True)
class _Encoding:
    bom: bytes
    codec: str

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def _encoding_of(data: bytes) -> _Encoding:
    """The encoding decode_text() read `data` with, so the file is written back the same way."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _Encoding(bom, codec)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _Encoding(b"", "gb18030")
    return _Encoding(b"", "utf-8")


# ------------------------------------------------------------------------------ atomic write

# ---------------------------------------------------------------------------------- one file

@dataclass
class FileFix:
    """What fixing one file did (or, with --diff, would do)."""

    path: Path
    original: str = ""
    fixed: str = ""
    applied: list[Edit] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    error: str | None = None
    raw_input: bool = False
    #: the file's bytes as read, and the encoding to write the fixed text back in
    data: bytes = b""
    encoding: _Encoding = _Encoding(b"", "utf-8")

    @property
    def changed(self) -> bool:
        return self.error is None and self.fixed != self.original

    def fixed_bytes(self) -> bytes:
        return self.encoding.encode(self.fixed)


class _Linter:
    """Lints candidate texts of one file with the run's rules, as if they were the file itself."""

    def __init__(self, path: Path, host: PluginHost, rules: list[ActiveRule], config: Config,
                 encoding: _Encoding, workdir: Path) -> None:
        ignored = ignored_codes(path, config)
        self.rules = [r for r in rules if is_selected(r.rule, ["ALL"], ignored)] if ignored else rules
        # per-file ignores are applied above for the real path; the temp copy's name must not
        # match other patterns
        self.config = dataclasses.replace(config, per_file_ignores={})
        self.host = host
        self.encoding = encoding
        self.copy = workdir / f"candidate{path.suffix.lower()}"
        self.limits: Limits = getattr(config, "limits", None) or current()
        #: how many times a text of this file was linted (the cost of fixing it)
        self.lints = 0

    def findings(self, text: str) -> list[Finding]:
        """The findings for `text`; an unreadable text gives a PL000 finding, as in a run.

        The run's limits apply, but for the cap on findings per rule: that cap bounds what is
        printed, and fix prints no finding but those it could not fix. A fixable finding is one
        per figure, and figures are bounded by `document-nodes`; capping them would leave a
        table of thousands of wrong rates to as many rounds as the cap divides it into."""
        self.copy.write_bytes(self.encoding.encode(text))
        self.lints += 1
        with applied(_fix_limits(self.limits)):
            return lint_file(self.copy, self.host, self.rules, self.config).findings

    def verify(self, text: str, before: list[Finding]) -> tuple[list[Finding] | None, str | None]:
        """The findings of an edited text, or the reason it is refused: it no longer loads
        (ruamel.yaml round-trip, then perflint's own loader), or it has an error that the text
        before the edit did not have and that no fix can resolve (a restated figure that now
        disagrees, say: a person must decide which place is right)."""
        try:
            YAML().load(text)
        except Exception:  # any ruamel error, including duplicate keys: refuse the edit
            return None, "reparse"
        findings = self.findings(text)
        if any(f.code == INPUT_ERROR for f in findings):
            return None, "reparse"
        if _new_errors(before, findings):
            return None, "new-errors"
        return findings, None


def _fix_limits(limits: Limits) -> Limits:
    """`limits` with findings per rule raised to what the document can hold (see `findings`)."""
    return dataclasses.replace(limits, findings_per_rule=max(limits.findings_per_rule,
                                                              limits.document_nodes))


def _error_places(findings: list[Finding]) -> Counter[tuple[str, int]]:
    """Errors no fix resolves, by rule and line (edits never add or remove a line)."""
    return Counter((f.code, f.span.line if f.span else 0) for f in findings
                   if f.severity == "error" and not f.fixable)


def _new_errors(before: list[Finding], after: list[Finding]) -> bool:
    return bool(_error_places(after) - _error_places(before))


@dataclass(frozen=True)
class _Region:
    """A figure dealt with in an earlier round: changed (`refixed`) or refused (another reason)."""

    start: int
    end: int
    reason: str

    def hits(self, edit: Edit) -> bool:
        return edit.start < self.end and self.start < edit.end


def _shifted(regions: list[_Region], edits: list[Edit]) -> list[_Region]:
    """`regions` moved by what the `edits` (sorted by offset, non-overlapping) add or remove
    before each of them, all edits at once: a region moves by the edits that end at or before
    its start. One pass with a binary search each, however many edits and regions there are."""
    ends, moved, delta = [], [0], 0
    for edit in edits:
        ends.append(edit.end)
        delta += len(edit.replacement) - (edit.end - edit.start)
        moved.append(delta)
    shifted = []
    for region in regions:
        by = moved[bisect_right(ends, region.start)]
        shifted.append(_Region(region.start + by, region.end + by, region.reason) if by else region)
    return shifted


def _blocked(regions: list[_Region], edits: list[Edit]) -> dict[Edit, str]:
    """The planned edits that hit a figure already dealt with, and the reason of the last such
    region (in the order the regions were recorded). Regions are figure spans, so only those
    starting within the longest region's length before an edit's end are looked at."""
    if not regions or not edits:
        return {}
    order = sorted(range(len(regions)), key=lambda i: regions[i].start)
    starts = [regions[i].start for i in order]
    longest = max(region.end - region.start for region in regions)
    blocked: dict[Edit, str] = {}
    for edit in edits:
        hits = [i for i in order[bisect_left(starts, edit.start - longest):bisect_left(starts, edit.end)]
                if regions[i].hits(edit)]
        if hits:
            blocked[edit] = regions[max(hits)].reason
    return blocked


@dataclass
class _State:
    """The text of one file between rounds, its findings, and the figures already dealt with."""

    text: str
    findings: list[Finding]
    regions: list[_Region] = field(default_factory=list)

    def accept(self, edits: list[Edit], findings: list[Finding]) -> None:
        """Apply `edits` (sorted by offset, non-overlapping) in one pass, with the findings of
        the result, and record each changed figure at its new place."""
        self.text, self.findings = apply_edits(self.text, edits), findings
        changed = [_Region(edit.start, edit.start + len(edit.replacement), "refixed") for edit in edits]
        self.regions = [*_shifted(self.regions, edits), *_shifted(changed, edits)]

    def refuse(self, edit: Edit, reason: str) -> None:
        self.regions.append(_Region(edit.start, edit.end, reason))


def _apply_verified(state: _State, edits: list[Edit], linter: _Linter) -> list[Edit]:
    """Apply `edits` together if the result passes `verify` (one lint for the whole round);
    otherwise split them, later half first, and keep every group that passes, down to single
    edits that are refused. A round of N edits with k refused ones costs about k·log N lints,
    not N. Returns the applied edits; `state` is updated."""
    ordered = sorted(edits, key=lambda e: e.start)
    applied: list[Edit] = []
    _try_group(state, ordered, linter, applied)
    return sorted(applied, key=lambda e: e.start)


def _try_group(state: _State, edits: list[Edit], linter: _Linter, applied: list[Edit]) -> None:
    """Apply the group if it verifies; else its later half, then its earlier half (the earlier
    half's offsets stay valid whatever the later half changed after them)."""
    findings, reason = linter.verify(apply_edits(state.text, edits), state.findings)
    if findings is not None:
        state.accept(edits, findings)
        applied.extend(edits)
        return
    if len(edits) == 1:
        state.refuse(edits[0], reason or "reparse")
        return
    middle = len(edits) // 2
    _try_group(state, edits[middle:], linter, applied)
    _try_group(state, edits[:middle], linter, applied)


def fix_file(path: Path, host: PluginHost, rules: list[ActiveRule], config: Config) -> FileFix:
    """Compute the fixed text of one file, re-linting after each round (nothing is written here)."""
    result = FileFix(path)
    if path.suffix.lower() not in FIXABLE_SUFFIXES and path.is_file():
        result.raw_input = True
        return result
    try:
        data = read_bytes(path)
        text = decode_text(data)
    except InputError as error:
        result.error = error.text(config.lang)
        return result
    result.data, result.encoding = data, _encoding_of(data)
    if result.encoding.encode(text) != data:
        result.error = _say("not-byte-exact", config.lang)
        return result
    result.original = text
    json_file = path.suffix.lower() == ".json"
    with tempfile.TemporaryDirectory(prefix="perflint-fix-") as workdir:
        linter = _Linter(path, host, rules, config, result.encoding, Path(workdir))
        state = _State(text, linter.findings(text))
        failed = next((f for f in state.findings if f.code == INPUT_ERROR), None)
        if failed is not None:
            result.error = failed.message
            return result
        for round_number in range(MAX_ROUNDS + 1):
            plan = plan_fixes(state.text, state.findings, json_file=json_file)
            blocked = _blocked(state.regions, plan.edits)
            fresh = [e for e in plan.edits if e not in blocked]
            if round_number == MAX_ROUNDS or not fresh:
                result.skipped.extend(plan.skipped)
                for edit in plan.edits:
                    reason = blocked.get(edit, "unstable")
                    result.skipped.extend(Skip(f, reason) for f in plan.sources[edit])
                break
            result.applied.extend(_apply_verified(state, fresh, linter))
    result.fixed = state.text
    return result


# --------------------------------------------------------------------------------- many files

def unified_diff(path: Path, before: str, after: str) -> str:
    """A unified diff of the fix, as `ruff --diff` prints it (`patch -p0` applies it)."""
    def lines(text: str) -> list[str]:
        split = re.findall(r"[^\n]*\n|[^\n]+$", text)  # str.splitlines also splits at U+2028 …
        if split and not split[-1].endswith(("\n", "\r")):
            split[-1] += "\n\\ No newline at end of file\n"
        return split

    name = path.as_posix()
    old, new = lines(before), lines(after)
    if len(old) != len(new):  # never from fix's own edits, which keep every line break
        return "".join(difflib.unified_diff(old, new, fromfile=name, tofile=name))
    return "".join(_diff_in_place(old, new, name))


class _InPlace(difflib.SequenceMatcher):
    """The opcodes of two texts with the same lines but for some changed in place: line i of
    one is line i of the other. difflib's own matching looks for the longest common blocks,
    which is quadratic in the lines of a report with thousands of fixed rows; fix's edits never
    add or remove a line, so the alignment is known and linear to write down."""

    def get_opcodes(self) -> list[tuple[str, int, int, int, int]]:
        a, b = self.a, self.b
        codes: list[tuple[str, int, int, int, int]] = []
        index = 0
        while index < len(a):
            same = a[index] == b[index]
            end = index
            while end < len(a) and (a[end] == b[end]) == same:
                end += 1
            codes.append(("equal" if same else "replace", index, end, index, end))
            index = end
        return codes or [("equal", 0, 0, 0, 0)]


def _range(start: int, stop: int) -> str:
    """A hunk's range as `diff -u` writes it (difflib's own format)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start if not length else start + 1},{length}"


def _diff_in_place(old: list[str], new: list[str], name: str) -> Iterator[str]:
    """difflib.unified_diff's lines for texts aligned line by line (`_InPlace`)."""
    started = False
    for group in _InPlace(None, old, new).get_grouped_opcodes(3):
        if not started:
            started = True
            yield f"--- {name}\n"
            yield f"+++ {name}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in old[i1:i2])
                continue
            yield from ("-" + line for line in old[i1:i2])
            yield from ("+" + line for line in new[j1:j2])


def _link_on_the_way(path: Path, folders: list[Path], named: set[Path]) -> Path | None:
    """The symbolic link `path` goes through, or None. A file named on the command line is
    looked at itself; a file found in a named folder, at every part of its path below that
    folder: fix rewrites what the folder holds, never what a link in it points to."""
    if path in named:
        return path if path.is_symlink() else None
    for folder in folders:
        try:
            parts = path.relative_to(folder).parts
        except ValueError:
            continue
        step = folder
        for part in parts:
            step = step / part
            if step.is_symlink():
                return step
        return None
    return path if path.is_symlink() else None


def _report_link(path: Path, link: Path, named: bool, lang: str, err: TextIO) -> int:
    """Say that `path` is not fixed because of the link `link`; a link named on the command
    line is an error (the user asked for it: exit 2), one met in a folder only a note."""
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    key = "link-named" if named else "link"
    print(_say(key, lang, path=path.as_posix(), link=link.as_posix(), target=target), file=err)
    return EXIT_ERROR if named else EXIT_OK


def _clean_leftovers(folder: Path, cleaned: set[Path], lang: str, err: TextIO) -> None:
    """Remove the temporary files a killed `perflint fix` left in `folder`, once per run."""
    if folder in cleaned:
        return
    cleaned.add(folder)
    count = remove_stale(folder)
    if count:
        print(_say("leftovers", lang, folder=folder.as_posix(), count=count), file=err)


def fix_paths(paths: list[Path], host: PluginHost, config: Config, *, diff: bool = False,
              out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Fix (or with `diff`, preview) every fixable figure in `paths` (files and folders).

    Prints each change (or, with `diff`, the unified diff) to `out`; skipped fixes, raw inputs,
    errors and the summary go to `err`. Returns 2 on configuration or input errors, 1 when `diff`
    found changes to make, else 0 (raw .txt/.docx/.xlsx inputs are reported and count as 0).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    lang = config.lang
    rules, problems = activate_rules(host, config)
    for problem in problems:
        print(f"perflint: {localized(problem, lang)}", file=err)
    status = EXIT_ERROR if problems else EXIT_OK
    named = {path for path in paths if not path.is_dir()}
    folders = [path for path in paths if path.is_dir()]
    fixed_count = files_changed = raw_in_folders = 0
    cleaned: set[Path] = set()
    for path in discover(paths, host):
        shown = path.as_posix()
        link = _link_on_the_way(path, folders, named)
        if link is not None:
            status = max(status, _report_link(path, link, path in named, lang, err))
            continue
        if not diff:
            _clean_leftovers(path.parent, cleaned, lang, err)
        try:
            before = os.lstat(path)
        except OSError as exc:
            print(_say("error", lang, path=shown, reason=os_reason(exc).text(lang)), file=err)
            status = EXIT_ERROR
            continue
        try:
            result = fix_file(path, host, rules, config)
        except Exception as exc:  # a perflint bug must not end the run or leave a traceback
            print(_say("error", lang, path=shown, reason=f"{type(exc).__name__}: {exc}"), file=err)
            status = EXIT_ERROR
            continue
        if result.raw_input:
            if path in named:
                print(_say("raw", lang, path=shown), file=err)
            else:
                raw_in_folders += 1
            continue
        if result.error is not None:
            print(_say("error", lang, path=shown, reason=result.error), file=err)
            status = EXIT_ERROR
            continue
        for skip in result.skipped:
            span = skip.finding.span
            print(_say("skip", lang, path=shown, line=span.line if span else 0,
                       column=span.column if span else 0, code=skip.finding.code,
                       reason=_say(skip.reason, lang, _REASONS)), file=err)
        if not result.changed:
            continue
        if diff:
            out.write(unified_diff(path, result.original, result.fixed))
        else:
            try:
                if read_bytes(path) != result.data:
                    raise InputError(_say("changed", "zh"), english=_say("changed", "en"))
                replace_in_place(path, result.fixed_bytes(), before)
            except (InputError, WriteRefused, OSError) as exc:
                reason = os_reason(exc).text(lang) if isinstance(exc, OSError) else exc.text(lang)
                print(_say("error", lang, path=shown, reason=reason), file=err)
                status = EXIT_ERROR
                continue
            for edit in result.applied:
                print(_say("edit", lang, path=shown, line=edit.line, column=edit.column, code=edit.code,
                           stated=edit.stated, expected=edit.expected), file=out)
        fixed_count += len(result.applied)
        files_changed += 1
    if raw_in_folders:
        print(_say("raw-folder", lang, count=raw_in_folders), file=err)
    if fixed_count:
        print(_say("summary-diff" if diff else "summary", lang, fixed=fixed_count, files=files_changed),
              file=err)
    if diff and fixed_count and status == EXIT_OK:
        return EXIT_CHANGES
    return status

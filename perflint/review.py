"""Review decisions: an auditor's verdict on a finding, kept so next year's run does not ask again.

A decision is 确认 (confirmed: a real defect), 已说明 (explained: the unit accounts for it) or
误报 (false alarm), with a reason, a reviewer and a date. Decisions live in a YAML file beside the
reports (`perflint-review.yaml`). The HTML report writes the same file in the browser, so its
shape is fixed and simple: every scalar is a JSON-style double-quoted string, which is exactly
what JavaScript's JSON.stringify produces, and entries keep their order (appended, or replaced
in place), so a file written by the page and one written by `perflint review` are the same bytes.

A decision is keyed by the finding's baseline fingerprint (perflint.baseline: no line numbers,
the quoted figures), computed on the path relative to the review file's folder: running from
another directory, or naming the files by absolute path, finds the same decisions. Two findings
with the same fingerprint (the same defect quoted twice in one file) share one decision.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from perflint.atomic import write_atomic
from perflint.baseline import fingerprint, fingerprint_of
from perflint.config import ConfigError
from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, Finding
from perflint.packed import CODE, EXPECTED, QUOTE, RELATED, SPAN, STATED, Row
from perflint.runner import RunResult

#: The file `perflint check` and `perflint review` use when no `--review` or config `review:`
#: names another, in the current directory.
DEFAULT_NAME = "perflint-review.yaml"
FORMAT_VERSION = "1"
HEADER = "# perflint 审核记录"

#: The decisions, as written in the file, with their English names (`--lang en`, `--decision`).
DECISIONS: dict[str, str] = {"确认": "confirmed", "已说明": "explained", "误报": "false alarm"}
#: Decisions that need no reason: confirming a defect is its own reason.
REASON_OPTIONAL = frozenset({"确认"})
#: The keys of a decision, in the order they are written.
FIELDS = ("fingerprint", "path", "code", "decision", "reason", "reviewer", "date", "message")

_FINGERPRINT = re.compile(r"[0-9a-f]{20}")
#: Characters JSON.stringify leaves raw but YAML does not accept raw in a double-quoted scalar
#: (C1 controls, DEL) or reads as a line break (U+2028/2029) or a byte-order mark; written as
#: \\uXXXX by this module and by the HTML report's script alike.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")


class ReviewError(ConfigError):
    """A review file that cannot be used: a usage error naming the file (and line), exit 2."""


class Decision(BaseModel):
    """One auditor's verdict on one finding. `path`, `code` and `message` are for people reading
    the file (and for listing stale decisions); the fingerprint is what matches."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fingerprint: str
    path: str
    code: str
    decision: Literal["确认", "已说明", "误报"]
    reason: str = ""
    reviewer: str
    date: str
    message: str = ""

    @field_validator("fingerprint")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _FINGERPRINT.fullmatch(value):
            raise PydanticCustomError("fingerprint", "fingerprint 应为 20 位小写十六进制数（问题指纹）")
        return value

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str) -> str:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date", "date 应为“年-月-日”日期，如 2026-12-03") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise PydanticCustomError("date", "date 应为“年-月-日”日期，如 2026-12-03")
        return value

    @field_validator("reviewer")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("reviewer", "reviewer（审核人）不能为空")
        return value

    @model_validator(mode="after")
    def _reasoned(self) -> Decision:
        if self.decision not in REASON_OPTIONAL and not self.reason.strip():
            raise PydanticCustomError("reason", "“{decision}”需要写明 reason（理由）",
                                      {"decision": self.decision})
        return self


class _ReviewFile(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    version: Literal["1"] = Field(alias="perflint-review")
    decisions: list[Decision] = []


@dataclass
class Review:
    """A review file's decisions; `path` need not exist yet (the first decision creates it)."""

    path: Path
    decisions: list[Decision] = field(default_factory=list)

    @property
    def base(self) -> Path:
        """The folder fingerprints' paths are relative to: the review file's own."""
        return Path(os.path.abspath(self.path.parent))

    def by_fingerprint(self) -> dict[str, Decision]:
        return {d.fingerprint: d for d in self.decisions}

    def record(self, decision: Decision) -> None:
        """Add a decision, replacing in place an earlier one on the same finding."""
        for index, old in enumerate(self.decisions):
            if old.fingerprint == decision.fingerprint:
                self.decisions[index] = decision
                return
        self.decisions.append(decision)

    def remove(self, stale: Iterable[Decision]) -> int:
        """Drop these decisions; returns how many were dropped."""
        gone = {d.fingerprint for d in stale}
        before = len(self.decisions)
        self.decisions = [d for d in self.decisions if d.fingerprint not in gone]
        return before - len(self.decisions)


# ---------------------------------------------------------------------------- fingerprints


def relative_path(path: Path, base: Path) -> str:
    """`path` relative to the folder `base`, with `/`: the same however the file was named.
    Every finding's fingerprint starts from it, and working it out (`getcwd` four times, two
    `abspath`, `relpath`, a `Path`) cost more than the fingerprints of a report's findings
    together; a run's files share a few folders, so where `/` is the separator a file's is its
    folder's (`_folder_relative`, remembered) joined with its name."""
    if os.sep == "/":
        folder, name, base = *os.path.split(os.fspath(path)), os.fspath(base)
        if name not in ("", ".", ".."):
            # the working folder only names relative paths (`abspath` asks for no other)
            cwd = "" if folder.startswith("/") and base.startswith("/") else os.getcwd()
            relative, inner = _folder_relative(folder, base, cwd)
            if relative is not None and name != inner:
                return name if relative == "." else f"{relative}/{name}"
    return _relative_path(path, base)


#: How many (folder, base, working folder) triples `_folder_relative` remembers (a run's files
#: lie in a few folders).
FOLDERS_KEPT = 256


@functools.lru_cache(maxsize=FOLDERS_KEPT)
def _folder_relative(folder: str, base: str, cwd: str) -> tuple[str | None, str | None]:
    """`folder` relative to the folder `base` (both as named from `cwd`; None when there is no
    such path), and the name of the entry of `folder` that `base` lies in (None: `base` is not
    below `folder`). A file of `folder` with that name is not `folder`'s path joined with the
    name: its path meets `base`'s, and `_relative_path` works it out."""
    absolute, absolute_base = os.path.abspath(folder or "."), os.path.abspath(base)
    try:
        relative = os.path.relpath(absolute, absolute_base)
    except ValueError:  # another drive: no relative path exists
        relative = None
    below = absolute_base[len(absolute):].lstrip("/").split("/", 1)[0] \
        if absolute_base.startswith(absolute.rstrip("/") + "/") else None
    return relative, below


def _relative_path(path: Path, base: Path) -> str:
    """`relative_path`, worked out from the file's path alone."""
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:  # another drive (Windows): no relative path exists
        return Path(os.path.abspath(path)).as_posix()
    return Path(relative).as_posix()


def fingerprint_for(path: Path, finding: Finding, base: Path) -> str:
    """The finding's baseline fingerprint, on its path relative to the review file's folder."""
    return fingerprint(Path(relative_path(path, base)), finding)


def fingerprints_for(path: Path, findings: Iterable[Finding], base: Path) -> list[str]:
    """`fingerprint_for` of each of a file's findings (the relative path worked out once)."""
    relative = Path(relative_path(path, base))
    return [fingerprint(relative, finding) for finding in findings]


def row_fingerprints(path: Path, rows: Iterable[Row], base: Path) -> list[str]:
    """`fingerprints_for` of a file's findings given as rows (`FileResult.rows`)."""
    relative = relative_path(path, base)  # with `/` already
    return [fingerprint_of(relative, row[CODE], "" if row[SPAN] is None else row[SPAN][QUOTE], row[STATED],
                           row[EXPECTED], [figure[QUOTE] for figure, _label, _fields in row[RELATED]])
            for row in rows]


# ---------------------------------------------------------------------------- reading, writing


def load(path: Path) -> Review:
    """The decisions in a review file; a file that is not one is a ReviewError naming file:line."""
    from perflint.loaders.yaml_loader import compose
    from perflint.reading import InputError, read_own_file

    data = read_own_file(path, ReviewError, ("审核记录文件", "review file"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_a_review(path, "", "不是 UTF-8 文本", "not UTF-8 text") from None
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return Review(path)  # an empty file: no decision yet
    try:
        data = compose(text)
    except InputError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise _not_a_review(path, where, exc.text("zh"), exc.text("en")) from None
    if not isinstance(data, dict) or "perflint-review" not in data:
        raise _not_a_review(path, "", "缺少 perflint-review: 1", "no `perflint-review: 1` key")
    try:
        document = _ReviewFile.model_validate(data)
    except ValidationError as exc:
        raise _invalid(path, data, exc) from None
    _check_unique(path, data, document.decisions)
    return Review(path, list(document.decisions))


def load_or_empty(path: Path) -> Review:
    """The review file's decisions, none when the file does not exist yet."""
    return load(path) if path.exists() or path.is_symlink() else Review(path)


def _not_a_review(path: Path, where: str, zh: str, en: str) -> ReviewError:
    return ReviewError(f"{path}{where}：不是 perflint 审核记录（{zh}）",
                       english=f"{path}{where}: not a perflint review file ({en})")


#: Chinese for pydantic's own error types (ours carry Chinese messages already).
_PYDANTIC_ZH = {
    "missing": "缺少 {key}",
    "extra_forbidden": "未知字段 {key}",
    "string_type": "{key} 应为带双引号的字符串",
    "literal_error": "{key} 应为 {expected}",
    "list_type": "{key} 应为列表",
    "model_type": "{key} 应为键值对（fingerprint、path、code …）",
    "dict_type": "{key} 应为键值对",
}


def _invalid(path: Path, data: Any, exc: ValidationError) -> ReviewError:
    """The first validation error, in Chinese, at the line of the value it is about."""
    from perflint.loaders.yaml_loader import locate

    error = exc.errors(include_url=False)[0]
    loc = tuple(error["loc"])
    span = locate(data, loc)
    where = f":{span.line}" if span else ""
    key = str(loc[-1]) if loc and isinstance(loc[-1], str) else ".".join(str(p) for p in loc) or "decisions"
    if key == "version":
        key = "perflint-review"
    template = _PYDANTIC_ZH.get(error["type"])
    if template is None:
        zh = error["msg"]
    elif error["type"] == "literal_error" and key == "decision":
        zh = "decision 应为 确认、已说明 或 误报"
    elif error["type"] == "literal_error":
        zh = f"不支持的版本（此版本的 perflint 读取 perflint-review: {FORMAT_VERSION}）"
    else:
        zh = template.format(key=key, expected=error.get("ctx", {}).get("expected", ""))
    english = f"{'.'.join(str(p) for p in loc)}: {error['msg']}"
    return ReviewError(f"{path}{where}：审核记录有误：{zh}",
                       english=f"{path}{where}: invalid review file: {english}")


def _check_unique(path: Path, data: Any, decisions: list[Decision]) -> None:
    """Two decisions on one finding would contradict each other: the auditor must keep one."""
    from perflint.loaders.yaml_loader import locate

    seen: set[str] = set()
    for index, decision in enumerate(decisions):
        if decision.fingerprint in seen:
            span = locate(data, ("decisions", index))
            where = f":{span.line}" if span else ""
            raise ReviewError(
                f"{path}{where}：审核记录有误：指纹 {decision.fingerprint} 有两条决定，请保留一条",
                english=f"{path}{where}: invalid review file: two decisions on {decision.fingerprint}")
        seen.add(decision.fingerprint)


def quote(value: str) -> str:
    """A double-quoted scalar, as JSON.stringify writes it (plus the escapes YAML needs)."""
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def dumps(decisions: Iterable[Decision]) -> str:
    """The review file's text (the HTML report's script writes the same, byte for byte)."""
    lines = [HEADER, f"perflint-review: {FORMAT_VERSION}"]
    entries = [[f"{key}: {quote(getattr(d, key))}" for key in FIELDS] for d in decisions]
    lines.append("decisions:" if entries else "decisions: []")
    for entry in entries:
        lines += [f"- {entry[0]}", *(f"  {item}" for item in entry[1:])]
    return "\n".join(lines) + "\n"


def save(review: Review) -> None:
    """Write the review file atomically (an interrupted save leaves the old decisions)."""
    write_atomic(review.path, dumps(review.decisions).encode("utf-8"))


# ---------------------------------------------------------------------------- applying


@dataclass
class Applied:
    """What a review file says about a run. `undecided` and `decided` are per file, in the order
    of `result.files`; `stale` are decisions whose finding is gone."""

    undecided: list[list[Finding]]
    decided: list[list[tuple[Finding, Decision]]]
    stale: list[Decision]

    @property
    def decided_count(self) -> int:
        return sum(len(pairs) for pairs in self.decided)


#: Whether a rule ran on a file (`ran(path, code)`): a decision on a rule that was not selected
#: this run is not stale, its finding was merely not looked for.
RanRule = Callable[[Path, str], bool]


def apply(result: RunResult, review: Review, ran: RanRule | None = None) -> Applied:
    """Sort the run's findings into decided and undecided, and find the stale decisions: those
    on a file this run linted (or that no longer exists) whose finding it did not report. A
    decision on a file the run did not look at is left alone, so checking one report of a folder
    never calls the folder's other decisions stale. PL000/PL001 are never decided."""
    decisions = review.by_fingerprint()
    base = review.base
    undecided: list[list[Finding]] = []
    decided: list[list[tuple[Finding, Decision]]] = []
    found: set[str] = set()
    linted: dict[str, Path] = {}
    for file in result.files:
        keep: list[Finding] = []
        pairs: list[tuple[Finding, Decision]] = []
        findings = file.unpacked()
        for finding, key in zip(findings, fingerprints_for(file.path, findings, base), strict=True):
            found.add(key)
            decision = decisions.get(key)
            if decision is None or finding.code in (INPUT_ERROR, INTERNAL_ERROR):
                keep.append(finding)
            else:
                pairs.append((finding, decision))
        undecided.append(keep)
        decided.append(pairs)
        if not file.input_failed:
            linted[relative_path(file.path, base)] = file.path
    stale = []
    for decision in review.decisions:
        if decision.fingerprint in found:
            continue
        linted_path = linted.get(decision.path)
        if linted_path is None:
            gone = not (base / decision.path).exists()
        else:
            gone = ran is None or ran(linted_path, decision.code)
        if gone:
            stale.append(decision)
    return Applied(undecided, decided, stale)


def hide_decided(result: RunResult, applied: Applied) -> None:
    """Leave only the undecided findings in the result (in place)."""
    for file, findings in zip(result.files, applied.undecided, strict=True):
        file.replace(findings)


def decision_label(decision: Decision, lang: str) -> str:
    """`误报（张三，2026-12-03）：单位已在附件说明`: a decision as one line a person reads."""
    if lang == "en":
        reason = f": {decision.reason}" if decision.reason else ""
        return f"{DECISIONS[decision.decision]} ({decision.reviewer}, {decision.date}){reason}"
    reason = f"：{decision.reason}" if decision.reason else ""
    return f"{decision.decision}（{decision.reviewer}，{decision.date}）{reason}"


def mark_decided(result: RunResult, decided: Mapping[str, Decision], base: Path, lang: str) -> None:
    """Prefix the message of each decided finding with its decision (in place), for the formats
    that have no place of their own to show it (text, SARIF, GitHub, JUnit)."""
    for file in result.files:
        marked = []
        findings = file.unpacked()
        for finding, key in zip(findings, fingerprints_for(file.path, findings, base), strict=True):
            decision = decided.get(key)
            if decision is not None:
                prefix = "[reviewed: " if lang == "en" else "［已审核："
                close = "] " if lang == "en" else "］"
                finding = finding.model_copy(update={
                    "message": f"{prefix}{decision_label(decision, lang)}{close}{finding.message}"})
            marked.append(finding)
        file.replace(marked)

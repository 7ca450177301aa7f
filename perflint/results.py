"""What a run produces: each file's findings (`FileResult`) and the run's (`RunResult`).

Shared by the runner that fills them, the cache that stores and restores them, and the output
formats, review and baseline that read them (re-exported by perflint.runner).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from perflint import packed
from perflint.discovery import Skipped
from perflint.findings import INPUT_ERROR, SEVERITY_RANK, Finding
from perflint.model import Report
from perflint.recognize import is_not_a_report_message


class FileResult:
    """One file's outcome: its findings, and what the run keeps of its report.

    While the file is linted its findings are a list (`findings`, appended to by the runner).
    Once the file is done (`settle`) they are sorted in output order and held packed
    (perflint.packed: bytes, a fifth of the memory), with their `tally` beside them: a worker
    sends them so, and the parent keeps them so until the output unpacks one file at a time
    (`unpacked`). Findings added to a settled file (`add`: the corpus rules') are packed beside
    the others and sorted in when read, in the order a sort of all of them would give.

    Reading `findings` unpacks them into a list the result keeps again, so code that appends to
    it or replaces it (baseline, review, plugins) works as before; `settle` packs it again."""

    __slots__ = ("_findings", "_packed", "_tally", "cache_key", "collected", "kind", "path", "report",
                 "unit_name", "year")

    def __init__(self, path: Path, findings: list[Finding] | None = None, report: Report | None = None,
                 unit_name: str | None = None, kind: str | None = None, year: int | None = None,
                 collected: dict[str, object] | None = None) -> None:
        self.path = path
        #: the loaded report, only until the corpus rules have collected what they need of it
        self.report = report
        self.unit_name = unit_name
        #: the report kind (perflint.profiles.KINDS), once the file is loaded
        self.kind = kind
        #: the budget year the report's title names (2023年度), once the file is loaded
        self.year = year
        #: what each corpus rule collected of the report (`CorpusRule.collect`), by rule code
        self.collected: dict[str, object] = {} if collected is None else collected
        #: the findings as a list (None: packed)
        self._findings: list[Finding] | None = [] if findings is None else findings
        #: when packed: the file's findings sorted, then any added since, each group as bytes
        self._packed: tuple[bytes, ...] = ()
        self._tally = packed.NONE
        #: the file's entry key in the cache (perflint.cache), when the run has one and could read it
        self.cache_key: str | None = None

    @property
    def findings(self) -> list[Finding]:
        """The findings as a list that stays with the result (unpacked when they were packed)."""
        if self._findings is None:
            self._findings, self._packed = self.unpacked(), ()
        return self._findings

    @findings.setter
    def findings(self, findings: list[Finding]) -> None:
        self._findings, self._packed = findings, ()

    def unpacked(self) -> list[Finding]:
        """The findings in output order, for one use: packed ones are unpacked and not kept."""
        if self._findings is not None:
            return self._findings
        groups = [packed.unpack(blob) for blob in self._packed]
        if len(groups) == 1:
            return groups[0]
        return sorted((f for group in groups for f in group), key=Finding.sort_key)

    def rows(self) -> list[packed.Row]:
        """What `unpacked` gives, as rows (perflint.packed.Row), building no finding: for an
        output that only reads their values (JSON, fingerprints)."""
        if self._findings is not None:
            return [packed.view(finding) for finding in self._findings]
        groups = [packed.rows(blob) for blob in self._packed]
        if len(groups) == 1:
            return groups[0]
        return sorted((row for group in groups for row in group), key=packed.row_key)

    def settle(self) -> None:
        """The file is done: its findings sorted in output order (`Finding.sort_key`, stable) and
        packed. Nothing to do when they are packed already."""
        if self._findings is None:
            return
        self._findings.sort(key=Finding.sort_key)
        blob = packed.pack(self._findings)
        if blob is not None:  # else they stay a list (perflint.packed.pack says when)
            self._findings, self._packed, self._tally = None, (blob,), packed.tally(self._findings)

    def settled(self, blob: bytes, tally: packed.Tally) -> None:
        """The file is done with these findings, packed in output order already (`blob`, with
        their `tally`): a cached file's, restored as rows (perflint.cache)."""
        self._findings, self._packed, self._tally = None, (blob,), tally

    def replace(self, findings: list[Finding]) -> None:
        """The findings become `findings`, in their order, packed: for code that filters or
        rewrites a settled file's findings (baseline, review), which must not unsettle it."""
        blob = packed.pack(findings)
        if blob is None:
            self.findings = findings
        else:
            self._findings, self._packed, self._tally = None, (blob,), packed.tally(findings)

    def add(self, findings: list[Finding]) -> None:
        """Findings that come after the file's own (a corpus rule's): appended to the list, or,
        when the file is settled, packed beside the others without unpacking them."""
        if not findings:
            return
        blob = packed.pack(findings) if self._findings is None else None
        if blob is None:
            self.findings.extend(findings)
        else:
            self.add_packed(blob, packed.tally(findings))

    def add_packed(self, blob: bytes, tally: packed.Tally) -> None:
        """`add` for findings packed already (`blob`, with their `tally`)."""
        if self._findings is not None:
            self._findings.extend(packed.unpack(blob))
        else:
            self._packed, self._tally = (*self._packed, blob), self._tally.plus(tally)

    def packed_groups(self) -> int | None:
        """How many groups of packed findings the file holds (None: its findings are a list)."""
        return None if self._findings is not None else len(self._packed)

    def rows_added_since(self, groups: int | None) -> list[packed.Row] | None:
        """The rows of the findings packed since the file held `groups` groups (`packed_groups`),
        in the order they were added; None when they are not all packed."""
        if groups is None or self._findings is not None:
            return None
        return [row for blob in self._packed[groups:] for row in packed.rows(blob)]

    def add_rows(self, rows: list[packed.Row]) -> None:
        """`add` for findings given as their rows (perflint.packed.Row)."""
        if rows:
            self.add_packed(packed.pack_rows(rows), packed.tally_rows(rows))

    def tally(self) -> packed.Tally:
        """Counts by severity and whether a PL000 or PL001 is among the findings, unpacking nothing."""
        return self._tally if self._findings is None else packed.tally(self._findings)

    @property
    def input_failed(self) -> bool:
        return self.tally().input_failed

    @property
    def rule_failed(self) -> bool:
        """A rule failed on this file (PL001: it raised, yielded a non-Finding, overran its time)."""
        return self.tally().rule_failed

    def __getstate__(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileResult):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COMPARED) and \
            self.unpacked() == other.unpacked()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return (f"FileResult(path={self.path!r}, findings={self.unpacked()!r}, unit_name={self.unit_name!r}, "
                f"kind={self.kind!r}, year={self.year!r})")


#: What two equal results have equal, besides their findings.
_COMPARED = ("path", "report", "unit_name", "kind", "year", "collected")


#: What the PL000 message of a file no loader reads starts with (zh, en).
UNSUPPORTED = ("不支持的文件格式", "unsupported file type")


@dataclass
class RunResult:
    files: list[FileResult]
    problems: list[str] = field(default_factory=list)
    #: what the walk left out, and files whose config is broken (perflint.discovery)
    skipped: list[Skipped] = field(default_factory=list)

    def not_linted(self) -> list[Skipped]:
        """Every file the run did not lint, sorted by path: those it left out (`skipped`) and
        those it tried and reported as PL000 (an unsupported format, an unreadable file, a text
        that is not a report), with the PL000 message as detail."""
        entries = list(self.skipped)
        for result in self.files:
            if not result.input_failed:
                continue
            failed = next(f for f in result.unpacked() if f.code == INPUT_ERROR)
            if failed.message.startswith(UNSUPPORTED):
                reason = "unsupported"
            elif is_not_a_report_message(failed.message):
                reason = "not-a-report"
            else:
                reason = "unreadable"
            entries.append(Skipped(result.path, reason, failed.message))
        return sorted(entries, key=lambda entry: entry.path)

    def counts(self) -> dict[str, int]:
        """Findings by severity (from each file's tally: nothing is unpacked)."""
        return counts(self.files)

    def exit_code(self, fail_on: str) -> int:
        """1 only for findings in linted reports; 2 for any tool or input problem: a problem of
        the run (a plugin that failed, called `sys.exit` …), a file not read (PL000), a rule that
        failed on a file (PL001), whatever the other findings."""
        if self.problems or any(r.input_failed or r.rule_failed for r in self.files):
            return 2
        total = self.counts()
        threshold = SEVERITY_RANK[fail_on]
        failing = any(total[severity] for severity, rank in SEVERITY_RANK.items() if rank >= threshold)
        return 1 if failing else 0


def counts(files: Iterable[FileResult]) -> dict[str, int]:
    """The findings of `files` by severity, from their tallies."""
    total = packed.NONE
    for file in files:
        total = total.plus(file.tally())
    return {"error": total.error, "warning": total.warning, "info": total.info}

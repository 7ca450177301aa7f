"""What a run produces: each file's findings (`FileResult`) and the run's (`RunResult`).

Shared by the runner that fills them, the cache that stores and restores them, and the output
formats, review and baseline that read them (re-exported by perflint.runner).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from perflint.discovery import Skipped
from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, SEVERITY_RANK, Finding
from perflint.model import Report
from perflint.recognize import is_not_a_report_message


@dataclass
class FileResult:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    #: the loaded report, only until the corpus rules have collected what they need of it
    report: Report | None = None
    unit_name: str | None = None
    #: the report kind (perflint.profiles.KINDS), once the file is loaded
    kind: str | None = None
    #: the budget year the report's title names (2023年度), once the file is loaded
    year: int | None = None
    #: what each corpus rule collected of the report (`CorpusRule.collect`), by rule code
    collected: dict[str, object] = field(default_factory=dict)

    @property
    def input_failed(self) -> bool:
        return any(f.code == INPUT_ERROR for f in self.findings)

    @property
    def rule_failed(self) -> bool:
        """A rule failed on this file (PL001: it raised, yielded a non-Finding, overran its time)."""
        return any(f.code == INTERNAL_ERROR for f in self.findings)


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
            failed = next((f for f in result.findings if f.code == INPUT_ERROR), None)
            if failed is None:
                continue
            if failed.message.startswith(UNSUPPORTED):
                reason = "unsupported"
            elif is_not_a_report_message(failed.message):
                reason = "not-a-report"
            else:
                reason = "unreadable"
            entries.append(Skipped(result.path, reason, failed.message))
        return sorted(entries, key=lambda entry: entry.path)

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for result in self.files:
            for finding in result.findings:
                counts[finding.severity] += 1
        return counts

    def exit_code(self, fail_on: str) -> int:
        """1 only for findings in linted reports; 2 for any tool or input problem: a problem of
        the run (a plugin that failed, called `sys.exit` …), a file not read (PL000), a rule that
        failed on a file (PL001), whatever the other findings."""
        if self.problems or any(r.input_failed or r.rule_failed for r in self.files):
            return 2
        threshold = SEVERITY_RANK[fail_on]
        failing = any(SEVERITY_RANK[f.severity] >= threshold for r in self.files for f in r.findings)
        return 1 if failing else 0

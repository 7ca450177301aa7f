"""`memo.per_report`: one value per report object and key, computed once while the report is among
the last `KEPT`, whichever report was asked about last."""

from __future__ import annotations

from perflint.model import Report
from perflint.rules import memo


def _report(name: str) -> Report:
    return Report.model_validate({"title": f"{name}2023年度项目支出绩效自评报告"})


def test_values_are_computed_once_per_report_and_key():
    first, second = _report("甲县"), _report("乙县")
    calls: list[tuple[str, str]] = []

    def value(report: Report, key: str) -> str:
        def compute() -> str:
            calls.append((report.title, key))
            return f"{report.title}:{key}"
        return memo.per_report(report, key, compute)

    asked = [value(first, "rows"), value(first, "rows"), value(second, "rows"), value(first, "rows"),
             value(first, "rates"), value(second, "rows"), value(second, "rates")]
    assert asked == [f"{r.title}:{k}" for r, k in [(first, "rows"), (first, "rows"), (second, "rows"),
                                                    (first, "rows"), (first, "rates"), (second, "rows"),
                                                    (second, "rates")]]
    assert calls == [(first.title, "rows"), (second.title, "rows"), (first.title, "rates"),
                     (second.title, "rates")]


def test_a_report_asked_about_last_is_forgotten_once_kept_reports_push_it_out():
    last = _report("丙县")
    calls = []
    memo.per_report(last, "k", lambda: calls.append(1) or 1)
    for index in range(memo.KEPT):
        memo.per_report(_report(f"县{index}"), "k", lambda: 0)
    memo.per_report(last, "k", lambda: calls.append(2) or 2)
    assert calls == [1, 2]
    assert len(memo._MEMOS) <= memo.KEPT

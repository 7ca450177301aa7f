"""An example third-party plugin, used by the tests exactly as a district would write one."""

from collections.abc import Iterator

from perflint.hookspecs import hookimpl
from perflint.model import Report
from perflint.rules import CheckContext, ReportRule


class MissingYear(ReportRule):
    """The report does not say which year it evaluates."""

    code = "EX001"
    name = "example-missing-year"
    severity = "warning"
    groups = ("example",)
    messages = {"zh": "报告未注明评价年度", "en": "the report does not state its year"}

    def check(self, report: Report, ctx: CheckContext) -> Iterator:
        if report.year is None:
            yield ctx.finding(report.title.span if report.title else None)


class Crashing(ReportRule):
    """A rule with a bug: it always raises (the host must isolate it)."""

    code = "EX999"
    name = "example-crash"
    messages = {"zh": "不会出现", "en": "never shown"}

    def check(self, report: Report, ctx: CheckContext) -> Iterator:
        raise RuntimeError("bug in example plugin")


@hookimpl
def perflint_rules():
    return [MissingYear, Crashing]

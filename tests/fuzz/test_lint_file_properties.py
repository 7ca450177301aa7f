"""In-process properties of `runner.lint_file` on generated files of every format.

Whatever bytes a file holds, linting it returns (never raises), every finding is a `Finding`
whose places lie inside the file, a file that cannot be a report gets a PL000, and each call
ends within a deadline. These run in the test process, so the strategies stay at scales that
cannot exhaust it; the scales of issue 20's attacks are driven through the CLI under a memory
limit (test_cli_properties.py).
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import strategies
from hypothesis import given
from strategies import BY_FORMAT, Sample, fuzz_settings

from perflint.activation import activate_rules
from perflint.config import Config
from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, Finding
from perflint.limits import applied
from perflint.model import Span
from perflint.reading import decode_text
from perflint.runner import FileResult, lint_file
from perflint.testing import prepared

FORMATS = sorted(BY_FORMAT)

#: Seconds one `lint_file` call may take on a generated file (they are at most a few hundred
#: lines; a normal one takes tens of milliseconds). Over it, hypothesis fails the example.
DEADLINE = 10.0

#: The runner's words for a loader that raised something it did not expect: the message is then
#: a Python exception's name and text, which a user can do nothing with.
_LOADER_CRASH = ("loader failed", "读取程序出错")

#: A Python exception's name at the start of a message (`OverflowError: …`).
_EXCEPTION_FIRST = re.compile(r"^\s*[A-Z][A-Za-z]*(Error|Exception)\b")


def _bare_exception(message: str) -> bool:
    """Whether a PL000 says no more than which Python exception a loader met (a message that
    says what is wrong in words may still quote the parser's detail in brackets)."""
    return any(word in message for word in _LOADER_CRASH) or bool(_EXCEPTION_FIRST.match(message))


class _Linter:
    """The built-in rules and the default config, prepared once (discovery is the slow part)."""

    def __init__(self) -> None:
        host, base = prepared()
        self.host = host
        self.config = Config(select=["ALL"], ignore=list(base.ignore), rule_options=dict(base.rule_options),
                             severities=dict(base.severities), ruleset=base.ruleset,
                             ruleset_plugins=base.ruleset_plugins,
                             plugins_with_rulesets=base.plugins_with_rulesets)
        self.rules, problems = activate_rules(host, self.config)
        assert not problems, problems
        self.folder = Path(tempfile.mkdtemp(prefix="perflint-fuzz-"))
        atexit.register(shutil.rmtree, self.folder, True)

    def lint(self, sample: Sample) -> FileResult:
        path = self.folder / f"report{sample.suffix}"
        path.write_bytes(sample.data)
        with applied(self.config.limits):
            return lint_file(path, self.host, self.rules, self.config)


_LINTER: _Linter | None = None


def linter() -> _Linter:
    global _LINTER
    if _LINTER is None:
        _LINTER = _Linter()
    return _LINTER


def _lines(sample: Sample) -> list[str] | None:
    """The file's lines as perflint numbers them, for the formats whose spans are line:column
    (None for Office and web pages, whose `line` counts blocks)."""
    if sample.suffix not in (".txt", ".yaml", ".json"):
        return None
    try:
        text = decode_text(sample.data)
    except Exception:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _check_span(span: Span, lines: list[str] | None, what: str) -> None:
    """1-based, start before end, and, where places are line:column, inside the file (the end
    of a file without a final newline is the end of its last line, not the line after it)."""
    assert span.line >= 1 and span.column >= 1, (what, span)
    assert (span.end_line, span.end_column) >= (span.line, span.column), (what, span)
    if lines is None:
        return
    assert span.line <= len(lines) and span.end_line <= len(lines) + 1, (what, span, len(lines))
    assert span.column <= len(lines[span.line - 1]) + 1, (what, span, lines[span.line - 1][:200])


def _check_findings(sample: Sample, result: FileResult) -> None:
    lines = _lines(sample)
    for finding in result.findings:
        assert isinstance(finding, Finding), finding
        assert re.fullmatch(r"[A-Z]{2,}\d{3,}", finding.code), finding
        assert isinstance(finding.message, str) and finding.message.strip(), finding
        if finding.span is not None:
            _check_span(finding.span, lines, finding.code)
        for related in finding.related:
            _check_span(related.span, lines, f"{finding.code} related")


def _lint_or_fail(sample: Sample) -> FileResult:
    try:
        return linter().lint(sample)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit and friends too: a run must survive any input
        pytest.fail(f"lint_file raised {type(exc).__name__}: {exc!r} on {sample!r}")


#: Examples per format in CI: Office packages are slow to build, so they get fewer.
CI_EXAMPLES = {".docx": 12, ".xlsx": 15}


@pytest.mark.parametrize("suffix", FORMATS)
def test_lint_file_on_any_input(suffix: str) -> None:
    """`lint_file` on a generated file of this format: it returns (never raises, whatever the
    bytes); every finding is a `Finding` with a code, a message, and places inside the file; a
    certainly broken input gets a PL000; a PL000 says what is wrong in words, not only which
    Python exception a loader met; no built-in rule crashes (PL001: issue 20's rows on huge
    figures and loader exceptions); and each call ends within `DEADLINE`."""

    @fuzz_settings(CI_EXAMPLES.get(suffix, 25), deadline=DEADLINE)
    @given(BY_FORMAT[suffix])
    def prop(sample: Sample) -> None:
        result = _lint_or_fail(sample)
        _check_findings(sample, result)
        if sample.broken:
            assert any(f.code == INPUT_ERROR for f in result.findings), (sample, result.findings[:5])
        for finding in result.findings:
            assert finding.code != INTERNAL_ERROR, (sample, finding.message)
            if finding.code == INPUT_ERROR:
                assert not _bare_exception(finding.message), (sample, finding.message)

    prop()


def test_over_precise_figure_is_not_a_crash() -> None:
    """The reduced example the property above found in today's code before issue 20's fix: a
    budget of 0.0…01万元 (80 zeros) against an execution of 1.00万元 made PL103 raise
    decimal.InvalidOperation, a PL001. A figure too precise to compute with is the report's
    problem, to be said as a finding; a rule crash is perflint's."""
    text = ('perflint: 1\nbudget_tables:\n- kind: 支出\n  total: {label: 合计, budget: "0.'
            + "0" * 80 + '1万元", executed: "1.00万元", rate: "5%"}\n')
    result = linter().lint(Sample(".yaml", text.encode("utf-8")))
    assert result.findings, "no finding at all on an impossible execution rate"
    assert not [f.message for f in result.findings if f.code == INTERNAL_ERROR]


def test_profile_is_bounded_in_ci() -> None:
    """CI runs the bounded, derandomized profile unless --deep was asked for: a guard against a
    conftest change that would make every CI run draw thousands of examples."""
    assert strategies.fuzz_settings(7).max_examples == (2_000 if strategies.DEEP else 7)
    assert strategies.fuzz_settings(7).database is None


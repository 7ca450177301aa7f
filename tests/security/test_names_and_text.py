"""Names and text of any origin, in every output format (issue 20, item 6).

Three rows of the issue's table, each driven through the CLI beside the two good reports under
the harness's memory and time limits, in every output format:

* a file name with a byte that is no UTF-8 (`b"\\xff"`): stdout stays UTF-8, every format stays
  valid (JSON and SARIF parse, JUnit is XML, the workbook opens), the name is shown as `\\xff`
  the same way in every format, and every file is linted;
* control, ANSI and bidi characters in a file name, in a report's quoted text and in a plugin's
  message, related label and quote: no such character reaches any output raw (JSON carries them
  as JSON escapes), the others show them as visible escapes;
* a 1.8 MB one-line JSON report, with a plugin finding that quotes the whole line once and again
  per related figure: every quote printed is cut to `QUOTE_CHARS`, the positions stay exact, and
  no format's output grows with the line (the text format used to measure the whole line once
  per finding: minutes for this file).

The attack files are generated here; nothing hostile is stored in the repository.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html
from openpyxl import load_workbook
from rich.cells import cell_len

from perflint.output import _safe as safe
from tests.security.harness import (
    FIXTURES,
    GOOD_FILES,
    Outcome,
    good_findings,
    good_folder,
    run_perflint,
)

#: Formats written to stdout, and those written with `-o` (html could go to stdout; a bureau
#: writes it to a file, which is the path that failed).
STDOUT_FORMATS = ("json", "sarif", "github", "junit", "text")
FILE_FORMATS = ("html", "xlsx")

#: What a hostile name or text carries: an ANSI colour, a bell, a right-to-left override, a
#: one-byte CSI (C1) and a carriage return that would rewrite the terminal line.
HOSTILE = "\x1b[31m\x07\u202e\x9b2J\r"

#: A plugin rule, XN001, that reports on files named evil* or long* one finding whose message,
#: related labels and quotes carry `HOSTILE` and whose span (and three related spans) cover the
#: file's whole first line: what a plugin, or a stored cache entry, may hand to the formats.
PLUGIN = textwrap.dedent('''\
    from perflint.findings import Finding, Related
    from perflint.hookspecs import hookimpl
    from perflint.model import Span
    from perflint.rules.base import ReportRule

    HOSTILE = {hostile!r}


    class Echo(ReportRule):
        """XN001 echo-line: quotes the first line of evil* and long* files whole."""

        code = "XN001"
        name = "echo-line"
        severity = "warning"
        messages = {{"zh": "回显", "en": "echo"}}

        def check(self, report, ctx):
            if ctx.path is None or not ctx.path.name.startswith(("evil", "long")):
                return
            line = ctx.path.read_text(encoding="utf-8").split("\\n")[0]
            span = Span(line=1, column=1, end_line=1, end_column=len(line) + 1, quote=line)
            yield Finding(code=self.code, severity="warning", rule=self.name,
                          message="插件消息" + HOSTILE + "伪造的下一行\\n第二行", span=span,
                          related=tuple(Related(span=span, label="依据" + HOSTILE) for _ in range(3)))


    @hookimpl
    def perflint_rules():
        return [Echo]
    ''').format(hostile=HOSTILE)


def plugin(tmp_path: Path) -> Path:
    """The plugin file, outside the linted folder."""
    path = tmp_path / "echo_plugin.py"
    path.write_text(PLUGIN, encoding="utf-8")
    return path


def run_format(folder: Path, output_format: str, out_dir: Path,
               extra: Sequence[str] = ()) -> tuple[Outcome, bytes]:
    """`perflint check --format FORMAT` in `folder`: the outcome and the output's bytes (stdout,
    or the `-o` file written in `out_dir`, outside the linted folder)."""
    if output_format in FILE_FORMATS:
        target = out_dir / f"out.{output_format}"
        outcome = run_perflint(["check", "--format", output_format, "-o", str(target), *extra, "."], folder)
        return outcome, target.read_bytes() if target.exists() else b""
    outcome = run_perflint(["check", "--format", output_format, *extra, "."], folder)
    return outcome, outcome.stdout.encode("utf-8")


def texts_of(output_format: str, data: bytes) -> list[str]:
    """Every text the output holds, after checking it is valid in its format: the document
    itself for the text formats, each cell's value for the workbook."""
    if output_format == "xlsx":
        workbook = load_workbook(io.BytesIO(data))
        return [str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
                if cell.value is not None]
    text = data.decode("utf-8")  # strict: undecodable bytes on stdout or in a file fail here
    if output_format in ("json", "sarif"):
        json.loads(text)
    elif output_format == "junit":
        ET.fromstring(data)
    elif output_format == "html":
        assert lxml_html.fromstring(data).find(".//main") is not None
    elif output_format == "github":
        assert all(line.startswith("::") for line in text.splitlines()), text[:2000]
    return [text]


def assert_ran(outcome: Outcome) -> None:
    """A run that linted everything: exit 1 (the reports have findings), no traceback, no
    replacement character (`run_perflint` decodes stdout with `replace`)."""
    assert outcome.returncode == 1, (outcome.returncode, outcome.stderr[-3000:])
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    assert "\ufffd" not in outcome.stdout and "\ufffd" not in outcome.stderr, outcome.stderr[-2000:]


def essentials(findings: list[dict]) -> list[tuple]:
    """What a finding says, apart from its fingerprint (which depends on the file's name)."""
    return [(f["code"], f["line"], f["column"], f["message"], f["quote"]) for f in findings]


# -- the shared rules (perflint.output._safe) ---------------------------------------------------

def test_escapes_are_visible_and_leave_ordinary_text_alone() -> None:
    assert safe.escape("执行率为126.59%\t第二行\n") == "执行率为126.59%\t第二行\n"
    assert safe.escape(HOSTILE) == "\\x1b[31m\\x07\\u202e\\x9b2J\\r"
    assert safe.escape("a\tb\nc", one_line=True) == "a\\tb\\nc"
    assert safe.name(Path("\udcffbad\u2066.yaml")) == "\\xffbad\\u2066.yaml"
    assert not safe.UNSAFE.search(safe.escape("".join(map(chr, range(0x2070))) + "\ud800\ufffe"))


def test_quotes_are_cut_in_the_middle_to_the_window() -> None:
    short = "x" * safe.QUOTE_CHARS
    assert safe.clip(short) == short
    long = "起" + "中" * 10_000 + "止"
    cut = safe.clip(long)
    assert len(cut) == safe.QUOTE_CHARS and cut.startswith("起中") and cut.endswith("中止")
    assert cut.count(safe.ELLIPSIS) == 1


def test_json_documents_escape_what_terminals_obey_and_keep_the_strings() -> None:
    value = {"message": "a\u202eb\x9bc\x1bd", "path": "\udcff.txt"}
    document = safe.json_document(json.dumps(value, ensure_ascii=False))
    assert not safe.UNSAFE.search(document)
    parsed = json.loads(document)
    assert parsed["message"] == value["message"]  # exact: the escapes are JSON's
    assert parsed["path"] == "\\xff.txt"  # an undecodable byte is shown as in every format


# -- row: a file name with a byte that is no UTF-8 ----------------------------------------------

@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file systems take a name that is no UTF-8")
def test_a_name_that_is_no_utf8_is_shown_escaped_in_every_format(tmp_path: Path) -> None:
    folder = good_folder(tmp_path / "run")
    shutil.copyfile(FIXTURES / GOOD_FILES[0], bytes(folder) + b"/\xffbad.yaml")
    shown = "\\xffbad.yaml"
    expected = good_findings(tmp_path)
    for output_format in STDOUT_FORMATS + FILE_FORMATS:
        outcome, data = run_format(folder, output_format, tmp_path)
        assert_ran(outcome)
        texts = texts_of(output_format, data)
        if output_format != "sarif":  # SARIF names files by URI (below)
            assert any(shown in text for text in texts), (output_format, texts[0][:3000])
        if output_format == "json":
            # every file linted: the good ones as without the attack, the renamed copy like its original
            for name in GOOD_FILES:
                assert outcome.findings(name) == expected[name], name
            assert essentials(outcome.findings(shown)) == essentials(expected[GOOD_FILES[0]])
        if output_format == "sarif":
            uris = [a["location"]["uri"] for a in json.loads(data)["runs"][0]["artifacts"]]
            assert "%FFbad.yaml" in uris  # the name's own byte, percent-encoded: a URI that resolves


# -- row: control, ANSI and bidi characters in names, quotes and plugin messages ----------------

def evil_folder(tmp_path: Path) -> tuple[Path, str]:
    """The good reports and a .txt report whose name and quoted lines carry `HOSTILE`; its name
    as the outputs show it."""
    folder = good_folder(tmp_path / "run")
    source = (Path(__file__).parents[1] / "output" / "reports" / "synthetic.txt").read_text(encoding="utf-8")
    source = source.replace("其中：基本支出", "其中：基本支出" + HOSTILE.replace("\r", ""))
    name = "evil" + HOSTILE + ".txt"
    (folder / name).write_text(source, encoding="utf-8")
    return folder, safe.name(name)


def test_control_and_bidi_characters_never_reach_any_output_raw(tmp_path: Path) -> None:
    folder, shown = evil_folder(tmp_path)
    extra = ["-p", str(plugin(tmp_path))]
    expected = good_findings(tmp_path, extra)
    for output_format in STDOUT_FORMATS + FILE_FORMATS:
        outcome, data = run_format(folder, output_format, tmp_path, extra)
        assert_ran(outcome)
        texts = texts_of(output_format, data)
        raw = [text for text in texts if safe.UNSAFE.search(text)]
        assert not raw, (output_format, [safe.UNSAFE.findall(text) for text in raw][:5])
        if output_format == "json":
            document = json.loads(data)
            evil = next(entry for entry in document["files"] if entry["path"].startswith("evil"))
            assert evil["path"] == shown
            echo = next(f for f in evil["findings"] if f["code"] == "XN001")
            assert echo["message"] == "插件消息" + HOSTILE + "伪造的下一行\n第二行"  # exact, as JSON escapes
            assert {r["label"] for r in echo["related"]} == {"依据" + HOSTILE}
            for name in GOOD_FILES:
                assert outcome.findings(name) == expected[name], name
        elif output_format != "sarif":  # SARIF names files by URI
            joined = "\n".join(texts)
            assert shown in joined, (output_format, joined[:3000])
            assert "\\x1b[31m\\x07\\u202e\\x9b2J" in joined, (output_format, joined[:3000])
    stderr_names = run_perflint(["check", "--format", "json", "--extend-exclude", "evil*", "."], folder)
    assert not safe.UNSAFE.search(stderr_names.stderr.replace("\n", "")), stderr_names.stderr


def text_at_cell(line: str, cell: int) -> str:
    """What a terminal shows from column `cell` of `line` on ("" when no character starts there)."""
    cells = 0
    for index, char in enumerate(line):
        if cells == cell:
            return line[index:]
        cells += cell_len(char)
    return ""


def test_text_output_shows_hostile_source_lines_escaped_with_carets_aligned(tmp_path: Path) -> None:
    folder, _ = evil_folder(tmp_path)
    outcome = run_perflint(["check", "--format", "text", "."], folder)
    assert_ran(outcome)
    lines = outcome.stdout.splitlines()
    echoed = [number for number, line in enumerate(lines) if "\\x1b[31m" in line and " | " in line]
    assert echoed, outcome.stdout[:3000]
    for number in echoed:  # the marks under an escaped line still point at a figure of it
        line, marks = lines[number], lines[number + 1]
        start = min(marks.index(mark) for mark in "^-" if mark in marks)
        assert text_at_cell(line, start).startswith(("126.59%", "283.04万元", "193.13万元")), (line, marks)


# -- row: a 1.8 MB one-line JSON report --------------------------------------------------------

def long_json(folder: Path) -> str:
    """A good report as one line of JSON grown to 1.8 MB (its opening paragraph repeated), and
    its text."""
    report = yaml.safe_load((FIXTURES / GOOD_FILES[0]).read_text(encoding="utf-8"))
    report["preamble"] = report["preamble"] * 3_100
    text = json.dumps(report, ensure_ascii=False, separators=(",", ":"))
    assert len(text.encode("utf-8")) > 1_800_000
    (folder / "long.json").write_text(text, encoding="utf-8")
    return text


#: The most bytes any output but html may take for the two good reports and the 1.8 MB line;
#: quoting the line once would exceed it (html shows the report's text itself, once).
OUTPUT_BOUND = 1_000_000


def test_long_quotes_are_cut_and_positions_stay_exact(tmp_path: Path) -> None:
    folder = good_folder(tmp_path / "run")
    text = long_json(folder)
    extra = ["-p", str(plugin(tmp_path))]
    expected = good_findings(tmp_path, extra)
    for output_format in STDOUT_FORMATS + FILE_FORMATS:
        outcome, data = run_format(folder, output_format, tmp_path, extra)
        assert_ran(outcome)
        texts_of(output_format, data)
        bound = OUTPUT_BOUND + (len(text.encode("utf-8")) if output_format == "html" else 0)
        assert len(data) < bound, (output_format, len(data))
        if output_format != "json":
            continue
        for name in GOOD_FILES:
            assert outcome.findings(name) == expected[name], name
        findings = outcome.findings("long.json")
        echo = next(f for f in findings if f["code"] == "XN001")
        place = (echo["line"], echo["column"], echo["end_line"], echo["end_column"])
        assert place == (1, 1, 1, len(text) + 1)
        assert len(echo["related"]) == 3
        for finding in findings:
            for spot in [finding, *finding["related"]]:
                quote = spot["quote"] or ""
                assert len(quote) <= safe.QUOTE_CHARS, (finding["code"], len(quote))
                head = quote.split(safe.ELLIPSIS)[0]
                assert text[spot["column"] - 1:].startswith(head), (finding["code"], spot["column"])

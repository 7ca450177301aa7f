"""Baselines: accept today's findings on legacy submissions, report only what is new.

A finding's fingerprint ignores line numbers (reports get edited around a figure) and keys on
what the finding is about: the file, the rule, the quoted figure, the stated and expected
values and the figures it was computed from. Change a figure and the fingerprint changes, so
the finding comes back. Fingerprints are counted, so a second identical defect is still new.
SARIF's `partialFingerprints` are the same fingerprints, so a code-scanning dashboard tracks a
finding across edits as a baseline does.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from perflint.atomic import write_atomic
from perflint.config import ConfigError
from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, Finding
from perflint.reading import read_own_file
from perflint.runner import RunResult

FORMAT_VERSION = 1


def fingerprint(path: Path, finding: Finding) -> str:
    return fingerprint_of(path.as_posix(), finding.code, finding.span.quote if finding.span else "",
                          finding.stated, finding.expected, [figure.span.quote for figure in finding.related])


def fingerprint_of(path: str, code: str, quote: str, stated: str | None, expected: str | None,
                   related_quotes: list[str]) -> str:
    """`fingerprint` of a finding given by its values (`path` with `/`): for the outputs that
    render findings from their packed values (perflint.packed.Row)."""
    parts = [path, code, quote, stated or "", expected or "", *sorted(related_quotes)]
    # surrogatepass: a file name with bytes that are no UTF-8 (lone surrogates) still hashes; any
    # other text hashes as before
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def write(path: Path, result: RunResult) -> int:
    """Write the run's findings as a baseline (atomically); returns how many were recorded."""
    entries = sorted(
        ({"fingerprint": fingerprint(file.path, f), "path": file.path.as_posix(), "code": f.code,
          "quote": f.span.quote if f.span else None}
         for file in result.files for f in file.unpacked() if f.code not in (INPUT_ERROR, INTERNAL_ERROR)),
        key=lambda e: (e["path"], e["code"], e["fingerprint"]),
    )
    document = {"perflint-baseline": FORMAT_VERSION, "findings": entries}
    write_atomic(path, (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return len(entries)


class BaselineError(ConfigError):
    """A baseline file that cannot be used (missing, unreadable, not a baseline): a usage error
    naming the file (exit 2), never a traceback."""


def load(path: Path) -> Counter[str]:
    """The fingerprints a baseline file records, each with how many findings it stands for."""
    data = read_own_file(path, BaselineError, ("基线文件", "baseline file"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _not_a_baseline(path, "不是 UTF-8 文本", "not UTF-8 text") from None
    try:
        document = json.loads(text)
        return Counter(entry["fingerprint"] for entry in document["findings"])
    except json.JSONDecodeError as exc:
        raise _not_a_baseline(path, f"JSON 格式错误：{exc}", f"{type(exc).__name__}: {exc}") from None
    except (KeyError, TypeError) as exc:
        raise _not_a_baseline(path, "缺少 findings 列表或其中的 fingerprint", f"{type(exc).__name__}: {exc}"
                              ) from None


def _not_a_baseline(path: Path, zh: str, en: str) -> BaselineError:
    return BaselineError(f"{path}：不是 perflint 基线文件（{zh}）",
                         english=f"{path}: not a perflint baseline ({en})")


def subtract(result: RunResult, known: Counter[str]) -> int:
    """Remove baselined findings from the result in place; returns how many were hidden."""
    remaining = Counter(known)
    hidden = 0
    for file in result.files:
        kept = []
        for finding in file.unpacked():
            key = fingerprint(file.path, finding)
            if remaining[key] > 0 and finding.code not in (INPUT_ERROR, INTERNAL_ERROR):
                remaining[key] -= 1
                hidden += 1
            else:
                kept.append(finding)
        file.replace(kept)
    return hidden

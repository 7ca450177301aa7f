"""The manifest of a reference corpus folder (corpus.json): the format, the perflint that wrote it,
and the options that decide what its paragraphs are, so that a run with other options is refused.

The stored paragraphs are what `report_paragraphs` made of each report with one rule's options:
min_chars and mask_figures decide which paragraphs are kept and how they are normalized, the
reference entries (bundled, extra templates, extra prescribed paragraphs, extra corpus files by
their SHA-256) decide which are anchored. What perflint's code decides (normalization, the bundled
entries, the excerpts' length) is pinned by the perflint version, which must be the run's. The
LSH options (threshold, num_perm, bands …) and min_units/same_unit are not in it: the analysis
runs on the stored normalized texts at check time, with the run's own values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from perflint import __version__

#: what corpus.json's "format" says: a folder perflint wrote (and may replace)
FORMAT = "perflint-reference-corpus"
#: the layout of the folder's files; another version is refused
VERSION = 1
MANIFEST = "corpus.json"
#: a manifest is a few KB; a larger file is not one perflint wrote
MAX_MANIFEST_BYTES = 1 << 20


class CorpusError(Exception):
    """A reference corpus folder that cannot be used (missing, corrupt, built with other options),
    said in Chinese and English and naming the file."""

    def __init__(self, message: str, english: str) -> None:
        super().__init__(message)
        self.english = english

    def text(self, lang: str = "zh") -> str:
        return self.english if lang == "en" else str(self)


def paragraph_options(options: Any) -> dict[str, Any]:
    """The options (a rule's CorpusOptions) that decide what a stored paragraph is, as JSON values.
    Extra corpus files count by content (SHA-256), not by path: the same file elsewhere is the
    same corpus."""
    shingle, bundled, templates, prescribed, mask_figures, extra = options.reference_args()
    return {"min_chars": int(options.min_chars), "mask_figures": bool(mask_figures),
            "shingle": int(shingle), "reference": bool(bundled),
            "extra_templates": list(templates), "extra_prescribed": list(prescribed),
            "extra_corpus": [digest for _, digest in extra]}


def manifest(sets: list[tuple[list[str], dict[str, Any]]], reports: int, paragraphs: int) -> dict[str, Any]:
    """The manifest of a corpus of `reports` reports: one entry per paragraph set (the rules that
    share it, their paragraph options)."""
    return {"format": FORMAT, "version": VERSION, "perflint": __version__, "reports": reports,
            "paragraphs": paragraphs,
            "sets": [{"rules": rules, "options": options} for rules, options in sets]}


def is_corpus_folder(folder: Path) -> bool:
    """Whether `folder` holds a manifest perflint wrote (so `corpus build -o` may replace it)."""
    try:
        return read_manifest(folder)["format"] == FORMAT
    except CorpusError:
        return False


def read_manifest(folder: Path) -> dict[str, Any]:
    """The folder's manifest, checked: format, version, perflint version, sets. Anything else is a
    CorpusError naming the file."""
    path = folder / MANIFEST
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_MANIFEST_BYTES + 1)
    except FileNotFoundError:
        raise CorpusError(f"{folder}：不是参考语料库文件夹（没有 {MANIFEST}；用 perflint corpus build 建立）",
                          f"{folder}: not a reference corpus folder (no {MANIFEST}; "
                          "build one with perflint corpus build)") from None
    except OSError as exc:
        raise CorpusError(f"{path}：无法读取（{exc.strerror or exc}）",
                          f"{path}: cannot read ({exc.strerror or exc})") from None
    bad = CorpusError(f"{path}：不是 perflint 写的参考语料库清单（已损坏或被改动）",
                      f"{path}: not a reference corpus manifest written by perflint (corrupt or edited)")
    if len(data) > MAX_MANIFEST_BYTES:
        raise bad
    try:
        found = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise bad from None
    if not _well_formed(found):
        raise bad
    if found["version"] != VERSION or found["perflint"] != __version__:
        raise CorpusError(
            f"{path}：此参考语料库由 perflint {found['perflint']}（格式 {found['version']}）建立，"
            f"本机是 perflint {__version__}（格式 {VERSION}）；请用 perflint corpus build 重新建立",
            f"{path}: this reference corpus was built by perflint {found['perflint']} (format "
            f"{found['version']}), this is perflint {__version__} (format {VERSION}); rebuild it with "
            "perflint corpus build")
    return found


def _well_formed(found: Any) -> bool:
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        return False
    if not isinstance(found.get("version"), int) or not isinstance(found.get("perflint"), str):
        return False
    counts = (found.get("reports"), found.get("paragraphs"))
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts):
        return False
    sets = found.get("sets")
    return isinstance(sets, list) and bool(sets) and all(
        isinstance(s, dict) and isinstance(s.get("options"), dict) and isinstance(s.get("rules"), list)
        and all(isinstance(r, str) for r in s["rules"]) for s in sets)


def mismatch(folder: Path, code: str, wanted: dict[str, Any], sets: list[dict[str, Any]]) -> CorpusError:
    """The error for a rule whose paragraph options (`wanted`) match none of the stored sets: it
    names each option that differs from the first set's."""
    stored = sets[0]["options"]
    differ = [key for key in sorted(set(wanted) | set(stored)) if wanted.get(key) != stored.get(key)]
    zh = "；".join(f"{key} 建立时为 {_shown(stored.get(key))}，本次为 {_shown(wanted.get(key))}"
                  for key in differ)
    en = "; ".join(f"{key} was {_shown(stored.get(key))} when built, is {_shown(wanted.get(key))} now"
                   for key in differ)
    return CorpusError(f"{folder}：参考语料库的段落选项与本次 {code} 的选项不同（{zh}）；请用相同的选项"
                       "重新运行 perflint corpus build",
                       f"{folder}: the reference corpus was built with other paragraph options than "
                       f"{code}'s in this run ({en}); rebuild it with perflint corpus build and the same "
                       "options")


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)

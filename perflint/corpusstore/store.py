"""Writing and reading a reference corpus folder: corpus.json (perflint.corpusstore.manifest),
reports.parquet (one row per report: its number, path as shown when built, absolute path, unit
name, title span) and paragraphs.parquet (one row per stored paragraph: its set, report, number,
text key, normalized text, anchored flag, excerpt and span).

A folder is written beside its target and renamed into place, so a crash leaves the old corpus
or the new one. Reading trusts nothing: the schema must be the one written here, each row group's
declared size must be within `limits.unzipped-bytes` before it is decompressed, the rows must be in
the order written and every key must be its text's; anything else is a CorpusError naming the file
(exit 2), never a traceback or a silently wrong comparison. pyarrow is imported only here.

Spans stay in the files (a tool reading them can point at a reference paragraph), but a run does
not rebuild them: findings are never about reference reports, and 10^5 reports' spans would cost
gigabytes. Equal normalized texts are shared between reports once read.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perflint.atomic import temp_name
from perflint.corpusstore.manifest import (
    MANIFEST,
    CorpusError,
    is_corpus_folder,
    manifest,
    mismatch,
    paragraph_options,
    read_manifest,
)
from perflint.limits import current
from perflint.textmatch.corpus import SPAN_FIELDS, CorpusParagraph, Place, ReportParagraphs

REPORTS = "reports.parquet"
PARAGRAPHS = "paragraphs.parquet"
#: rows per Parquet row group: the unit read (and bounded) at a time
ROW_GROUP_ROWS = 50_000


@dataclass(frozen=True, eq=False)
class ParagraphSet:
    """The paragraphs of every stored report for one set of paragraph options (usually one set,
    shared by PL607 and PL608), one ReportParagraphs per report in stored order."""

    rules: tuple[str, ...]
    options: dict[str, Any]
    reports: tuple[ReportParagraphs, ...]


@dataclass(frozen=True, eq=False)
class ReferenceCorpus:
    """A reference corpus read back: its reports' paths (as shown when built, and absolute) and
    its paragraph sets."""

    folder: Path
    paths: tuple[str, ...]
    resolved: tuple[str, ...]
    sets: tuple[ParagraphSet, ...]
    _memo: dict = field(default_factory=dict, repr=False)

    def check_options(self, code: str, options: Any) -> ParagraphSet:
        """The set stored with these paragraph options, or the CorpusError naming what differs."""
        wanted = paragraph_options(options)
        found = next((s for s in self.sets if s.options == wanted), None)
        if found is None:
            raise mismatch(self.folder, code, wanted, [{"options": s.options} for s in self.sets])
        return found

    def reports_for(self, code: str, options: Any,
                    run_paths: Iterable[Path]) -> list[tuple[Path, ReportParagraphs]]:
        """The reference's reports for a rule's options, in stored order, as the run's corpus
        continues them; a report that is also one of the run's files (same absolute path: the
        file being changed in a pre-commit hook) is the run's, and left out here. The same
        objects every call, so PL607 and PL608 share one analysis (cached_analysis)."""
        chosen = self.check_options(code, options)
        own = {os.path.abspath(path) for path in run_paths}
        key = (id(chosen), frozenset(own) & set(self.resolved))
        if key not in self._memo:
            self._memo.clear()
            self._memo[key] = [(Path(shown), paragraphs) for shown, resolved, paragraphs
                               in zip(self.paths, self.resolved, chosen.reports, strict=True)
                               if resolved not in own]
        return self._memo[key]


# --- writing ------------------------------------------------------------------------------------

def check_output(out: Path) -> None:
    """Refuse, before any file is read, an output that is not a new folder in an existing one or
    a corpus folder perflint wrote (which is replaced)."""
    if not out.parent.is_dir():
        raise CorpusError(f"-o {out}：文件夹 {out.parent} 不存在",
                          f"-o {out}: folder {out.parent} does not exist")
    if (out.exists() or out.is_symlink()) and not (out.is_dir() and not out.is_symlink()
                                                   and is_corpus_folder(out)):
        raise CorpusError(f"-o {out}：已存在，且不是 perflint 建立的参考语料库；不会覆盖它，请给出新的文件夹",
                          f"-o {out}: exists and is not a reference corpus perflint built; not "
                          "overwritten, name a new folder")


def write_corpus(out: Path, reports: Sequence[tuple[Path, Sequence[ReportParagraphs]]],
                 sets: Sequence[tuple[list[str], dict[str, Any]]]) -> int:
    """Write the corpus of `reports` (path as shown, each set's paragraphs in `sets`' order) to
    the folder `out`, replacing a corpus folder there; returns the number of paragraphs of the
    first set. Files are written into a folder beside `out`, then renamed into place."""
    import pyarrow.parquet as pq

    check_output(out)
    parent = out.absolute().parent
    temp = Path(tempfile.mkdtemp(prefix=temp_name(out.name), dir=parent))
    try:
        report_table, paragraph_table = _tables(reports)
        for table, name in ((report_table, REPORTS), (paragraph_table, PARAGRAPHS)):
            pq.write_table(table, temp / name, compression="zstd", row_group_size=ROW_GROUP_ROWS)
        counted = sum(len(sets_of[0].paragraphs) for _, sets_of in reports)
        (temp / MANIFEST).write_text(json.dumps(manifest(list(sets), len(reports), counted),
                                                ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        _swap(temp, out.absolute())
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return counted


def _swap(temp: Path, out: Path) -> None:
    """`temp` becomes `out`; an old corpus there is moved aside first and removed after (a crash
    between the two renames leaves it, whole, under a name starting with perflint's temp prefix)."""
    old = None
    if out.exists():
        old = out.parent / temp_name(out.name + ".old")
        os.rename(out, old)
    os.rename(temp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder = os.open(out.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _span_fields(prefix: str) -> list:
    import pyarrow as pa

    return [(f"{prefix}line", pa.int32()), (f"{prefix}column", pa.int32()), (f"{prefix}end_line", pa.int32()),
            (f"{prefix}end_column", pa.int32()), (f"{prefix}quote", pa.string()),
            (f"{prefix}offset", pa.int64()), (f"{prefix}end_offset", pa.int64()),
            (f"{prefix}location", pa.string())]


def report_schema():
    import pyarrow as pa

    return pa.schema([pa.field("report", pa.int32(), nullable=False),
                      pa.field("path", pa.string(), nullable=False),
                      pa.field("resolved", pa.string(), nullable=False), ("unit_name", pa.string()),
                      *_span_fields("title_")])


def paragraph_schema():
    import pyarrow as pa

    required = [("set", pa.int16()), ("report", pa.int32()), ("number", pa.int32()), ("key", pa.int64()),
                ("norm", pa.string()), ("anchored", pa.bool_()), ("excerpt", pa.string())]
    return pa.schema([*(pa.field(name, kind, nullable=False) for name, kind in required),
                      *_span_fields("")])


def _span_values(place: Place | None) -> tuple:
    return place if place is not None else (None,) * len(SPAN_FIELDS)


def _tables(reports: Sequence[tuple[Path, Sequence[ReportParagraphs]]]):
    import pyarrow as pa

    report_names, paragraph_names = report_schema().names, paragraph_schema().names
    rows: list[tuple] = [(number, str(path), os.path.abspath(path), sets[0].unit_name,
                          *_span_values(sets[0].title)) for number, (path, sets) in enumerate(reports)]
    paragraphs: list[tuple] = [
        (set_number, report, number, p.key, p.norm, p.anchored, p.excerpt, *_span_values(p.place))
        for set_number in range(len(reports[0][1]) if reports else 0)
        for report, (_, sets) in enumerate(reports)
        for number, p in enumerate(sets[set_number].paragraphs)]
    return (pa.table(_columns(rows, report_names), schema=report_schema()),
            pa.table(_columns(paragraphs, paragraph_names), schema=paragraph_schema()))


def _columns(rows: list[tuple], names: Sequence[str]) -> dict[str, list]:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return {name: list(values) for name, values in zip(names, columns, strict=True)}


# --- reading ------------------------------------------------------------------------------------

def read_corpus(folder: Path) -> ReferenceCorpus:
    """The corpus in `folder`, checked (see the module's docstring); a CorpusError otherwise."""
    found = read_manifest(folder)
    reports = _read_table(folder / REPORTS, report_schema(), ("report", "path", "resolved", "unit_name"))
    count = len(reports["report"])
    if count != found["reports"] or reports["report"] != list(range(count)) or \
            not all(reports["path"]) or not all(reports["resolved"]):
        raise _corrupt(folder / REPORTS)
    columns = ("set", "report", "number", "key", "norm", "anchored", "excerpt")
    rows = _read_table(folder / PARAGRAPHS, paragraph_schema(), columns)
    sets = _paragraph_sets(folder / PARAGRAPHS, rows, found["sets"], reports["unit_name"])
    if sum(len(r.paragraphs) for r in sets[0].reports) != found["paragraphs"]:
        raise _corrupt(folder / PARAGRAPHS)
    return ReferenceCorpus(folder, tuple(reports["path"]), tuple(reports["resolved"]), sets)


def _corrupt(path: Path, detail: str = "") -> CorpusError:
    zh = f"（{detail}）" if detail else ""
    en = f" ({detail})" if detail else ""
    return CorpusError(f"{path}：参考语料库文件已损坏或不是 perflint 写的{zh}；"
                       "请用 perflint corpus build 重新建立",
                       f"{path}: reference corpus file is corrupt or not written by perflint{en}; rebuild "
                       "it with perflint corpus build")


def _read_table(path: Path, schema, columns: Sequence[str]) -> dict[str, list]:
    """The `columns` of a Parquet file, as lists, one bounded row group at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    limit = current().unzipped_bytes
    out: dict[str, list] = {name: [] for name in columns}
    try:
        parquet = pq.ParquetFile(path)
        if not parquet.schema_arrow.equals(schema, check_metadata=False):
            raise _corrupt(path, "schema")
        meta = parquet.metadata
        for group in range(meta.num_row_groups):
            info = meta.row_group(group)
            sizes = [info.column(i).total_uncompressed_size for i in range(info.num_columns)]
            if max(info.total_byte_size, sum(sizes)) > limit:
                zh, en = _over(limit)
                raise CorpusError(f"{path}：{zh}", f"{path}: {en}")
            table = parquet.read_row_group(group, columns=list(columns))
            for name in columns:
                column = table.column(name)
                if schema.field(name).nullable is False and column.null_count:
                    raise _corrupt(path, f"{name}")
                out[name] += column.to_pylist()
    except FileNotFoundError:
        raise CorpusError(f"{path}：参考语料库缺少此文件；请用 perflint corpus build 重新建立",
                          f"{path}: missing from the reference corpus; rebuild it with perflint corpus build"
                          ) from None
    except (pa.ArrowException, OSError, ValueError, MemoryError) as exc:
        raise _corrupt(path, type(exc).__name__) from None
    return out


def _over(limit: int) -> tuple[str, str]:
    from perflint.limits import exceeded

    return exceeded("unzipped-bytes", (f"一个行组解压后超过 {limit} 字节",
                                       f"a row group inflates to over {limit} bytes"))


def _paragraph_sets(path: Path, rows: dict[str, list], described: list[dict[str, Any]],
                    units: list[str | None]) -> tuple[ParagraphSet, ...]:
    """The rows (in the order written: set, report, number) as each set's ReportParagraphs."""
    from perflint.textmatch.textkey import text_key

    count = len(units)
    per_set: list[list[list[CorpusParagraph]]] = [[[] for _ in range(count)] for _ in described]
    norms: dict[int, str] = {}
    last = (-1, -1, -1)
    for here in zip(rows["set"], rows["report"], rows["number"], rows["key"], rows["norm"], rows["anchored"],
                    rows["excerpt"], strict=True):
        place = here[:3]
        step = ((place[0], place[1]) == last[:2] and place[2] == last[2] + 1) or \
            ((place[0], place[1]) > last[:2] and place[2] == 0)
        if not step or not 0 <= place[0] < len(described) or not 0 <= place[1] < count:
            raise _corrupt(path, "order")
        key, norm = here[3], here[4]
        known = norms.get(key)
        if known is None:
            if text_key(norm) != key:
                raise _corrupt(path, "key")
            norms[key] = known = norm
        elif known != norm:
            raise _corrupt(path, "key")
        per_set[place[0]][place[1]].append(CorpusParagraph(key, known, here[5], None, here[6]))
        last = place
    return tuple(ParagraphSet(tuple(entry["rules"]), entry["options"],
                              tuple(ReportParagraphs(unit, None, tuple(paragraphs))
                                    for unit, paragraphs in zip(units, reports, strict=True)))
                 for entry, reports in zip(described, per_set, strict=True))

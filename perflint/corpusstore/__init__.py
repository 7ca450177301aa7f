"""Reference corpora on disk: what PL607/PL608 collected from a folder of reports, kept in Parquet so
that later runs compare their files with it without reading those reports again.

`perflint corpus build DIR... -o corpus/` lints DIR with only the corpus rules, keeps what they
collect (each report's comparable paragraphs: plain data, see perflint.textmatch.corpus) and writes
it (`store.write_corpus`); `perflint check --corpus corpus/ new/` reads it back (`store.read_corpus`)
and the corpus rules analyse the run's reports followed by the reference's (`active`), reporting on
the run's files only. This year's 3,000 reports are thus compared with the last five years' in the
time it takes to lint 3,000, and a pre-commit hook compares the changed files with a reference folder.

What a paragraph is depends on options (min_chars, mask_figures, the reference entries that mark
anchored paragraphs …): the folder's manifest records them (`manifest`), and a corpus built with
other options than the run's is refused, naming the option, rather than compared wrongly.
"""

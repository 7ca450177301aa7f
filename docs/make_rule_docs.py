"""Write docs/rules/<CODE>.md for every rule perflint documents, from perflint/data/rule_docs.

The pages are what a SARIF `helpUri` and a code's link in the terminal open
(perflint.output._common.RULE_DOCS_URL), so they are committed; the test
tests/docs/test_rule_docs.py fails when they drift from the data. After editing zh.yaml or a
rule's docstring or options, run:

    python docs/make_rule_docs.py            # rewrite the pages
    python docs/make_rule_docs.py --check    # exit 1 and name the pages that are out of date

One page is `perflint rule --markdown CODE`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perflint import ruledocs

RULES_DIR = Path(__file__).resolve().parent / "rules"


def expected_pages() -> dict[str, str]:
    """File name → the page's text, for every documented code."""
    return {f"{code}.md": ruledocs.markdown(code) for code in ruledocs.page_codes()}


def out_of_date(folder: Path = RULES_DIR) -> list[str]:
    """The pages that differ from the data, are missing, or document no code any more."""
    expected = expected_pages()
    present = {path.name for path in folder.glob("*.md")} if folder.is_dir() else set()
    stale = sorted(present - set(expected))
    changed = sorted(name for name, text in expected.items()
                     if not (folder / name).is_file()
                     or (folder / name).read_text(encoding="utf-8") != text)
    return changed + stale


def write(folder: Path = RULES_DIR) -> list[str]:
    """Rewrite the pages that are out of date and delete those of codes that are gone."""
    expected = expected_pages()
    folder.mkdir(parents=True, exist_ok=True)
    touched = out_of_date(folder)
    for name in touched:
        path = folder / name
        if name in expected:
            path.write_text(expected[name], encoding="utf-8")
        else:
            path.unlink()
    return touched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report pages that are out of date")
    args = parser.parse_args(argv)
    names = out_of_date() if args.check else write()
    for name in names:
        print(f"{'out of date' if args.check else 'written'}: docs/rules/{name}")
    return 1 if args.check and names else 0


if __name__ == "__main__":
    sys.exit(main())

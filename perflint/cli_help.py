"""The command line's help in the reader's language: Chinese as written in perflint/cli.py, English
from the tables here.

The help strings in cli.py are Chinese, because that is what a bureau clerk typing
`perflint --help` reads. With `--lang en` on the command line or an English locale
(perflint.lang.help_lang) `localize` swaps each for its English text, found by subcommand and
option (`("check", "--format")`, else `("*", "--config")` for options several subcommands share).
An option with no English entry keeps its Chinese help rather than losing it. argparse's own words
(`usage:`, `options`, `--help`) are swapped the other way, into Chinese.

argparse has no public way to walk a built parser, so `localize` reads its `_actions`; the
tests (tests/cli/test_lang.py) catch a change there.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

DESCRIPTION_EN = "Lint Chinese budget performance self-evaluation reports (绩效自评报告)."

#: subcommand → its English one-line help (also its description under `perflint CMD --help`).
COMMANDS_EN = {
    "check": "lint files and folders",
    "fix": "rewrite derived figures (rates, shares) in normalized YAML/JSON; raw .txt/.docx/.xlsx "
           "are never modified",
    "extract": "show what perflint reads from a report, as normalized YAML a person can check and "
               "correct",
    "rules": "list the rules",
    "rule": "explain one rule",
    "rulesets": "list the available rulesets",
    "profiles": "list the form profiles (report kinds and regional layouts) perflint and the "
                "plugins ship",
    "plugins": "list installed plugins with versions",
    "new-plugin": "create a plugin package for a district",
    "schema": "print the JSON Schema of the normalized report format",
    "review": "record and list review decisions (confirmed / explained / false alarm)",
    "corpus": "reference corpora: store a set of reports' paragraphs for later checks to compare "
              "with (perflint check --corpus)",
    "trust": "trust a config file: let perflint load the plugins it names (recorded in your allow "
             "list; a changed file needs trusting again)",
}

_LANG_EN = "language of the output: zh Chinese (default) or en English"
_REVIEW_FILE_EN = "review decisions file (default: the config's `review`, or perflint-review.yaml here)"

#: (subcommand or "*" for any, first long option string or a positional's dest) → English help.
OPTIONS_EN: dict[tuple[str, str], str] = {
    ("*", "--help"): "show this help message and exit",
    ("*", "--version"): "show program's version number and exit",
    ("*", "--plugin"): "load a plugin module or .py file (repeatable)",
    ("*", "--config"): "config file (default: closest perflint.yaml, .perflint.yaml or pyproject.toml "
                       "[tool.perflint])",
    ("*", "--ruleset"): "ruleset name (national, nanchang-donghu …) or YAML path",
    ("*", "--trust-config"): "trust the config found in the current folder or above for this run: "
                             "load the plugins it names (by default only configs recorded by "
                             "`perflint trust` may)",
    ("*", "--kind"): "read every file as this report kind instead of detecting it",
    ("*", "--profile"): "read every file with this form profile (see `perflint profiles`)",
    ("*", "--select"): "codes, prefixes or names to run, replacing the config's `select` (repeatable)",
    ("*", "--extend-select"): "codes, prefixes or names to run in addition to those selected "
                              "(repeatable)",
    ("*", "--ignore"): "codes, prefixes or names to skip (repeatable)",
    ("*", "--lang"): _LANG_EN,
    ("check", "paths"): "files and folders to lint; - reads one report from stdin",
    ("check", "--stdin-filename"): "the file the report read from stdin is: its suffix picks the "
                                   "reader, its folder's config and per-file ignores apply, the "
                                   "output names it",
    ("check", "--format"): "output format (text, json, sarif, …)",
    ("check", "--output"): "write the output to a file",
    ("check", "--fail-on"): "exit 1 when a finding is at or above this severity (default: error)",
    ("check", "--exit-zero"): "exit 0 even when there are findings (2 still reports usage and input "
                              "errors)",
    ("check", "--statistics"): "print the number of findings per code instead of the findings "
                               "(text, or JSON with --format json)",
    ("check", "--show-fixes"): "show under each fixable finding ([*]) the replacement `perflint fix` "
                               "writes",
    ("check", "--baseline"): "hide findings recorded in this baseline file",
    ("check", "--write-baseline"): "record the run's findings as a baseline and exit 0",
    ("check", "--review"): f"{_REVIEW_FILE_EN}; findings with a decision are not shown",
    ("check", "--show-decided"): "still show findings that have a decision, marked with it",
    ("check", "--jobs"): "processes to lint with, this one included (default: CPU count); output is "
                         "identical for any N",
    ("check", "--scheduler"): "lint the files on the cluster of this Dask scheduler, e.g. "
                              "tcp://10.0.0.5:8786 (needs perflint[dask]; the workers must be able to "
                              "read the files); --jobs does not count then; the output is the same as "
                              "on this machine",
    ("check", "--no-progress"): "no progress bar on stderr",
    ("check", "--corpus"): "a reference corpus (built by perflint corpus build): PL607/PL608 compare "
                           "with its reports too, reporting on the checked files only",
    ("check", "--cache"): "reuse the findings of unchanged files (stored in --cache-dir)",
    ("check", "--no-cache"): "do not use the cache, even when the config enables it",
    ("check", "--cache-dir"): "cache folder, safe to delete (default: .perflint_cache)",
    ("check", "--exclude"): "globs of files and folders not to lint, replacing the config's `exclude` "
                            "and the defaults (.git, .venv, node_modules …); a glob without / matches "
                            "a name anywhere, one with / a path from the current directory",
    ("check", "--extend-exclude"): "like --exclude, added to the excludes in force",
    ("check", "--force-exclude"): "exclude files named on the command line too (they are linted by "
                                  "default, even when excluded; for pre-commit)",
    ("check", "--no-force-exclude"): "lint files named on the command line even when the config sets "
                                     "force-exclude",
    ("check", "--respect-gitignore"): "leave out what .gitignore files ignore (the default)",
    ("check", "--no-respect-gitignore"): "lint files .gitignore files ignore too",
    ("fix", "paths"): "normalized YAML/JSON files and folders to fix",
    ("fix", "--diff"): "print a unified diff and write nothing (exit 1 if there are fixes)",
    ("extract", "path"): "one report file",
    ("extract", "--output"): "write the YAML to a file (atomically)",
    ("extract", "--explain"): "list every extracted value with the line:column and text it came from",
    ("rules", "--format"): "output format: text or json",
    ("rules", "--lang"): f"{_LANG_EN}; without it, the config's `lang`, then the locale (LANG)",
    ("rule", "code"): "rule code or name, e.g. PL101",
    ("rule", "--markdown"): "print the rule's documentation page as Markdown (docs/rules/<CODE>.md)",
    ("rule", "--lang"): f"{_LANG_EN}; without it, the config's `lang`, then the locale (LANG)",
    ("new-plugin", "name"): "short name, e.g. donghu (the package is perflint-donghu)",
    ("new-plugin", "--prefix"): "rule code prefix (default: from the name)",
    ("new-plugin", "--dir"): "where to create it (default: the current folder)",
    ("trust", "config"): "config file (default: the one found in the current folder or above)",
    ("trust", "--revoke"): "remove the config file from the allow list",
    ("build", "paths"): "report files and folders",
    ("build", "--output"): "the reference corpus folder: must not exist, or be a reference corpus "
                           "perflint built (it is replaced)",
    ("build", "--jobs"): "processes to read with, this one included (default: CPU count)",
    ("build", "--no-progress"): "no progress bar on stderr",
    ("review", "paths"): "files and folders to check",
    ("review", "--review"): _REVIEW_FILE_EN,
    ("review", "--list"): "list the undecided findings with their fingerprints",
    ("review", "--all"): "with --list: list decided findings too",
    ("review", "--decide"): "record a decision for the finding with this fingerprint (or a unique "
                            "prefix of it)",
    ("review", "--decision"): "确认 (confirmed), 已说明 (explained) or 误报 (false alarm)",
    ("review", "--reason"): "the reason (may be left out for 确认)",
    ("review", "--reviewer"): "who decided",
    ("review", "--stale"): "list decisions whose finding is gone (without PATH, check the files the "
                           "decisions name)",
    ("review", "--prune"): "with --stale: delete those decisions from the review file",
}

#: argparse's own words, in Chinese (it writes them in English whatever the locale).
_ZH_WORDS = {"usage": "用法：", "positionals": "位置参数", "options": "选项",
             "--help": "显示帮助并退出", "--version": "显示版本号并退出"}


class _ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the usage line introduced as 用法：."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, _ZH_WORDS["usage"] if prefix is None else prefix)


def option_key(action: argparse.Action) -> str:
    """How the tables name an action: its first long option (`--format`), else its short one,
    or a positional's dest (`paths`)."""
    long = [s for s in action.option_strings if s.startswith("--")]
    return long[0] if long else (action.option_strings[0] if action.option_strings else action.dest)


def walk(parser: argparse.ArgumentParser, command: str = "") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The parser and every subcommand's parser, each with its subcommand's name ("" for the top)."""
    yield command, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, name)


def _command_helps(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """The lines of the subcommand list in `perflint --help` (one per subcommand)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action._choices_actions


def localize(parser: argparse.ArgumentParser, lang: str) -> None:
    """Write the help of `parser` and its subcommands in `lang` (see the module docstring); every
    subcommand's one-line help also becomes its description under `perflint CMD --help`."""
    english = lang == "en"
    if english:
        parser.description = DESCRIPTION_EN
    for pseudo in _command_helps(parser):
        if english and pseudo.dest in COMMANDS_EN:
            pseudo.help = COMMANDS_EN[pseudo.dest]
    helps = {pseudo.dest: pseudo.help for pseudo in _command_helps(parser)}
    for command, sub in walk(parser):
        if command and sub.description is None:
            sub.description = helps.get(command)
        if not english:
            sub.formatter_class = _ChineseHelpFormatter
            sub._positionals.title = _ZH_WORDS["positionals"]
            sub._optionals.title = _ZH_WORDS["options"]
        for action in sub._actions:
            key = option_key(action)
            if not english:
                if key in ("--help", "--version"):
                    action.help = _ZH_WORDS[key]
                continue
            text = OPTIONS_EN.get((command, key)) or OPTIONS_EN.get(("*", key))
            if text is not None:
                action.help = text

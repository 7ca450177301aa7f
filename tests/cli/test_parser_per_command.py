"""`perflint CMD` builds only CMD's options (perflint.cli._build_parser): the help of every
subcommand, in both languages, and the top-level help are those of the parser with every option."""

from __future__ import annotations

import pytest

from perflint.cli import HANDLERS, _build_parser, _named_command
from perflint.cli_help import localize, walk


def _helps(command: str | None, lang: str) -> dict[str, str]:
    parser = _build_parser(command)
    localize(parser, lang)
    return {name: sub.format_help() for name, sub in walk(parser)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_command_alone_has_the_full_parsers_help(lang):
    full = _helps(None, lang)
    assert set(HANDLERS) <= set(full)
    for command in HANDLERS:
        alone = _helps(command, lang)
        assert alone[""] == full[""], command  # `perflint --help`: every subcommand listed
        assert alone[command] == full[command], command
        for name, text in alone.items():  # the nested ones (corpus build …) too
            if name not in ("", command) and name not in HANDLERS:
                assert text == full[name], name


def test_each_command_alone_parses_as_the_full_parser():
    argv = ["--lang", "en", "check", "a.yaml", "--select", "PL1", "-j", "1", "--no-cache"]
    assert _build_parser(_named_command(argv)).parse_args(argv) == _build_parser().parse_args(argv)


@pytest.mark.parametrize(("argv", "command"), [
    (["check", "a.yaml"], "check"), (["--lang", "en", "rules"], "rules"), (["--lang=zh", "fix", "x"], "fix"),
    (["rule", "check"], "rule"), (["--help"], None), (["--version"], None), ([], None),
    (["chek", "a.txt"], None),
])
def test_the_named_command(argv, command):
    assert _named_command(argv) == command


def test_a_mistyped_command_is_the_same_usage_error(capsys):
    """A word before the subcommand that names none is argparse's error, whichever parser."""
    errors = []
    for command in (None, _named_command(["chek", "check"])):
        with pytest.raises(SystemExit):
            _build_parser(command).parse_args(["chek", "check"])
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and "chek" in errors[0]

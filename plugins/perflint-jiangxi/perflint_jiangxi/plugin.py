"""Registers the Jiangxi rules and rulesets with perflint (entry point group `perflint`)."""

from pathlib import Path

from perflint.hookspecs import hookimpl
from perflint_jiangxi.rules import SummaryScoreMatchesSelfEvaluation


@hookimpl
def perflint_rules():
    return [SummaryScoreMatchesSelfEvaluation]


@hookimpl
def perflint_rulesets():
    return [Path(__file__).parent / "rulesets"]

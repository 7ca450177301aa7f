"""Registers the Jiangxi rules, rulesets and form profiles with perflint (entry point group `perflint`)."""

from pathlib import Path

from perflint.hookspecs import hookimpl
from perflint_jiangxi.rules import SummaryScoreMatchesSelfEvaluation


@hookimpl
def perflint_rules():
    return [SummaryScoreMatchesSelfEvaluation]


@hookimpl
def perflint_rulesets():
    return [Path(__file__).parent / "rulesets"]


@hookimpl
def perflint_profiles():
    """Jiangxi's form layouts: the 部门整体 report outline of 附件7."""
    return [Path(__file__).parent / "profiles"]

"""Only what pyproject.toml cannot say: the top-level rulesets/ folder is the perflint.rulesets package."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["perflint", "perflint.*"]), "perflint.rulesets"],
    package_dir={"perflint.rulesets": "rulesets"},
)

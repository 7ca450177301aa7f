"""The fault-injection suite's profiles: bounded in CI, thousands of examples with `--deep`.

`pytest tests/fuzz` runs each property on a fixed, derandomized set of examples (the same on
every machine, so CI never turns red on a draw it did not make yesterday) and takes well under a
minute. `pytest tests/fuzz --deep` (or `HYPOTHESIS_PROFILE=deep`) runs random examples by the
thousand, for a developer's machine. Neither writes hypothesis' example database into the
repository (`database=None`). The profiles are applied per test (`strategies`' users decorate
with `fuzz_settings`), never loaded globally, so the rest of the suite keeps its own settings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# pytest's importlib mode puts no test folder on sys.path: the strategies module is imported as a
# sibling, and the security harness as `tests.security.harness`.
for folder in (HERE, ROOT):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

#: Health checks that say nothing about perflint: building Office packages is slow to draw, and
#: the hostile strategies draw large inputs on purpose.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
          HealthCheck.function_scoped_fixture]

#: CI: the same examples on every run, and no shrinking (a failure prints the example as drawn;
#: run with --deep to have hypothesis reduce it), so a red run costs no more time than a green one.
settings.register_profile("perflint-fuzz-ci", database=None, derandomize=True, print_blob=True,
                          suppress_health_check=_QUIET, phases=(Phase.explicit, Phase.generate))
settings.register_profile("perflint-fuzz-deep", database=None, derandomize=False, print_blob=True,
                          suppress_health_check=_QUIET)


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--deep`: thousands of random examples per property (prefixed in the help under its own
    group; pytest calls this only when tests/fuzz is named on the command line)."""
    group = parser.getgroup("perflint-fuzz", "perflint fault-injection suite (tests/fuzz)")
    group.addoption("--deep", action="store_true", default=False,
                    help="run the fuzz properties with thousands of random examples (slow)")


def pytest_configure(config: pytest.Config) -> None:
    import strategies

    deep = bool(config.getoption("--deep", default=False)) or os.environ.get("HYPOTHESIS_PROFILE") == "deep"
    strategies.DEEP = deep

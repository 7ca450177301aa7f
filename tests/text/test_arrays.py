"""numpy is imported for the corpus analysis with its BLAS library held to one thread
(perflint.textmatch.arrays), unless the user said otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import os, perflint.textmatch.stages; "
         "tasks = len(os.listdir('/proc/self/task')) if os.path.isdir('/proc/self/task') else 1; "
         "print(os.environ['OPENBLAS_NUM_THREADS'], tasks)")


def _probe(**settings: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    env.update(settings, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_numpy_starts_no_blas_threads():
    assert _probe() == ["1", "1"]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: OpenBLAS starts no thread anyway")
def test_a_users_setting_is_kept():
    setting, threads = _probe(OPENBLAS_NUM_THREADS="2")
    assert setting == "2" and int(threads) >= 2

"""The Dask cluster the tests of perflint.distributed run on: a `distributed.LocalCluster` of two
worker processes with one thread each, started once for the session (a few seconds) and closed at
its end. Its scheduler is in this process, its workers are not: they import perflint afresh, as
the workers of a real cluster do."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def scheduler_address() -> Iterator[str]:
    """`tcp://127.0.0.1:PORT` of the cluster. A task whose worker dies fails at once
    (`allowed-failures: 0`), so the test of a dead worker needs no retries."""
    distributed = pytest.importorskip("distributed")  # installed by the `test` extra, so in CI
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), warnings.catch_warnings():
        # without a dashboard the scheduler still serves its metrics, on 8787 or, when another
        # cluster holds that port, on any: said in a warning that is no concern of the tests
        warnings.filterwarnings("ignore", message="Port 8787 is already in use")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, scheduler_port=0)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()

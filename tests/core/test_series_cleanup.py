"""`Series.call` in a worker: the running call's tag and hard deadline are in the worker's shared
slot while it runs (the parent's watchdog reads them), and cleared after it, however it ends."""

from __future__ import annotations

import time

import pytest

from perflint import isolation
from perflint.isolation import Failure, Series, share_slot


@pytest.fixture
def slot():
    deadlines, tags = [0.0, 0.0], [-1, -1]
    share_slot(deadlines, tags, 1)
    try:
        yield deadlines, tags
    finally:
        isolation._state["slot"] = None


def test_the_running_call_is_published_and_cleared(slot):
    deadlines, tags = slot
    seen = []

    def look() -> str:
        seen.append((tags[1], deadlines[1] - time.monotonic()))
        return "ok"

    def fails() -> None:
        seen.append((tags[1], deadlines[1] - time.monotonic()))
        raise ValueError("bad")

    with Series(5.0) as series:
        assert series.call(7, look) == "ok"
        assert (tags[1], deadlines[1]) == (-1, 0.0)
        failed = series.call(9, fails)
        assert (tags[1], deadlines[1]) == (-1, 0.0)
    assert isinstance(failed, Failure) and isinstance(failed.error, ValueError)
    assert [tag for tag, _left in seen] == [7, 9]
    assert all(5.0 < left <= isolation.hard_seconds(5.0) for _tag, left in seen)
    assert tags[0] == -1 and deadlines[0] == 0.0  # another worker's place is left alone

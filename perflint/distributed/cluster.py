"""The run's connection to a Dask scheduler: opened once, reachable for the rest of the run.

`connected(address)` is what the command line wraps the run in; inside it `active_client()`
gives the `distributed.Client` to whatever part of the run has work for the cluster (the
per-file lint, perflint.distributed.lint; the corpus rules' later stages), outside it None.

`distributed` is imported only here and only when a run asks for a scheduler: a run on this
machine does not pay for importing it. A missing install and a scheduler that does not answer
are the user's to fix: a `ClusterError`, which the command line reports as a usage error (one
line naming the address, exit 2), never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from distributed import Client

#: How long the run waits for the scheduler to answer before saying it cannot be reached.
CONNECT_SECONDS = 5

_active: list[Client] = []


class ClusterError(Exception):
    """The cluster cannot do the run's work (not installed, not reachable, its workers failing):
    the command line reports it as a usage error (perflint.cli_run)."""

    def __init__(self, message: str, english: str) -> None:
        super().__init__(message)
        self.english = english

    def text(self, lang: str = "zh") -> str:
        return self.english if lang == "en" else str(self)


def active_client() -> Client | None:
    """The client of the run's scheduler while `connected` is open, else None."""
    return _active[-1] if _active else None


@contextmanager
def connected(address: str) -> Iterator[Client]:
    """A client of the scheduler at `address`, active (`active_client`) until the block ends,
    then closed; the cluster itself is left running (it is the user's)."""
    client = _connect(address)
    _active.append(client)
    try:
        yield client
    finally:
        _active.remove(client)
        client.close()


def _connect(address: str) -> Client:
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"使用 Dask 调度器 {address} 需要安装 perflint[dask]："
                           "pip install 'perflint[dask]'",
                           f"the Dask scheduler {address} needs perflint[dask]: "
                           "pip install 'perflint[dask]'") from None
    try:
        return distributed.Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
    except OSError:  # a time-out included: nothing answered at that address
        raise ClusterError(f"无法连接 Dask 调度器 {address}：{CONNECT_SECONDS} 秒内没有响应"
                         "（地址和端口是否正确？调度器是否已启动：dask scheduler）",
                         f"cannot reach the Dask scheduler {address}: no answer within {CONNECT_SECONDS} s "
                         "(is the address right, and the scheduler started: dask scheduler?)") from None
    except (ValueError, TypeError) as exc:  # an unknown scheme (`http://`), a malformed address
        raise ClusterError(f"Dask 调度器地址 {address} 无效：{exc}",
                         f"invalid Dask scheduler address {address}: {exc}") from None

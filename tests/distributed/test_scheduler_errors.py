"""What a user who asks for a scheduler perflint cannot use reads: one line naming the address,
exit 2, never a traceback; and a run without a scheduler never imports dask."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from perflint.distributed import cluster
from tests.cli_driver import Cli, cli_runner
from tests.distributed.reports import raw_report


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return cli_runner(capsys, monkeypatch)


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = Path("report.txt")
    path.write_text(raw_report(1), encoding="utf-8")
    return path


def _closed_port() -> int:
    """A port nothing listens on (just released by this process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "使用 Dask 调度器 tcp://10.0.0.5:8786 需要安装 perflint[dask]：pip install 'perflint[dask]'"),
    ("en", "the Dask scheduler tcp://10.0.0.5:8786 needs perflint[dask]: pip install 'perflint[dask]'"),
])
def test_without_distributed_installed(cli, report, monkeypatch, lang, expected):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails as uninstalled
    done = cli("check", "--no-progress", "--lang", lang, "--scheduler", "tcp://10.0.0.5:8786", str(report))
    assert (done.code, done.out, done.err) == (2, "", f"perflint: {expected}\n")


def test_an_unreachable_scheduler(cli, report, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    done = cli("check", "--no-progress", "--scheduler", address, str(report))
    assert done.code == 2 and done.out == "" and "Traceback" not in done.err
    assert f"perflint: 无法连接 Dask 调度器 {address}：1 秒内没有响应" in done.err, done.err


def test_an_address_of_an_unknown_kind(cli, report):
    pytest.importorskip("distributed")
    done = cli("check", "--no-progress", "--lang", "en", "--scheduler", "http://10.0.0.5:8786", str(report))
    assert done.code == 2 and "Traceback" not in done.err
    assert "perflint: invalid Dask scheduler address http://10.0.0.5:8786: unknown address scheme" in done.err


def test_the_config_scheduler_is_used_and_checked(cli, report, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1)
    address = f"tcp://127.0.0.1:{_closed_port()}"
    Path("perflint.yaml").write_text(f"scheduler: {address}\n", encoding="utf-8")
    done = cli("check", "--no-progress", str(report))
    assert done.code == 2 and f"无法连接 Dask 调度器 {address}" in done.err, done.err

    Path("perflint.yaml").write_text("select: [PL1]\nscheduler: tcp://10.0.0.5 8786\n", encoding="utf-8")
    done = cli("check", "--no-progress", str(report))
    assert done.code == 2
    assert done.err.startswith(f"perflint: {Path.cwd() / 'perflint.yaml'}:2：字段 scheduler 不合规："
                               "调度器地址“tcp://10.0.0.5 8786”不合规"), done.err


def test_a_local_run_does_not_import_dask(report):
    probe = ("import sys; from perflint.cli import main\n"
             "code = main(['check', '--no-progress', '--jobs', '1', 'report.txt'])\n"
             "print('LOADED', sorted(m for m in ('dask', 'distributed', 'pyarrow', 'perflint.distributed') "
             "if m in sys.modules), code)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "LOADED [] 1", done.stdout + done.stderr

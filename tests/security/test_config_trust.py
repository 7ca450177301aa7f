"""A config perflint finds does not make it run code (issue 20, item 5).

The attack: a cloned submissions repository holds a `perflint.yaml` (or a `pyproject.toml` with
`[tool.perflint]`) naming a plugin, and the auditor runs `perflint check .` in a folder below it.
The plugin here leaves a marker file when it is imported, so each test sees whether its code ran.
Every run points `HOME` and `XDG_CONFIG_HOME` into tmp_path: the real user's allow list is never
read or written.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.security.harness import Outcome, assert_contained, check_folder, good_folder, run_perflint

#: A plugin whose import is visible: it writes MARKER beside itself (and registers nothing).
PLUGIN = """\
from pathlib import Path

Path(__file__).with_name("MARKER").write_text("imported", encoding="utf-8")
"""

#: The same as an importable module name, for `plugins: [evil_rules]`.
MODULE = PLUGIN.replace("__file__", "__import__('os').path.abspath(__file__)")

CONFIGS = {
    "perflint.yaml": "plugins: [x.py]\n",
    "pyproject.toml": '[project]\nname = "submissions"\n\n[tool.perflint]\nplugins = ["x.py"]\n',
}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A private HOME and XDG config folder for perflint's allow list."""
    (tmp_path / "home").mkdir()
    return {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}


def _clone(tmp_path: Path, config_name: str) -> tuple[Path, Path]:
    """repo/<config naming x.py>, repo/x.py, repo/submissions/ with the two good reports; the
    config and the folder the auditor lints from."""
    repo = tmp_path / "repo"
    folder = good_folder(repo / "submissions")
    (repo / "x.py").write_text(PLUGIN, encoding="utf-8")
    config = repo / config_name
    config.write_text(CONFIGS[config_name], encoding="utf-8")
    return config, folder


def _imported(config: Path) -> bool:
    """Whether the plugin ran (and forget it, for the next run)."""
    marker = config.parent / "MARKER"
    ran = marker.exists()
    marker.unlink(missing_ok=True)
    return ran


def _trust(args: list[str], cwd: Path, env: dict[str, str]) -> Outcome:
    outcome = run_perflint(["trust", *args], cwd, env=env)
    assert outcome.returncode == 0, outcome.stderr
    return outcome


@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_a_found_configs_plugin_runs_only_once_trusted(tmp_path: Path, env: dict[str, str],
                                                      config_name: str) -> None:
    config, folder = _clone(tmp_path, config_name)
    outcome = check_folder(folder, env=env)
    assert not _imported(config)
    # exit 2, one stderr line naming the config, its plugin and both ways to trust it; the good
    # reports linted by the built-in rules exactly as without the config
    assert_contained(outcome, str(config), tmp_path, where="stderr",
                     words=["x.py", "--trust-config", f"perflint trust {config}"])
    assert not (tmp_path / "xdg").exists() and not any((tmp_path / "home").iterdir())

    assert check_folder(folder, "--trust-config", env=env).returncode == 1  # the reports' findings
    assert _imported(config)

    said = _trust([], folder, env).stdout  # the config found from here
    assert str(config) in said and "x.py" in said
    assert check_folder(folder, env=env).returncode == 1
    assert _imported(config)

    with config.open("a", encoding="utf-8") as handle:  # edited since trusted: not trusted
        handle.write("\n# edited\n")
    outcome = check_folder(folder, "--lang", "en", env=env)
    assert not _imported(config)
    assert_contained(outcome, str(config), tmp_path, extra_args=("--lang", "en"), where="stderr",
                     words=["changed since it was trusted", "x.py"])

    _trust([str(config)], tmp_path, env)
    assert check_folder(folder, env=env).returncode == 1
    assert _imported(config)

    _trust(["--revoke"], folder, env)
    assert check_folder(folder, env=env).returncode == 2
    assert not _imported(config)


def test_the_allow_list_is_the_users_and_private(tmp_path: Path, env: dict[str, str]) -> None:
    config, folder = _clone(tmp_path, "perflint.yaml")
    _trust([], folder, env)
    allow_list = tmp_path / "xdg" / "perflint" / "trusted.yaml"
    assert str(config) in allow_list.read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(allow_list.parent.stat().st_mode) == 0o700
    # without XDG_CONFIG_HOME: ~/.config/perflint (Linux)
    home_env = {"HOME": env["HOME"], "XDG_CONFIG_HOME": ""}
    outcome = check_folder(folder, env=home_env)
    assert outcome.returncode == 2 and not _imported(config)
    _trust([], folder, home_env)
    assert check_folder(folder, env=home_env).returncode == 1 and _imported(config)


def test_a_config_moved_into_a_trusted_path_is_not_trusted(tmp_path: Path, env: dict[str, str]) -> None:
    """The allow list holds the content's digest: another file put where a trusted one was (a
    `git pull`, a swapped symlink) is a new config."""
    config, folder = _clone(tmp_path, "perflint.yaml")
    _trust([], folder, env)
    other = tmp_path / "other.yaml"
    other.write_text("plugins: [x.py]\nselect: [ALL]\n", encoding="utf-8")
    config.unlink()
    config.symlink_to(other)
    outcome = check_folder(folder, env=env)
    assert outcome.returncode == 2 and not _imported(config)


def test_a_module_plugin_named_by_a_found_config_is_not_imported(tmp_path: Path, env: dict[str, str]
                                                                ) -> None:
    """`plugins: [evil_rules]` with evil_rules.py in the current folder (on `python -m`'s path)."""
    repo = tmp_path / "repo"
    good_folder(repo / "submissions")
    (repo / "evil_rules.py").write_text(MODULE, encoding="utf-8")
    (repo / "perflint.yaml").write_text("plugins: [evil_rules]\n", encoding="utf-8")
    args = ["check", "--format", "json", "submissions"]
    outcome = run_perflint(args, repo, env=env)
    assert not (repo / "MARKER").exists()
    assert outcome.returncode == 2 and "evil_rules" in outcome.stderr
    assert run_perflint([*args, "--trust-config"], repo, env=env).returncode == 1
    assert (repo / "MARKER").exists()


def test_what_the_user_names_is_chosen(tmp_path: Path, env: dict[str, str]) -> None:
    """`--config FILE` and `-p PLUGIN` are the user's choice: imported without any trust step."""
    config, folder = _clone(tmp_path, "perflint.yaml")
    assert check_folder(folder, "--config", str(config), env=env).returncode == 1
    assert _imported(config)
    config.write_text("select: [ALL]\n", encoding="utf-8")  # found config without plugins: nothing to ask
    outcome = check_folder(folder, "-p", str(config.parent / "x.py"), env=env)
    assert outcome.returncode == 1, outcome.stderr
    assert _imported(config)


def test_a_nested_config_naming_a_plugin_never_imports_it(tmp_path: Path, env: dict[str, str]) -> None:
    """A config found below the current folder (in a linted folder) cannot load plugins at all:
    its files are reported, not linted with its code, even with --trust-config."""
    config, folder = _clone(tmp_path, "perflint.yaml")
    outside = tmp_path / "auditor"
    outside.mkdir()
    for extra in ([], ["--trust-config"]):
        outcome = run_perflint(["check", "--format", "json", *extra, str(folder)], outside, env=env)
        assert outcome.returncode == 2 and str(config.name) in outcome.stderr
        assert not _imported(config)


def test_a_damaged_allow_list_is_said_and_trusts_nothing(tmp_path: Path, env: dict[str, str]) -> None:
    config, folder = _clone(tmp_path, "perflint.yaml")
    allow_list = tmp_path / "xdg" / "perflint" / "trusted.yaml"
    allow_list.parent.mkdir(parents=True)
    allow_list.write_text(f"trusted: [{config}]\n", encoding="utf-8")
    outcome = check_folder(folder, env=env)
    assert outcome.returncode == 2 and "Traceback" not in outcome.stderr
    assert str(allow_list) in outcome.stderr and not _imported(config)


def test_a_found_configs_cache_dir_stays_in_its_folder_unless_trusted(tmp_path: Path,
                                                                       env: dict[str, str]) -> None:
    """A found config may not choose where outside its own folder the cache is written."""
    repo = tmp_path / "repo"
    folder = good_folder(repo / "submissions")
    outside = tmp_path / "elsewhere"
    config = repo / "perflint.yaml"
    config.write_text(f"cache: true\ncache-dir: {outside}\n", encoding="utf-8")
    outcome = check_folder(folder, env=env)
    assert_contained(outcome, str(config), tmp_path, where="stderr", words=["cache-dir", str(outside)])
    assert not outside.exists()
    assert (folder / ".perflint_cache").is_dir()  # the default place, in the folder linted from

    assert check_folder(folder, "--trust-config", env=env).returncode == 1
    assert outside.is_dir()


def test_a_found_configs_cache_dir_inside_its_folder_needs_no_trust(tmp_path: Path,
                                                                     env: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    folder = good_folder(repo / "submissions")
    (repo / "perflint.yaml").write_text("cache: true\ncache-dir: build/cache\n", encoding="utf-8")
    outcome = check_folder(folder, env=env)
    assert outcome.returncode == 1, outcome.stderr
    assert (repo / "build" / "cache").is_dir()

"""Which config files may make perflint import code: the user's choice, never the folder's.

A config file can name plugins (`plugins: [rules.py, my_module]`), and a plugin is Python code
that perflint imports. perflint *finds* its config by walking up from the current directory, so
without a gate, `cd` into a cloned submissions repository and `perflint check .` would run
whatever `.py` file that repository's `perflint.yaml` (or `pyproject.toml`'s `[tool.perflint]`)
names. So the plugins of a config perflint found are imported only when that config is trusted:

- `--trust-config` on the command line (this run), or
- the per-user allow list, as direnv keeps one: `perflint trust [CONFIG]` records the config's
  absolute path and a SHA-256 of its content in `trusted.yaml` in the user's config folder
  (`$XDG_CONFIG_HOME/perflint/`, else `~/.config/perflint/`; `%APPDATA%\\perflint\\` on Windows,
  `~/Library/Application Support/perflint/` on macOS). A config whose content changed since is
  not trusted until trusted again; `perflint trust --revoke [CONFIG]` removes it.

What the user names is chosen, so trusted: `--config FILE` and `-p PLUGIN`. Plugins installed
as packages (entry points) were chosen when they were installed.

An untrusted config's plugins are withheld (`withheld`): nothing of them is imported, the run
says so once on stderr (the config, the plugins, the two ways to trust it), the built-in rules
still lint every file, and the run exits 2 because it was not the run the config asked for. The
config's other settings still apply: they are data.

Why rulesets, profiles and the rest of a config are not gated: they are YAML that perflint
reads under its limits (perflint.limits) and validates; a declarative rule's patterns are RE2,
which cannot run code or backtrack without bound; the worst a hostile ruleset can do is produce
wrong findings or a configuration error, which a reviewer sees. A plugin is different in kind:
importing it runs arbitrary code with the user's rights before any check can look at it. The
trust covers the config file's content, as direnv's covers `.envrc`: a trusted config whose
`.py` plugin later changes is still trusted (the user trusted the folder that holds both).
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from perflint.errors import ConfigError
from perflint.lang import Message

#: The allow list's file name in the user's perflint config folder.
ALLOW_LIST_NAME = "trusted.yaml"

_HEADER = ("# perflint: config files whose plugins perflint may import (written by `perflint trust`;\n"
           "# a config whose content changed since needs `perflint trust` again)\n")


def config_home() -> Path:
    """The user's config folder for perflint: XDG's `$XDG_CONFIG_HOME`, else the platform's."""
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "perflint"
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "perflint"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "perflint"
    return Path.home() / ".config" / "perflint"


def allow_list_path() -> Path:
    return config_home() / ALLOW_LIST_NAME


def digest(path: Path) -> str:
    """`sha256:<hex>` of the config file's bytes: any edit, even one space, changes it."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def _key(path: Path) -> str:
    """How the allow list names a config: its absolute path with symlinks resolved, so one file
    reached two ways is one entry, and a symlink swapped to another file is not trusted."""
    return os.path.realpath(path)


def read_allow_list(path: Path | None = None) -> dict[str, str]:
    """The allow list (absolute config path → digest); empty when there is none. A damaged list
    is a configuration error naming it: trusting nothing silently would hide the damage, and
    trusting anything would defeat it."""
    from perflint.config import _read_yaml

    path = path or allow_list_path()
    if not path.is_file():
        return {}
    data = _read_yaml(path) or {}
    entries = data.get("trusted") if isinstance(data, dict) else None
    if entries is None:
        entries = {}
    if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
        raise ConfigError(f"{path}：信任列表格式不对（应为 trusted: {{配置文件路径: sha256:…}}）；"
                          f"可删除此文件后重新运行 perflint trust",
                          english=f"{path}: the allow list is malformed (expected trusted: "
                                  f"{{config path: sha256:…}}); delete it and run perflint trust again")
    return {str(k): str(v) for k, v in entries.items()}


def _write_allow_list(entries: dict[str, str], path: Path | None = None) -> Path:
    """Write the allow list atomically, in a folder only the user can enter when perflint creates
    it (another user must not be able to add a config to it)."""
    import json

    from perflint.atomic import write_atomic

    path = path or allow_list_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lines = [_HEADER, "trusted:\n" if entries else "trusted: {}\n"]
    # JSON strings are YAML scalars: any path (colons, quotes, non-ASCII) round-trips
    lines += [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}\n" for k, v in sorted(entries.items())]
    write_atomic(path, "".join(lines).encode("utf-8"))
    return path


@dataclass(frozen=True)
class Trust:
    """Whether a config is in the allow list: `trusted`, or `changed` (trusted once, edited since)."""

    trusted: bool
    changed: bool = False


def status(config: Path) -> Trust:
    """The config's standing in the user's allow list."""
    recorded = read_allow_list().get(_key(config))
    if recorded is None:
        return Trust(False)
    return Trust(True) if recorded == digest(config) else Trust(False, changed=True)


def trust(config: Path) -> Path:
    """Record the config (its path and content digest) in the allow list; the list's path."""
    entries = read_allow_list()
    entries[_key(config)] = digest(config)
    return _write_allow_list(entries)


def revoke(config: Path) -> bool:
    """Remove the config from the allow list; whether it was there."""
    entries = read_allow_list()
    if entries.pop(_key(config), None) is None:
        return False
    _write_allow_list(entries)
    return True


@dataclass(frozen=True)
class Withheld:
    """The plugins of an untrusted found config, which this run does not import."""

    config: Path
    #: the plugins as the config names them
    plugins: tuple[str, ...]
    #: the config was trusted once and has changed since
    changed: bool = False

    def message(self) -> Message:
        """One line naming the config, its plugins and the two ways to trust it."""
        names_zh, names_en = "、".join(self.plugins), ", ".join(self.plugins)
        changed_zh = "（信任后已被修改，需重新信任）" if self.changed else ""
        changed_en = " (it changed since it was trusted)" if self.changed else ""
        allow = allow_list_path()
        return Message(
            f"{self.config}：未加载此配置文件指定的插件 {names_zh}：该配置文件是在当前目录或其上级"
            f"找到的，不是用 --config 指定的，未经信任不运行它指定的代码{changed_zh}。"
            f"信任它：运行 perflint trust {self.config}（记入 {allow}；文件改动后需重新信任），"
            f"或本次运行加 --trust-config。本次只用内置规则和已安装的插件检查。",
            f"{self.config}: plugins {names_en} named by this config were not loaded: the config was "
            f"found (not named with --config), and a found config's code runs only once trusted"
            f"{changed_en}. To trust it: perflint trust {self.config} (recorded in {allow}; a changed "
            f"file needs trusting again), or --trust-config for this run. This run used the built-in "
            f"rules and installed plugins only.")


def withheld(config: Path, plugins: list[str]) -> Withheld | None:
    """The plugins to withhold from the found config `config` (naming `plugins`), or None when
    it names none or the user's allow list trusts its current content."""
    if not plugins:
        return None
    standing = status(config)
    if standing.trusted:
        return None
    return Withheld(config, tuple(plugins), changed=standing.changed)

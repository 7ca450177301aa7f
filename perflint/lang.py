"""Which language a reader gets: Chinese unless English is asked for.

perflint's readers are 财政局 reviewers and unit clerks, so Chinese is the default everywhere a
person reads. English is chosen by `--lang en`, a config file's `lang: en`, or, for what perflint
prints about itself (`--help`, `perflint rules`, `perflint rule`), an English locale
(`LANG=en_US.UTF-8`). Findings follow only `--lang` and the config: a report's findings are a
record that must read the same on every machine, whatever its locale.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping, Sequence

#: The locale variables in POSIX precedence: the first one set decides.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


#: The severities as users read them, in each language (one table for every output format).
SEVERITY_LABELS: dict[str, dict[str, str]] = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def normalize(lang: str | None) -> str:
    """`en`, `EN`, `en_US.UTF-8` → `en`; anything else → `zh`."""
    return "en" if (lang or "").lower().startswith("en") else "zh"


def environment_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """`en` when the locale is English, else None (a Chinese, C or POSIX locale says nothing
    about the reader, so Chinese stays the default)."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            return "en" if normalize(value) == "en" else None
    return None


def command_line_lang(argv: Sequence[str]) -> str | None:
    """The value of `--lang` (`--lang en` or `--lang=en`) anywhere on the command line, before it
    is parsed: the parser's own help is written in the language it names."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return normalize(argv[index + 1])
        if arg.startswith("--lang="):
            return normalize(arg.split("=", 1)[1])
    return None


def help_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of `--help`: the command line's `--lang`, else the locale's, else Chinese."""
    return command_line_lang(argv) or environment_lang(environ) or "zh"


def reader_lang(chosen: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language of what perflint prints about itself: `chosen` (`--lang`, the config's
    `lang`) when there is one, else the locale's, else Chinese."""
    return normalize(chosen) if chosen else environment_lang(environ) or "zh"


class Message(str):
    """A message users read, in Chinese (the string itself) with its English (`english`): for
    messages made before the run's language is known (a plugin that failed to load, a nested
    config's problem), which are shown with `text(lang)` (or `localized`) once it is."""

    english: str | None

    def __new__(cls, message: str, english: str | None = None) -> Message:
        self = super().__new__(cls, message)
        self.english = english
        return self

    def text(self, lang: str = "zh") -> str:
        """The message in `lang` when it has it in that language."""
        return self.english if lang == "en" and self.english else str(self)


def localized(message: object, lang: str = "zh") -> str:
    """A message in the reader's language: `text(lang)` of a `Message` or of an error that has
    it in both languages (perflint's InputError, ConfigError …), else the message as it is."""
    text = getattr(message, "text", None)
    return text(lang) if callable(text) else str(message)


def bilingual(error: BaseException) -> Message:
    """An error with a Chinese message and an `english` one, as a `Message` to keep in a list."""
    return Message(str(getattr(error, "message", None) or error), getattr(error, "english", None))


#: Why the system refused to read or write a file, for the refusals users meet (zh, en).
OS_REASONS = {
    errno.ENOENT: ("不存在", "does not exist"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("没有权限", "permission denied"),
    errno.EISDIR: ("是文件夹", "is a folder"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "a part of the path is not a folder"),
    errno.ENOSPC: ("磁盘已满", "no space left on the device"),
    errno.EROFS: ("文件系统只读", "read-only file system"),
    errno.ELOOP: ("符号链接循环", "too many levels of symbolic links"),
}


def os_reason(exc: OSError) -> Message:
    """Why the system refused a file, in both languages (the system's own words when perflint
    has no translation for them)."""
    zh, en = OS_REASONS.get(exc.errno or 0, (exc.strerror or str(exc) or type(exc).__name__,) * 2)
    return Message(zh, en)


#: Chinese for pydantic's own error types, as they appear in a YAML report, config, ruleset or
#: profile; a type not listed keeps pydantic's English words (in a Chinese frame).
_PYDANTIC_ZH = {
    "missing": "缺少此字段",
    "extra_forbidden": "未知字段（拼写错误？）",
    "string_type": "应为文本",
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数",
    "int_parsing_size": "整数位数过多，无法读取",
    "float_type": "应为数字", "float_parsing": "应为数字",
    "decimal_type": "应为数字", "decimal_parsing": "应为数字",
    "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表", "tuple_type": "应为列表", "set_type": "应为列表",
    "dict_type": "应为键值对（映射）", "model_type": "应为键值对（映射）",
    "model_attributes_type": "应为键值对（映射）",
    "literal_error": "应为 {expected} 之一", "enum": "应为 {expected} 之一",
    "greater_than": "应大于 {gt}", "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}", "less_than_equal": "应不大于 {le}",
    "too_short": "至少应有 {min_length} 项", "too_long": "最多只能有 {max_length} 项",
    "string_too_short": "至少应有 {min_length} 个字符", "string_too_long": "最多只能有 {max_length} 个字符",
    "string_pattern_mismatch": "不符合格式 {pattern}",
}


def pydantic_message(error: Mapping) -> Message:
    """One pydantic error's message (`ValidationError.errors()[i]`, without its location) in
    Chinese, with pydantic's English as `english`. A validator's `ValueError` whose message is a
    `Message` gives its Chinese; another keeps its (English) words in both languages."""
    msg = str(error.get("msg", ""))
    context = error.get("ctx") or {}
    if error.get("type") == "value_error":
        cause = context.get("error")
        reason = cause.args[0] if isinstance(cause, BaseException) and cause.args else None
        if isinstance(reason, Message):  # pydantic's msg holds the Chinese: put the English there
            return Message(str(reason), msg.replace(str(reason), reason.text("en")))
        return Message(msg.removeprefix("Value error, "), msg)
    template = _PYDANTIC_ZH.get(str(error.get("type")))
    if template is None:
        return Message(msg, msg)
    values = {key: str(value).replace(" or ", "、").replace(", ", "、") for key, value in context.items()}
    try:
        return Message(template.format(**values), msg)
    except (KeyError, IndexError):
        return Message(msg, msg)

"""What each rule is called and why it exists, in the reader's language (Chinese first).

The people who read perflint's findings are 财政局 reviewers and unit clerks: a rule's code and its
English docstring mean little to them. Every rule therefore has a Chinese title and a short
Chinese explanation (what it checks, why it matters to an auditor, an example of the defect and the
same example fixed). The texts are data, `perflint/data/rule_docs/<lang>.yaml`, so a reviewer can
correct a wording without touching a rule's code, and `perflint rule`, `perflint rules`, the docs
pages (docs/rules/<CODE>.md) and the report formats all read the same words.

Lookup order for a code: the data file of the language; then the rule class's own `title` /
`docs` attributes (how a plugin documents its rules, `{"zh": ..., "en": ...}`), which for English
override the rule's docstrings (the class docstring's first paragraph as the title, the module
docstring's "What it checks" / "Why it matters" / "Example" sections as the doc); last, the
English summary, or the code, so a title is never empty.
"""

from __future__ import annotations

import inspect
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from perflint.lang import SEVERITY_LABELS
from perflint.lang import normalize as normalize_lang

#: The fields of a complete entry, in the order the docs show them.
FIELDS = ("title", "what", "why", "bad", "good")

#: Severities as a reader sees them; JSON and SARIF keep the machine values (a contract).

#: Section headings of a rule module's docstring (see perflint/rules/base.py) → RuleDoc field.
_SECTIONS = {"what it checks": "what", "why it matters": "why", "example": "bad", "examples": "bad"}


@dataclass(frozen=True)
class RuleDoc:
    """One rule explained for a reader: what it checks, why an auditor cares, a defect and its fix."""

    code: str
    title: str
    what: str
    why: str
    bad: str
    good: str


@cache
def _entries(lang: str) -> dict[str, dict[str, str]]:
    """The data file of `lang` (code → fields), read once; {} when there is none."""
    source = resources.files("perflint").joinpath(f"data/rule_docs/{lang}.yaml")
    if not source.is_file():
        return {}
    data = YAML(typ="safe").load(source.read_text(encoding="utf-8")) or {}
    return {str(code): {k: str(v).strip() for k, v in fields.items()} for code, fields in data.items()}


def data_codes(lang: str = "zh") -> frozenset[str]:
    """The codes the data file of `lang` documents (the docs pages are generated for these)."""
    return frozenset(_entries(normalize_lang(lang)))


def _rule(code: str) -> Any:
    """The registered rule class of `code` (built-in or installed plugin), or None."""
    from perflint.testing import default_host

    registered = default_host().rules.get(code)
    return getattr(registered, "rule", None)


def _docstring_sections(rule: Any) -> dict[str, str]:
    """The module docstring's sections (What it checks, Why it matters, Example), dedented."""
    text = rule.documentation()
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        field = _SECTIONS.get(line.strip().lower()) if line and not line[0].isspace() else None
        if field is not None:
            current = sections.setdefault(field, [])
        elif line and not line[0].isspace():
            current = None  # another section (Options …): not part of the doc
        elif current is not None:
            current.append(line)
    return {field: inspect.cleandoc("\n".join(lines)) for field, lines in sections.items()}


def _plugin_entry(rule: Any, lang: str) -> dict[str, str]:
    """What a plugin's rule says of itself: `title = {"zh": ...}`, `docs = {"zh": {...}}`."""
    entry: dict[str, str] = {}
    docs = getattr(rule, "docs", None)
    if isinstance(docs, dict) and isinstance(docs.get(lang), dict):
        entry.update({k: str(v).strip() for k, v in docs[lang].items() if k in FIELDS and v})
    titles = getattr(rule, "title", None)
    if isinstance(titles, dict) and titles.get(lang):
        entry["title"] = str(titles[lang]).strip()
    return entry


def _entry(code: str, lang: str, rule: Any) -> dict[str, str]:
    """The fields known for `code` in `lang` (see the module docstring for the order)."""
    entry = _entries(lang).get(code)
    if entry:
        return entry
    rule = rule if rule is not None else _rule(code)
    if rule is None:
        return _reserved_entry(code) if lang == "en" else {}
    if lang == "en":  # the docstrings, unless the plugin wrote its English out
        return {"title": rule.summary(), **_docstring_sections(rule), **_plugin_entry(rule, lang)}
    return _plugin_entry(rule, lang)


def _reserved_entry(code: str) -> dict[str, str]:
    """PL000 / PL001 in English: they have no rule class, only the catalogue's description."""
    from perflint.output._common import reserved_rules

    info = reserved_rules("en").get(code)
    return {"title": info.summary, "what": info.documentation} if info is not None else {}


def title(code: str, lang: str = "zh", *, rule: Any = None) -> str:
    """The rule's short title in `lang`; the English summary when no title is known, the code last.

    `rule` is the rule class when the caller has it (a `-p` plugin the default host does not load).
    """
    lang = normalize_lang(lang)
    found = _entry(code, lang, rule).get("title")
    if found:
        return found
    rule = rule if rule is not None else _rule(code)
    return rule.summary() if rule is not None else code


def doc(code: str, lang: str = "zh", *, rule: Any = None) -> RuleDoc | None:
    """The rule explained in `lang`, or None when nothing documents it in that language.

    Missing fields are empty strings (an English doc from a docstring has its examples, good and
    bad marked line by line, in `bad`).
    """
    lang = normalize_lang(lang)
    entry = _entry(code, lang, rule)
    if not any(entry.get(field) for field in ("what", "why", "bad", "good")):
        return None
    return RuleDoc(code=code, title=entry.get("title") or title(code, lang, rule=rule),
                   what=entry.get("what", ""), why=entry.get("why", ""),
                   bad=entry.get("bad", ""), good=entry.get("good", ""))


def severity_label(severity: str, lang: str = "zh") -> str:
    """错误 / 警告 / 提示 in Chinese, the machine value in English (unknown values unchanged)."""
    return SEVERITY_LABELS[normalize_lang(lang)].get(severity, severity)



#: The words of a rule's explanation in Chinese (English prints the docstring as its author wrote it).
_WORDS = {"title": "标题", "what": "检查什么", "why": "为什么重要", "bad": "问题示例", "good": "改正示例",
          "severity": "严重程度", "plugin": "插件", "ruleset": "规则集", "groups": "分组",
          "applies": "适用于", "every_kind": "所有报告类型",
          "options": "选项（规则集 {ruleset} 下的实际取值）：", "default_options": "选项（默认值）",
          "english": "English"}


def _applies_to(rule: Any, lang: str) -> str:
    from perflint.profiles.kinds import kind_label

    kinds = sorted(getattr(rule, "applies_to", ()) or ())
    if not kinds:
        return _WORDS["every_kind"]
    return "、".join(f"{kind_label(kind, lang)}（{kind}）" for kind in kinds)


def _indented(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else "" for line in text.splitlines())


def explain(rule: Any, plugin: str | None, lang: str = "zh", *, severity: str | None = None,
            ruleset: str | None = None, options: dict[str, Any] | None = None) -> str:
    """`perflint rule CODE`: the rule's title, severity (as configured), where it comes from, the
    kinds it applies to, its doc (Chinese: RuleDoc; English: the module docstring, as the rule's
    author wrote it) and its options in force under `ruleset`."""
    lang = normalize_lang(lang)
    severity = severity or rule.severity
    applies = ", ".join(sorted(rule.applies_to)) if rule.applies_to else "every report kind"
    if lang == "en":
        lines = [f"{rule.code} {rule.name}  [{severity}]  plugin: {plugin}  ruleset: {ruleset}"]
        if rule.groups:
            lines.append(f"groups: {', '.join(rule.groups)}")
        lines += [f"applies to: {applies}", "", rule.documentation()]
        if options:
            lines += ["", f"Options (effective under ruleset {ruleset}):"]
            lines += [f"  {key}: {value}" for key, value in options.items()]
        return "\n".join(lines) + "\n"
    words = _WORDS
    lines = [f"{rule.code} {rule.name}", f"{words['title']}：{title(rule.code, lang, rule=rule)}",
             f"{words['severity']}：{severity_label(severity, lang)}　{words['plugin']}：{plugin}　"
             f"{words['ruleset']}：{ruleset}"]
    if rule.groups:
        lines.append(f"{words['groups']}：{', '.join(rule.groups)}")
    lines.append(f"{words['applies']}：{_applies_to(rule, lang)}")
    found = doc(rule.code, lang, rule=rule)
    if found is None:  # a plugin that documents its rule only in English
        lines += ["", rule.documentation()]
    else:
        for field in ("what", "why", "bad", "good"):
            lines += ["", words[field], _indented(getattr(found, field))]
    if options:
        lines += ["", words["options"].format(ruleset=ruleset)]
        lines += [f"  {key}: {value}" for key, value in options.items()]
    return "\n".join(lines) + "\n"


def _yaml_text(data: dict[str, Any]) -> str:
    """`data` as block YAML in its own key order (how a ruleset's `rules:` entry would set it)."""
    dumper = YAML()
    dumper.default_flow_style = False
    dumper.width = 100
    buffer = io.StringIO()
    dumper.dump(data, buffer)
    return buffer.getvalue().rstrip()


def page_codes() -> list[str]:
    """The codes that have a page under docs/rules: every code perflint's data documents (its
    rules and the reserved PL000/PL001); plugins' rules are documented by their plugins."""
    return sorted(data_codes("zh"))


def markdown(code: str, *, rule: Any = None) -> str:
    """docs/rules/<CODE>.md: the Chinese doc from the data, the rule's default options, and the
    English docstring below, so the page a SARIF `helpUri` opens serves both readers. `rule` is
    the rule class when the caller has it (a `-p` plugin's); a KeyError when nothing documents
    `code` in Chinese."""
    rule = rule if rule is not None else _rule(code)
    found = doc(code, "zh", rule=rule)
    if found is None:
        raise KeyError(code)
    words = _WORDS
    if rule is not None:
        name, severity, english = rule.name, rule.severity, rule.documentation()
        options = rule.default_options()
        facts = [f"`{name}`", f"{words['severity']}：{severity_label(severity)}"]
        if rule.groups:
            facts.append(f"{words['groups']}：{', '.join(rule.groups)}")
        facts.append(f"{words['applies']}：{_applies_to(rule, 'zh')}")
    else:  # the reserved codes (perflint.findings): no rule class, always an error
        from perflint.output._common import reserved_rules

        info = reserved_rules("en")[code]
        name, english, options = info.name, info.documentation, {}
        facts = [f"`{name}`", f"{words['severity']}：{severity_label(info.severity)}"]
    lines = [f"# {code} {found.title}", "", " · ".join(facts), ""]
    for field in ("what", "why"):
        lines += [f"## {words[field]}", "", getattr(found, field), ""]
    for field in ("bad", "good"):
        lines += [f"## {words[field]}", "", "```text", getattr(found, field), "```", ""]
    if options:
        dumped = _yaml_text(options)
        lines += [f"## {words['default_options']}", "", "```yaml", dumped, "```", ""]
    lines += [f"## {words['english']}", "", "```text", english, "```", ""]
    return "\n".join(lines)

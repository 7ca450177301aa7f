"""Is a document a 绩效 report at all? The check a raw file's text passes before any rule runs.

An auditor runs perflint over a folder of submissions. A file in it that is not a report (an
English letter, a diary, a meeting notice, a text decoded into garbage) would otherwise be read
as a report of unknown kind: PL507, an *info*, and exit 0, which the folder run files as "no
problems". So a raw document (text, Word, Excel, PDF …: anything but normalized YAML/JSON,
which its schema already checks) whose text

- has none of the words every 绩效 report uses (`REPORT_VOCABULARY`): `NO_VOCABULARY`, or
  `NO_TEXT` when it has almost no letters at all (a scan with no text layer);
- is mostly not Chinese (Chinese characters under `MIN_CHINESE_SHARE` of its letters): an
  English text, or the Latin-letter mojibake of a wrong decoding: `NOT_CHINESE`

is a PL000 input error (exit 2) instead of a report, and no rule runs on it.

PL507 stays what it is: a document that *is* a report (it speaks of 预算, 绩效, 资金 …) in a
layout no profile recognizes. The vocabulary is deliberately wide and the test is "none at
all", so a real report, even the first screen of a web page with its chrome (the partial
reports of shared/realworld), always passes: a false "not a report" on a real submission would
be worse than a non-report reaching PL507.
"""

from __future__ import annotations

import re

from perflint.reading import InputError

#: Words at least one of which every budget performance report uses, however short the excerpt:
#: its subject (预算, 资金, 经费, 支出, 财政, 决算 …), its purpose (绩效, 自评, 评价, 指标, 执行)
#: and what it is about (项目, 部门, 专项, 拨付). Traditional forms too: reports are mirrored by
#: Hong Kong and Taiwan sites, and Big5 files decode to them. Data, not a rule: a word added here
#: only makes the test more lenient. Day-to-day words (年度, 单位, 工作) are left out, since a
#: diary or a notice has them too.
REPORT_VOCABULARY = frozenset({
    # simplified
    "预算", "绩效", "自评", "执行", "指标", "资金", "项目", "部门", "支出", "经费", "财政",
    "决算", "评价", "拨款", "拨付", "专项", "转移支付",
    # traditional
    "預算", "績效", "自評", "執行", "指標", "資金", "項目", "部門", "經費", "財政", "決算",
    "評價", "撥款", "撥付", "專項", "轉移支付",
})

#: Below this share of Chinese characters among its letters a text is "mostly not Chinese".
#: Real reports, page chrome and Latin-letter units included, stay above 0.65 (a mirror copy
#: with pinyin after every character: 0.66); English text and Latin mojibake are near 0.
MIN_CHINESE_SHARE = 0.3

#: A document with fewer letters than this (Chinese characters or other letters) has no text to
#: speak of.
MIN_LETTERS = 10

#: How much of a long text the Chinese share is measured on (a report is Chinese throughout).
SAMPLE_CHARS = 20_000

#: What every "not a report" message starts with (zh, en): how a run tells this PL000 apart.
NOT_A_REPORT = ("不是绩效自评报告", "not a performance self-evaluation report")

NO_TEXT = (f"{NOT_A_REPORT[0]}：文档中几乎没有文字（扫描件或图片须先识别成文字）",
           f"{NOT_A_REPORT[1]}: the document has almost no text (a scan or a picture must be "
           "turned into text first)")
NO_VOCABULARY = (f"{NOT_A_REPORT[0]}：文本中没有预算、绩效等报告用语",
                 f"{NOT_A_REPORT[1]}: the text has none of the words reports use (预算, 绩效 …)")
NOT_CHINESE = (f"{NOT_A_REPORT[0]}：文本大部分不是中文（汉字只占字母的 {{share}}%）",
               f"{NOT_A_REPORT[1]}: the text is mostly not Chinese (Chinese characters are "
               "{share}% of its letters)")

#: A run of Chinese characters: they are counted run by run (a report's text is mostly such runs),
#: one match per run rather than one per character.
_CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LETTER = re.compile(r"[^\W\d_]")


def not_a_report(text: str) -> InputError | None:
    """Why a raw document's text is not a 绩效 report (an InputError to report as PL000), or None
    when it may well be one."""
    sample = text[:SAMPLE_CHARS]
    if not any(word in text for word in REPORT_VOCABULARY):
        if len(_LETTER.findall(sample)) < MIN_LETTERS and len(_LETTER.findall(text)) < MIN_LETTERS:
            return InputError(NO_TEXT[0], english=NO_TEXT[1])
        return InputError(NO_VOCABULARY[0], english=NO_VOCABULARY[1])
    chinese = sum(map(len, _CHINESE_RUN.findall(sample)))
    if chinese >= MIN_CHINESE_SHARE * len(sample):
        return None  # the common case, decided without counting letters: letters ≤ characters
    share = chinese / max(1, len(_LETTER.findall(sample)))
    if share < MIN_CHINESE_SHARE:
        shown = f"{share * 100:.0f}"
        return InputError(NOT_CHINESE[0].format(share=shown), english=NOT_CHINESE[1].format(share=shown))
    return None


def is_not_a_report_message(message: str) -> bool:
    """Whether a PL000 message is one of `not_a_report`'s."""
    return message.startswith(NOT_A_REPORT)

"""The analysis layer under extraction, rules and declarative kinds: one definition each of a
sentence (`sentences`), of the span of a range of a located text (`spans.locate`, landing on
`Span.slice`), of an RE2 pattern and what it quotes (`patterns`), and of what a section is for
(`sections`: its role, else its heading's words). The heading key is
`perflint.profiles.outline.heading_key`, the phrase matcher `perflint.textmatch.phrases`.
"""

"""Declarative rules: checks a district writes in a ruleset's YAML, without Python (Vale's idea,
with kinds for this domain: sum, ratio, compare, range, required, phrase, pattern, conditional)."""

"""Scoring rules (PL3xx): weights, scores, deductions and grades of the indicator table.

Shared helpers live in `common` (points, indicator outcomes) and `textspan` (sentences, phrase
spans); the cross-reference and completeness families reuse them.
"""

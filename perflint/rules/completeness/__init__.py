"""Completeness rules (PL5xx): required sections, blanks, placeholders, unsupported claims."""

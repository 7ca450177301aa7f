"""Tests of the scoring rules (a package, so its module names cannot clash with other folders')."""

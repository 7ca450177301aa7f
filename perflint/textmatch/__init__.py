"""Text matching for the PL6xx text-quality rules: pieces of report text with exact spans, phrase
matching, evidence markers, normalization, and near-duplicate detection with MinHash LSH.

Kept apart from the rules so that the per-report rules, the corpus rule, the reference corpus and
the benchmarks (bench/dup_eval.py) all split, normalize and compare text the same way, and so the
expensive structures (Aho-Corasick automata, the reference index) are built once per process.
"""

from perflint.textmatch.pieces import Block, Piece, TextView, blocks, locate, paragraphs, sentences, text_view

__all__ = ["Block", "Piece", "TextView", "blocks", "locate", "paragraphs", "sentences", "text_view"]

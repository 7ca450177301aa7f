"""PL6xx text quality: template phrases and paragraphs, vague targets, sections without evidence,
copy-paste labels, repetition within a report, and paragraphs shared across units' reports."""

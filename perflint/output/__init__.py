"""Output formats: each module renders a RunResult for one audience."""

"""Interview standards per position: versions, verdicts, what-if, suggested weights, fit."""

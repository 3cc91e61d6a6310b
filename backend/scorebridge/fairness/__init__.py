"""Fairness audits (adverse impact per group) and vendor quality, from sensitive attributes
kept apart from everything else about a person."""

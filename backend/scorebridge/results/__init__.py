"""Interview results: what vendors reported, every revision, read by role."""

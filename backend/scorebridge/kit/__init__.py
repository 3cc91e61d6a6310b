"""Shared plumbing: database, jobs, errors, security, pagination. Nothing business-specific."""

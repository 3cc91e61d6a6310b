"""Bulk imports of people, historical results, performance and training records."""

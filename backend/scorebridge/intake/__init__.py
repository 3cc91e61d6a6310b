"""Vendor intake: signed webhooks and polling, stored raw, then mapped into results."""

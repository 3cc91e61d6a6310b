"""The talent profile (人才档案): a person's confirmed results over time, with their
performance and training records (the outcomes analytics relates scores to)."""

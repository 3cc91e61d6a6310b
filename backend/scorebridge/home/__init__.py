"""The home page's "what needs me now": counts for the caller's role, in the caller's scope."""

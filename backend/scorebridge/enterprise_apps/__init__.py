"""Clients for the WeCom (企业微信) and DingTalk (钉钉) server APIs an enterprise app uses:
access tokens (cached, single-flight, refreshed once on an expired-token errcode), work
messages to a person's own account, and the sign-in look-ups (code → userid → profile).

Every request goes through :mod:`scorebridge.kit.egress`. Failures raise
:class:`~scorebridge.enterprise_apps.errors.ProviderError` carrying the provider's errcode and a
readable reason (zh-CN or English). The token cache is process-local: each API process and
each worker fetches its own token and keeps it until shortly before it expires (both
providers allow several valid tokens at once, so processes never invalidate each other).
"""

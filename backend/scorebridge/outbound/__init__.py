"""Outgoing webhooks for integrators: signed (Standard Webhooks) deliveries of
``result.confirmed``, ``result.updated``, ``feedback.created`` and ``feedback.resolved``,
in order per endpoint, every attempt logged."""

"""Enterprise sign-in: the identity providers an admin configured (OIDC, WeCom, DingTalk), the
links from a provider's account to a ScoreBridge user, and the sign-ins under way."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scorebridge.kit.db import Base, IdMixin, utcnow
from scorebridge.kit.sealing import SealedFieldsJSON, SealedText

PROVIDER_KINDS = ("oidc", "wecom", "dingtalk")
# The config values that are secrets: sealed in the database, masked in answers.
PROVIDER_SECRET_FIELDS = frozenset({"client_secret", "secret"})


class IdentityProvider(Base):
    """One enterprise sign-in provider, configured by an admin."""

    __tablename__ = "identity_providers"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    config: Mapped[dict[str, Any]] = mapped_column(
        SealedFieldsJSON(PROVIDER_SECRET_FIELDS), default=dict
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class IdentityLink(IdMixin, Base):
    """A provider's account (``issuer`` + ``subject``: an OIDC issuer and ``sub``, a WeCom corp
    and userid, a DingTalk app and userid) that signs in as one user."""

    __tablename__ = "identity_links"
    __table_args__ = (UniqueConstraint("provider", "issuer", "subject"),)

    provider: Mapped[str] = mapped_column(String(16))
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]


class SignInAttempt(Base):
    """A sign-in sent to a provider and not yet back: the ``state`` (only its hash is kept),
    OIDC's nonce and PKCE verifier, and where to go afterwards. Used once; short-lived."""

    __tablename__ = "sign_in_attempts"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    nonce: Mapped[str | None] = mapped_column(String(128))
    code_verifier: Mapped[str | None] = mapped_column(SealedText)
    next_path: Mapped[str] = mapped_column(String(2000))
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]

"""One settings object, read from ``SCOREBRIDGE_*`` environment variables."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "scorebridge-development-secret-change-me-0123456789"


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCOREBRIDGE_", extra="ignore")

    env: Environment = Environment.development
    database_url: str = "sqlite+aiosqlite:///./var/scorebridge.db"
    redis_url: str | None = None
    secret_key: str = DEV_SECRET_KEY
    # Earlier secret keys, still accepted to open secrets sealed with them (see kit/sealing.py).
    previous_secret_keys: list[str] = Field(default_factory=list)

    jwt_issuer: str = "scorebridge"
    jwt_audience: str = "scorebridge-api"
    access_token_ttl_seconds: int = Field(default=900, ge=60)
    refresh_token_ttl_seconds: int = Field(default=30 * 24 * 3600, ge=300)

    login_max_failures: int = 5
    login_window_seconds: int = 15 * 60

    default_timezone: str = "Asia/Shanghai"
    feedback_sla_hours: float = 24
    job_timeout_seconds: int = 60
    # Intake: the reconciler re-queues deliveries still pending after ``intake_reconcile_after``.
    intake_reconcile_every_seconds: int = Field(default=30, ge=1, le=3600)
    intake_reconcile_after_seconds: float = Field(default=20, ge=0)
    intake_poll_every_seconds: int = Field(default=10, ge=1, le=3600)
    # Analytics: how often the default dashboard's answers are computed ahead (for HR and each
    # department head) once the data changed (0: never; they are then computed on first ask).
    analytics_prepare_every_seconds: int = Field(default=120, ge=0, le=86400)
    # How old a saved answer that was slow to compute (over 0.25 s) may be and still be
    # served after the data changed, while the next prepare computes it again (0: never).
    analytics_max_stale_seconds: int = Field(default=300, ge=0, le=86400)
    # Feedback: how often overdue feedback is flagged (HR) and escalated (admins, after 2× SLA).
    feedback_overdue_check_seconds: int = Field(default=60, ge=1, le=3600)
    # Notifications: tries per external channel, the first retry delay (doubling), send timeout,
    # the SSE heartbeat and the life of a single-use stream ticket.
    notification_max_attempts: int = Field(default=5, ge=1, le=10)
    notification_retry_base_seconds: float = Field(default=2, ge=0)
    notification_send_timeout_seconds: float = Field(default=10, gt=0)
    notification_heartbeat_seconds: float = Field(default=15, gt=0)
    notification_stream_ticket_seconds: int = Field(default=60, ge=5, le=600)
    # Reports: how often the quarterly job checks for a quarter that has ended and makes its
    # packs (each once; 0: never — packs are then made on demand only).
    reports_check_every_seconds: int = Field(default=3600, ge=0, le=86400)
    # Imports: the largest file accepted (413 above it).
    import_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1)
    spa_dir: Path | None = None
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _refuse_dev_secret_in_production(self) -> Settings:
        if self.env is Environment.production and (
            self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32
        ):
            raise ValueError(
                "SCOREBRIDGE_SECRET_KEY must be set to a random value of at least "
                "32 characters in production"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()

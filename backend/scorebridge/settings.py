"""One settings object, read from ``SCOREBRIDGE_*`` environment variables."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
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

    # Sign-in throttling (OWASP progressive delay, no hard lockout): failures count within the
    # window; past the free ones, each next try waits ``login_delay_seconds`` doubled per
    # further failure. Per account from one address, per address (all accounts) and per account
    # (all addresses, capped short so the rightful user elsewhere waits at most that long).
    login_max_failures: int = Field(default=5, ge=1)
    login_address_max_failures: int = Field(default=20, ge=1)
    login_account_max_failures: int = Field(default=30, ge=1)
    login_delay_seconds: float = Field(default=5, gt=0)
    login_account_max_delay_seconds: float = Field(default=60, gt=0)
    login_window_seconds: int = Field(default=15 * 60, ge=60)
    # Sign-ins in flight per client address in one process; more answer 429 at once.
    login_address_concurrency: int = Field(default=8, ge=1)

    default_timezone: str = "Asia/Shanghai"
    feedback_sla_hours: float = 24
    job_timeout_seconds: int = 60
    # Intake: the reconciler re-queues deliveries still pending after ``intake_reconcile_after``.
    intake_reconcile_every_seconds: int = Field(default=30, ge=1, le=3600)
    intake_reconcile_after_seconds: float = Field(default=20, ge=0)
    intake_poll_every_seconds: int = Field(default=10, ge=1, le=3600)
    # Deliveries a worker claims and stores in one transaction (intake/processing.py).
    intake_batch_size: int = Field(default=50, ge=1, le=1000)
    # Analytics: how often the default dashboard's answers are computed ahead (for HR and each
    # department head) once the data changed (0: never; they are then computed on first ask).
    analytics_prepare_every_seconds: int = Field(default=120, ge=0, le=86400)
    # How old a saved answer that was slow to compute (over 0.25 s) may be and still be
    # served after the data changed, while the next prepare computes it again (0: never).
    analytics_max_stale_seconds: int = Field(default=300, ge=0, le=86400)
    # Fairness: how often the adverse-impact watch looks for newly flagged positions once
    # confirmed results changed (0: never); admins and auditors are told once per flag.
    fairness_watch_every_seconds: int = Field(default=600, ge=0, le=86400)
    # Feedback: how often overdue feedback is flagged (HR) and escalated (admins, after 2× SLA).
    feedback_overdue_check_seconds: int = Field(default=60, ge=1, le=3600)
    # Notifications: tries per external channel, the first retry delay (doubling), send timeout,
    # the SSE heartbeat and the life of a single-use stream ticket.
    notification_max_attempts: int = Field(default=5, ge=1, le=10)
    notification_retry_base_seconds: float = Field(default=2, ge=0)
    notification_send_timeout_seconds: float = Field(default=10, gt=0)
    notification_heartbeat_seconds: float = Field(default=15, gt=0)
    notification_stream_ticket_seconds: int = Field(default=60, ge=5, le=600)
    # Privacy: days HR has to answer a privacy request; how often overdue ones are flagged;
    # how often retention runs and how many rows each of its transactions handles.
    privacy_request_days: int = Field(default=15, ge=1, le=365)
    privacy_overdue_check_seconds: int = Field(default=300, ge=1, le=86400)
    retention_every_hours: float = Field(default=24, gt=0, le=24 * 31)
    retention_batch_size: int = Field(default=5000, ge=1, le=100_000)
    # Reports: how often the quarterly job checks for a quarter that has ended and makes its
    # packs (each once; 0: never — packs are then made on demand only).
    reports_check_every_seconds: int = Field(default=3600, ge=0, le=86400)
    # Imports: the largest file accepted (413 above it).
    import_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1)
    # What an import file may hold once unpacked (422 naming the file above it): an XLSX's
    # uncompressed size, cells read (or declared by the worksheet), shared strings (count and
    # size of that part). See imports/limits.py.
    import_max_uncompressed_bytes: int = Field(default=256 * 1024 * 1024, ge=1024)
    import_max_cells: int = Field(default=5_000_000, ge=1)
    import_max_shared_strings: int = Field(default=1_000_000, ge=1)
    import_max_shared_strings_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    # A running import refreshes its heartbeat this often; one whose heartbeat is older than
    # ``import_stale_seconds`` has lost its process, and the reconciler (every
    # ``import_reconcile_every_seconds``) hands it to a new run.
    import_heartbeat_seconds: float = Field(default=10, gt=0, le=300)
    import_stale_seconds: float = Field(default=30, gt=0, le=3600)
    import_reconcile_every_seconds: int = Field(default=15, ge=1, le=3600)
    # Outgoing requests (kit/egress.py): hosts and networks a configured address may reach
    # although they are not public (comma-separated, e.g. ``10.20.0.0/16,hris.corp.internal``);
    # plain http:// goes only to the hosts named here.
    outbound_allow: str = ""
    # Where people reach ScoreBridge (``https://scorebridge.corp.example``): enterprise sign-in
    # gives providers its callback under this address (else the address of the request).
    public_url: str | None = Field(default=None, pattern=r"^https?://[^/?#]+(/[^?#]*)?$")
    spa_dir: Path | None = None
    log_level: str = "INFO"
    # Operations: GET /metrics needs this bearer token when set (else loopback clients only);
    # the worker serves its own /metrics on ``worker_metrics_port`` when set.
    metrics_token: str | None = None
    worker_metrics_host: str = "127.0.0.1"
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # "pgbouncer": the database URL points at PgBouncer in transaction mode (no statement
    # cache, no named prepared statements that outlive a transaction).
    database_pooler: Literal["none", "pgbouncer"] = "none"

    @field_validator("outbound_allow")
    @classmethod
    def _parse_outbound_allow(cls, value: str) -> str:
        from scorebridge.kit.egress import Policy

        Policy.parse(value)  # a ValueError names the entry that is not a host or network
        return value

    @model_validator(mode="after")
    def _refuse_dev_secret_in_production(self) -> Settings:
        key = self.secret_key
        placeholder = any(word in key.lower() for word in ("change-me", "changeme", "example"))
        if self.env is Environment.production and (
            key == DEV_SECRET_KEY or len(key) < 32 or len(set(key)) < 12 or placeholder
        ):
            raise ValueError(
                "SCOREBRIDGE_SECRET_KEY must be set to a random value of at least "
                "32 characters in production (e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')"
            )
        return self

    @model_validator(mode="after")
    def _stale_after_heartbeats(self) -> Settings:
        if self.import_stale_seconds < 2 * self.import_heartbeat_seconds:
            raise ValueError(
                "SCOREBRIDGE_IMPORT_STALE_SECONDS must be at least twice "
                "SCOREBRIDGE_IMPORT_HEARTBEAT_SECONDS"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()

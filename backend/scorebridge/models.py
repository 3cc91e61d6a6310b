"""Every domain's tables, imported so that Alembic and tests see the whole schema."""

from scorebridge.audit.models import AuditEvent
from scorebridge.auth.models import (
    IntegrationClient,
    LoginFailure,
    RefreshToken,
    User,
    UserDepartment,
    UserRole,
)
from scorebridge.kit.db import Base
from scorebridge.organisation.models import Batch, Department, Person, Position

__all__ = [
    "AuditEvent",
    "Base",
    "Batch",
    "Department",
    "IntegrationClient",
    "LoginFailure",
    "Person",
    "Position",
    "RefreshToken",
    "User",
    "UserDepartment",
    "UserRole",
]

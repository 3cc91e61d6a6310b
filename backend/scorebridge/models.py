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
from scorebridge.intake.models import Delivery, PersonExternalId, Vendor
from scorebridge.kit.db import Base
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.results.models import (
    InterviewResult,
    ResultDimension,
    ResultInterviewer,
    ResultReview,
    ResultRevision,
)
from scorebridge.talent.models import PerformanceRecord, TrainingRecord

__all__ = [
    "AuditEvent",
    "Base",
    "Batch",
    "Delivery",
    "Department",
    "IntegrationClient",
    "InterviewResult",
    "LoginFailure",
    "PerformanceRecord",
    "Person",
    "PersonExternalId",
    "Position",
    "RefreshToken",
    "ResultDimension",
    "ResultInterviewer",
    "ResultReview",
    "ResultRevision",
    "TrainingRecord",
    "User",
    "UserDepartment",
    "UserRole",
    "Vendor",
]

"""Every domain's tables, imported so that Alembic and tests see the whole schema."""

from scorebridge.analytics.models import AnalysisVersion, SavedAnswer
from scorebridge.audit.models import AuditEvent
from scorebridge.auth.models import (
    IntegrationClient,
    LoginFailure,
    RefreshToken,
    User,
    UserDepartment,
    UserRole,
)
from scorebridge.fairness.models import FairnessAlert, FairnessWatch, PersonAttributes
from scorebridge.feedback.models import Feedback, FeedbackMessage
from scorebridge.identity.models import IdentityLink, IdentityProvider, SignInAttempt
from scorebridge.imports.models import ImportFile, ImportJob
from scorebridge.intake.models import Delivery, PersonExternalId, Vendor
from scorebridge.kit.db import Base
from scorebridge.notifications.models import (
    Notification,
    NotificationChannel,
    NotificationDelivery,
    NotificationPreference,
    PushSubscription,
    StreamTicket,
    VapidKey,
)
from scorebridge.organisation.models import Batch, Department, Person, Position
from scorebridge.outbound.models import OutboundAttempt, OutboundMessage, WebhookEndpoint
from scorebridge.privacy.models import (
    AuditPermit,
    ErasureTombstone,
    NoticeAcknowledgement,
    PersonErasure,
    PrivacyNotice,
    PrivacyRequest,
    RetentionPolicy,
    RetentionRun,
)
from scorebridge.reports.models import AnalysisReport
from scorebridge.results.models import (
    InterviewResult,
    ResultDimension,
    ResultInterviewer,
    ResultReview,
    ResultRevision,
)
from scorebridge.standards.models import (
    PositionStandard,
    ResultScorecard,
    ResultStandard,
    StandardApplication,
)
from scorebridge.talent.models import PerformanceRecord, TrainingRecord

__all__ = [
    "AnalysisReport",
    "AnalysisVersion",
    "AuditEvent",
    "AuditPermit",
    "Base",
    "Batch",
    "Delivery",
    "Department",
    "ErasureTombstone",
    "FairnessAlert",
    "FairnessWatch",
    "Feedback",
    "FeedbackMessage",
    "IdentityLink",
    "IdentityProvider",
    "ImportFile",
    "ImportJob",
    "IntegrationClient",
    "InterviewResult",
    "LoginFailure",
    "NoticeAcknowledgement",
    "Notification",
    "NotificationChannel",
    "NotificationDelivery",
    "NotificationPreference",
    "OutboundAttempt",
    "OutboundMessage",
    "PerformanceRecord",
    "Person",
    "PersonAttributes",
    "PersonErasure",
    "PersonExternalId",
    "Position",
    "PositionStandard",
    "PrivacyNotice",
    "PrivacyRequest",
    "PushSubscription",
    "RefreshToken",
    "ResultDimension",
    "ResultInterviewer",
    "ResultReview",
    "ResultRevision",
    "ResultScorecard",
    "ResultStandard",
    "RetentionPolicy",
    "RetentionRun",
    "SavedAnswer",
    "SignInAttempt",
    "StandardApplication",
    "StreamTicket",
    "TrainingRecord",
    "User",
    "UserDepartment",
    "UserRole",
    "VapidKey",
    "Vendor",
    "WebhookEndpoint",
]

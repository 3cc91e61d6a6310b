"""Roles, integration scopes and the permissions each grants; the SPA builds its menus from them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    admin = "admin"
    hr = "hr"
    dept_head = "dept_head"
    interviewer = "interviewer"
    employee = "employee"
    auditor = "auditor"


class Permission(StrEnum):
    users_manage = "users:manage"
    clients_manage = "integration-clients:manage"
    vendors_manage = "vendors:manage"
    channels_manage = "channels:manage"
    org_read = "org:read"
    org_write = "org:write"
    people_read = "people:read"
    people_write = "people:write"
    results_read = "results:read"
    results_review = "results:review"
    results_export = "results:export"
    feedback_read = "feedback:read"
    feedback_handle = "feedback:handle"
    analytics_read = "analytics:read"
    imports_manage = "imports:manage"
    audit_read = "audit:read"
    own_results = "me:results"
    own_feedback = "me:feedback"
    privacy_handle = "privacy:handle"
    privacy_manage = "privacy:manage"
    # Fairness: sensitive attributes (gender, birth year) and the audits made from them.
    attributes_read = "people:attributes"
    fairness_read = "fairness:read"
    vendor_quality_read = "vendor-quality:read"
    standards_manage = "standards:manage"
    fit_read = "people:fit"
    reports_read = "reports:read"


_HR = frozenset(
    {
        Permission.org_read,
        Permission.org_write,
        Permission.people_read,
        Permission.people_write,
        Permission.results_read,
        Permission.results_review,
        Permission.results_export,
        Permission.feedback_read,
        Permission.feedback_handle,
        Permission.analytics_read,
        Permission.imports_manage,
        Permission.audit_read,
        Permission.privacy_handle,
        Permission.standards_manage,
        Permission.fit_read,
        Permission.reports_read,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.admin: _HR
    | {
        Permission.users_manage,
        Permission.clients_manage,
        Permission.vendors_manage,
        Permission.channels_manage,
        Permission.privacy_manage,
        Permission.attributes_read,
        Permission.fairness_read,
        Permission.vendor_quality_read,
    },
    Role.hr: _HR | {Permission.vendor_quality_read},
    Role.dept_head: frozenset(
        {
            Permission.org_read,
            Permission.people_read,
            Permission.results_read,
            Permission.analytics_read,
            Permission.fit_read,
            Permission.reports_read,
        }
    ),
    Role.interviewer: frozenset(
        {Permission.org_read, Permission.people_read, Permission.results_read}
    ),
    Role.employee: frozenset({Permission.own_results, Permission.own_feedback}),
    Role.auditor: frozenset(
        {
            Permission.org_read,
            Permission.attributes_read,
            Permission.fairness_read,
            Permission.vendor_quality_read,
        }
    ),
}

ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.admin: "Users, grants, vendors, channels, integration clients and everything HR can do",
    Role.hr: "All results, reviews, exports, feedback handling, analytics, imports and audit",
    Role.dept_head: "Reads results and analytics of granted departments and their sub-departments",
    Role.interviewer: "Reads results of interviews that list them",
    Role.employee: "Own published results and own feedback",
    Role.auditor: "Fairness audits and vendor quality; reads people's gender and birth year "
    "(nothing else about them)",
}

# Scopes an integration client may hold; each is the permission of the same name.
CLIENT_SCOPES: frozenset[Permission] = frozenset(
    {
        Permission.org_read,
        Permission.org_write,
        Permission.people_read,
        Permission.people_write,
        Permission.results_read,
        Permission.feedback_read,
        Permission.analytics_read,
    }
)

# Menu keys of the SPA and the permission that shows each (None: every signed-in user).
MENUS: list[tuple[str, Permission | None]] = [
    ("home", None),
    ("workbench", Permission.results_read),
    ("my-results", Permission.own_results),
    ("people", Permission.people_read),
    ("departments", Permission.org_write),
    ("positions", Permission.org_write),
    ("batches", Permission.org_write),
    ("vendors", Permission.vendors_manage),
    ("users", Permission.users_manage),
    ("integration-clients", Permission.clients_manage),
    ("webhook-endpoints", Permission.clients_manage),
    ("audit", Permission.audit_read),
    ("feedback-inbox", Permission.feedback_handle),
    ("notifications", None),
    ("notification-channels", Permission.channels_manage),
    ("identity-providers", Permission.users_manage),
    ("notification-deliveries", Permission.audit_read),
    ("analytics", Permission.analytics_read),
    ("imports", Permission.imports_manage),
    ("my-privacy", Permission.own_results),
    ("privacy-requests", Permission.privacy_handle),
    ("privacy", Permission.privacy_manage),
    ("fairness", Permission.fairness_read),
    ("standards", Permission.standards_manage),
    ("reports", Permission.reports_read),
]


def permissions_of(roles: frozenset[str]) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(Role(role), frozenset())
    return frozenset(granted)


def menus_for(permissions: frozenset[Permission]) -> list[str]:
    return [key for key, needed in MENUS if needed is None or needed in permissions]

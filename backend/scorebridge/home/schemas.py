from __future__ import annotations

from pydantic import BaseModel, Field


class HomeSummary(BaseModel):
    """Counts for the home page. A count is null when it is not the caller's concern (their
    role does not see that kind of work), never zero for "not allowed"."""

    pending_reviews: int | None = Field(
        default=None, description="Results waiting for review that the caller may read"
    )
    new_results_this_week: int | None = Field(
        default=None, description="Results received in the last 7 days that the caller may read"
    )
    open_feedback: int | None = Field(
        default=None,
        description="Unresolved feedback (HR: all; department head: on results of their "
        "departments)",
    )
    overdue_feedback: int | None = Field(
        default=None, description="Of those, unanswered and past the answer deadline"
    )
    open_privacy_requests: int | None = Field(default=None, description="HR: open requests")
    overdue_privacy_requests: int | None = Field(
        default=None, description="HR: open requests past their due date"
    )
    failed_deliveries: int | None = Field(
        default=None, description="Admin: vendor deliveries that failed and wait for a replay"
    )
    failed_webhook_messages: int | None = Field(
        default=None, description="Admin: outbound webhook messages that gave up"
    )

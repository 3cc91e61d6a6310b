"""Each count is one scoped ``COUNT`` query; the scope is the same as the lists' (a department
head counts only their departments, an interviewer only their interviews)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.auth.caller import Caller
from scorebridge.auth.permissions import Permission, Role
from scorebridge.feedback.models import Feedback, FeedbackStatus
from scorebridge.feedback.service import overdue_condition
from scorebridge.home.schemas import HomeSummary
from scorebridge.intake.models import Delivery
from scorebridge.kit.db import utcnow
from scorebridge.outbound.models import OutboundMessage
from scorebridge.privacy.models import PrivacyRequest, RequestStatus
from scorebridge.results import repository as results
from scorebridge.results.models import InterviewResult, ResultStatus

WEEK = timedelta(days=7)


async def _count(session: AsyncSession, statement: Select[Any]) -> int:
    return int(await session.scalar(statement) or 0)


def _feedback_in_scope(caller: Caller) -> Select[Any] | None:
    """HR reads all feedback; a department head counts the feedback on their departments'
    results (the number only: they do not read the threads)."""
    statement = select(func.count()).select_from(Feedback)
    if caller.can(Permission.feedback_read):
        return statement
    if caller.is_dept_head and caller.department_scope:
        return statement.where(
            Feedback.result_id.in_(
                select(InterviewResult.id).where(
                    InterviewResult.department_id.in_(caller.department_scope)
                )
            )
        )
    return None


async def summary(session: AsyncSession, caller: Caller) -> HomeSummary:
    now = utcnow()
    out = HomeSummary()
    if caller.can(Permission.results_read):
        readable = results.readable_by(caller).subquery()
        count = select(func.count()).select_from(readable)
        out.pending_reviews = await _count(
            session, count.where(readable.c.status == ResultStatus.pending_review)
        )
        out.new_results_this_week = await _count(
            session, count.where(readable.c.received_at >= now - WEEK)
        )
    feedback = _feedback_in_scope(caller)
    if feedback is not None:
        unresolved = feedback.where(Feedback.status != FeedbackStatus.resolved)
        out.open_feedback = await _count(session, unresolved)
        out.overdue_feedback = await _count(session, unresolved.where(overdue_condition(now)))
    if caller.can(Permission.privacy_handle):
        open_requests = (
            select(func.count())
            .select_from(PrivacyRequest)
            .where(PrivacyRequest.status == RequestStatus.open)
        )
        out.open_privacy_requests = await _count(session, open_requests)
        out.overdue_privacy_requests = await _count(
            session, open_requests.where(PrivacyRequest.due_at < now)
        )
    if Role.admin in caller.roles:
        out.failed_deliveries = await _count(
            session, select(func.count()).select_from(Delivery).where(Delivery.status == "failed")
        )
        out.failed_webhook_messages = await _count(
            session,
            select(func.count())
            .select_from(OutboundMessage)
            .where(OutboundMessage.status == "failed"),
        )
    return out

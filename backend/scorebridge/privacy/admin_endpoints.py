"""Privacy administration (admin): publishing the notice and exporting acknowledgements,
erasing a person, the retention policy with its preview and runs, the processing records."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlalchemy import Select, select

from scorebridge.auth.caller import Caller
from scorebridge.auth.dependencies import requires
from scorebridge.auth.models import User
from scorebridge.auth.permissions import Permission
from scorebridge.kit.db import utcnow
from scorebridge.kit.errors import responses
from scorebridge.kit.pagination import Page, PageParams, Sort, page_params, paginate
from scorebridge.kit.web import Session
from scorebridge.privacy import erasure, notice, records, retention
from scorebridge.privacy.models import NoticeAcknowledgement, RetentionRun
from scorebridge.privacy.schemas import (
    ErasureOut,
    NoticeAckRow,
    NoticeIn,
    NoticeOut,
    ProcessingRecords,
    RetentionPolicyIn,
    RetentionPolicyOut,
    RetentionPreview,
    RetentionRunOut,
)

router = APIRouter(tags=["privacy"])

PrivacyAdmin = Annotated[Caller, Depends(requires(Permission.privacy_manage))]
Paging = Annotated[PageParams, Depends(page_params)]


@router.put(
    "/privacy-notice",
    operation_id="publishPrivacyNotice",
    summary="Publish a new notice version (admin); every employee acknowledges it again",
    description="`version` is a new label (letters, digits, `.`, `_`, `-`); a used one is 409. "
    "Both bodies are required (20–20,000 characters).",
    responses=responses(401, 403, 409, 422),
)
async def publish_notice(caller: PrivacyAdmin, session: Session, body: NoticeIn) -> NoticeOut:
    return await notice.publish(session, caller, body)


def _ack_statement() -> Select[NoticeAcknowledgement, str, str]:
    return select(NoticeAcknowledgement, User.name, User.email).join(
        User, User.id == NoticeAcknowledgement.user_id
    )


@router.get(
    "/privacy-notice/acknowledgements",
    operation_id="listNoticeAcknowledgements",
    summary="Who acknowledged which notice version, when and from where (admin), newest first",
    responses=responses(401, 403, 422),
)
async def list_acknowledgements(
    caller: PrivacyAdmin, session: Session, page: Paging
) -> Page[NoticeAckRow]:
    rows, cursor = await paginate(
        session,
        select(NoticeAcknowledgement),
        sort=Sort(NoticeAcknowledgement.at, True),
        id_column=NoticeAcknowledgement.id,
        params=page,
    )
    users = {
        u.id: u
        for u in (
            await session.scalars(select(User).where(User.id.in_({r.user_id for r in rows})))
        ).all()
    }
    return Page(
        items=[_ack_row(r, users[r.user_id].name, users[r.user_id].email) for r in rows],
        next_cursor=cursor,
    )


def _ack_row(ack: NoticeAcknowledgement, name: str, email: str) -> NoticeAckRow:
    return NoticeAckRow(
        user_id=ack.user_id, user_name=name, email=email, version=ack.version, at=ack.at, ip=ack.ip
    )


@router.get(
    "/privacy-notice/acknowledgements/export",
    operation_id="exportNoticeAcknowledgements",
    summary="Every acknowledgement as CSV (UTF-8 with BOM), times in the caller's zone (admin)",
    responses={**responses(401, 403), 200: {"content": {"text/csv": {}}, "description": "CSV"}},
    response_class=Response,
)
async def export_acknowledgements(caller: PrivacyAdmin, session: Session) -> Response:
    zone_name = caller.extras.get("timezone", "Asia/Shanghai")
    zone = ZoneInfo(zone_name)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["user_id", "name", "email", "version", f"at ({zone_name})", "ip"])
    rows = (await session.execute(_ack_statement().order_by(NoticeAcknowledgement.at))).all()
    for ack, name, email in rows:
        writer.writerow(
            [
                str(ack.user_id),
                records.spreadsheet_text(name),
                records.spreadsheet_text(email),
                ack.version,
                ack.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
                ack.ip or "",
            ]
        )
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    return Response(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="notice-acks-{stamp}.csv"'},
    )


@router.post(
    "/people/{person_id}/erase",
    operation_id="erasePerson",
    summary="Anonymise a person (admin): 已删除 #<id prefix>, contacts, identifiers and raw "
    "vendor bodies gone, scores kept",
    description="One transaction. 409 `not-erasable` (`reason`): `already_erased`, `caller` "
    "(your own person), `admin` (the person has an admin account), `open_request`. Audit rows "
    "stay, pseudonymised. A later vendor message naming the person's old identifiers is matched "
    "to the anonymous person (tombstones), never re-creating them.",
    responses=responses(401, 403, 404, 409, 422),
)
async def erase_person(caller: PrivacyAdmin, session: Session, person_id: uuid.UUID) -> ErasureOut:
    return await erasure.erase(session, caller, person_id, reason="admin")


@router.get(
    "/retention-policy",
    operation_id="getRetentionPolicy",
    summary="The retention policy (admin); the defaults until one is saved",
    responses=responses(401, 403),
)
async def get_policy(caller: PrivacyAdmin, session: Session) -> RetentionPolicyOut:
    return await retention.policy(session)


@router.put(
    "/retention-policy",
    operation_id="setRetentionPolicy",
    summary="Set the retention policy (admin); audit_days is at least 180",
    responses=responses(401, 403, 422),
)
async def set_policy(
    caller: PrivacyAdmin, session: Session, body: RetentionPolicyIn
) -> RetentionPolicyOut:
    return await retention.save(session, caller, body)


@router.get(
    "/retention-policy/preview",
    operation_id="previewRetention",
    summary="What the next retention run would remove, counted; nothing changes",
    responses=responses(401, 403),
)
async def preview(caller: PrivacyAdmin, session: Session) -> RetentionPreview:
    return await retention.preview(session)


@router.get(
    "/retention-policy/runs",
    operation_id="listRetentionRuns",
    summary="Retention runs, newest first, with what each removed",
    responses=responses(401, 403, 422),
)
async def list_runs(caller: PrivacyAdmin, session: Session, page: Paging) -> Page[RetentionRunOut]:
    rows, cursor = await paginate(
        session,
        select(RetentionRun),
        sort=Sort(RetentionRun.started_at, True),
        id_column=RetentionRun.id,
        params=page,
    )
    return Page(items=[RetentionRunOut.model_validate(r) for r in rows], next_cursor=cursor)


@router.get(
    "/processing-records",
    operation_id="getProcessingRecords",
    summary="Records of processing per vendor, channel, identity provider and webhook endpoint "
    "(admin); `format=xlsx` downloads them",
    responses={
        **responses(401, 403, 422),
        200: {
            "content": {"application/json": {}, records.XLSX: {}},
            "description": "The records",
        },
    },
    response_model=ProcessingRecords,
)
async def processing_records(
    caller: PrivacyAdmin,
    session: Session,
    format: Annotated[Literal["json", "xlsx"], Query()] = "json",
) -> Response:
    locale = caller.extras.get("locale", "zh-CN")
    rules = await retention.policy(session)
    built = await records.build(
        session,
        locale,
        RetentionPolicyIn(**rules.model_dump(include=set(RetentionPolicyIn.model_fields))),
    )
    if format == "xlsx":
        stamp = utcnow().strftime("%Y%m%d")
        return Response(
            records.xlsx(built, locale),
            media_type=records.XLSX,
            headers={
                "Content-Disposition": f'attachment; filename="processing-records-{stamp}.xlsx"'
            },
        )
    return Response(built.model_dump_json(), media_type="application/json")

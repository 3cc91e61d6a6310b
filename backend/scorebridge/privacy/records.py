"""Records of processing activities (PIPL Art 55/56: the basis of a personal-information impact
assessment): per vendor, notification channel, identity provider and outgoing webhook endpoint —
purpose, data categories, recipients, retention and what happened in the last 90 days.
Texts are in the caller's language; the XLSX keeps every cell as text (no formulas).
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.identity.models import IdentityLink, IdentityProvider
from scorebridge.intake.models import Delivery, Vendor
from scorebridge.kit.db import utcnow
from scorebridge.notifications.models import NotificationChannel, NotificationDelivery
from scorebridge.outbound.models import OutboundMessage, WebhookEndpoint
from scorebridge.privacy.schemas import ProcessingRecord, ProcessingRecords, RetentionPolicyIn
from scorebridge.results.models import InterviewResult

WINDOW = timedelta(days=90)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

T: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "vendor_purpose": "接收 AI 面试结果,经 HR 复核后用于招聘与人才发展决策及匿名统计",
        "vendor_categories": ["姓名", "工号", "邮箱", "手机号", "面试成绩与维度得分", "评语与建议"],
        "vendor_recipients": [
            "HR",
            "管理员",
            "部门负责人(本部门)",
            "面试官(所列面试)",
            "员工本人(已发布结果)",
        ],
        "vendor_retention": "原始报文 {raw} 天;结构化结果保存至删除或匿名化;"
        "未入职候选人 {cand} 天无活动后匿名化",
        "channel_purpose": "向用户发送结果发布、疑问答复和个人信息请求的通知",
        "channel_categories": {
            "email": ["邮箱", "姓名", "通知内容"],
            "wecom": ["企业微信账号", "通知内容"],
            "dingtalk": ["钉钉账号", "通知内容"],
            "sms": ["手机号", "通知内容"],
            "webpush": ["浏览器推送订阅(推送地址与密钥)", "通知内容(端到端加密)"],
        },
        "channel_retention": "通知 {days} 天后删除(含发送记录)",
        "endpoint_purpose": "向集成系统推送结果确认、更新和疑问事件",
        "endpoint_categories": ["人员标识", "面试成绩", "事件内容"],
        "endpoint_retention": "由接收方负责;本系统保留发送记录",
        "idp_purpose": "企业身份认证(单点登录)",
        "idp_categories": ["账号标识", "邮箱", "手机号", "工号"],
        "idp_retention": "登录关联保存至账号删除",
    },
    "en": {
        "vendor_purpose": "Receives AI interview results; after HR review used for hiring and "
        "talent-development decisions and anonymous statistics",
        "vendor_categories": [
            "name",
            "employee number",
            "email",
            "phone",
            "interview and dimension scores",
            "comments and suggestions",
        ],
        "vendor_recipients": [
            "HR",
            "administrators",
            "department heads (own departments)",
            "interviewers (listed interviews)",
            "the employee (published results)",
        ],
        "vendor_retention": "raw bodies {raw} days; structured results until erased or "
        "anonymised; never-hired candidates anonymised after {cand} days without activity",
        "channel_purpose": "Notifies users of published results, answers and privacy requests",
        "channel_categories": {
            "email": ["email", "name", "notification text"],
            "wecom": ["WeCom account", "notification text"],
            "dingtalk": ["DingTalk account", "notification text"],
            "sms": ["phone", "notification text"],
            "webpush": [
                "browser push subscription (endpoint and keys)",
                "notification text (end-to-end encrypted)",
            ],
        },
        "channel_retention": "notifications and their send log deleted after {days} days",
        "endpoint_purpose": "Pushes result and feedback events to an integrated system",
        "endpoint_categories": ["person identifiers", "interview scores", "event content"],
        "endpoint_retention": "the recipient's responsibility; the send log is kept here",
        "idp_purpose": "Enterprise sign-in (SSO)",
        "idp_categories": ["account identifier", "email", "phone", "employee number"],
        "idp_retention": "sign-in links kept until the account is erased",
    },
}
CHANNEL_RECIPIENTS = {
    "email": "SMTP {host}",
    "wecom": "WeCom / 企业微信 (Tencent) {host}",
    "dingtalk": "DingTalk / 钉钉 (Alibaba) {host}",
    "sms": "SMS gateway {host}",
    "webpush": "Web Push service",
}
IDP_RECIPIENTS = {
    "oidc": "OpenID Provider {host}",
    "wecom": "WeCom / 企业微信 (Tencent) {host}",
    "dingtalk": "DingTalk / 钉钉 (Alibaba) {host}",
}


def _host(config: dict[str, Any]) -> str:
    for key in ("host", "webhook_url", "url", "api_base", "oapi_base"):
        value = config.get(key)
        if isinstance(value, str) and value:
            return (urlparse(value).hostname or value) if "://" in value else value
    return ""


async def _vendors(
    session: AsyncSession, t: dict[str, Any], rules: RetentionPolicyIn
) -> list[ProcessingRecord]:
    since = utcnow() - WINDOW
    deliveries = dict(
        (
            await session.execute(
                select(Delivery.vendor_id, func.count())
                .where(Delivery.received_at >= since)
                .group_by(Delivery.vendor_id)
            )
        ).all()
    )
    results = (
        await session.execute(
            select(
                InterviewResult.vendor_id,
                func.count(),
                func.count(func.distinct(InterviewResult.person_id)),
            )
            .where(InterviewResult.received_at >= since)
            .group_by(InterviewResult.vendor_id)
        )
    ).all()
    by_vendor = {v: (n, people) for v, n, people in results}
    return [
        ProcessingRecord(
            kind="vendor",
            key=v.slug,
            name=v.name,
            enabled=v.is_active,
            purpose=t["vendor_purpose"],
            data_categories=list(t["vendor_categories"]),
            recipients=list(t["vendor_recipients"]),
            retention=t["vendor_retention"].format(
                raw=rules.raw_delivery_days, cand=rules.candidate_days
            ),
            counts_90d={
                "deliveries": int(deliveries.get(v.id, 0)),
                "results": int(by_vendor.get(v.id, (0, 0))[0]),
                "people": int(by_vendor.get(v.id, (0, 0))[1]),
            },
        )
        for v in (await session.scalars(select(Vendor).order_by(Vendor.slug))).all()
    ]


async def _channels(
    session: AsyncSession, t: dict[str, Any], rules: RetentionPolicyIn
) -> list[ProcessingRecord]:
    since = utcnow() - WINDOW
    counts: dict[str, dict[str, int]] = {}
    for channel, status, n in (
        await session.execute(
            select(NotificationDelivery.channel, NotificationDelivery.status, func.count())
            .where(NotificationDelivery.at >= since)
            .group_by(NotificationDelivery.channel, NotificationDelivery.status)
        )
    ).all():
        counts.setdefault(channel, {})[status] = int(n)
    records = []
    for row in (
        await session.scalars(select(NotificationChannel).order_by(NotificationChannel.kind))
    ).all():
        recipient = CHANNEL_RECIPIENTS.get(row.kind, row.kind).format(host=_host(row.config or {}))
        records.append(
            ProcessingRecord(
                kind="channel",
                key=row.kind,
                name=row.kind,
                enabled=row.enabled,
                purpose=t["channel_purpose"],
                data_categories=list(t["channel_categories"].get(row.kind, [])),
                recipients=[recipient.strip()],
                retention=t["channel_retention"].format(days=rules.notification_days),
                counts_90d={"sent": 0, "failed": 0, **counts.get(row.kind, {})},
            )
        )
    return records


async def _identity_providers(session: AsyncSession, t: dict[str, Any]) -> list[ProcessingRecord]:
    """Enterprise sign-in providers: who vouches for the people signing in, and how many
    accounts signed in through each in the window (``sign_ins``) and are linked (``links``)."""
    since = utcnow() - WINDOW
    counts = {
        provider: {"sign_ins": int(used), "links": int(links)}
        for provider, used, links in (
            await session.execute(
                select(
                    IdentityLink.provider,
                    func.count(case((IdentityLink.last_used_at >= since, 1))),
                    func.count(),
                ).group_by(IdentityLink.provider)
            )
        ).all()
    }
    records = []
    for row in (
        await session.scalars(select(IdentityProvider).order_by(IdentityProvider.kind))
    ).all():
        config = row.config or {}
        host = _host({"url": config.get("issuer"), **config})
        recipient = IDP_RECIPIENTS.get(row.kind, "{host}").format(host=host)
        records.append(
            ProcessingRecord(
                kind="identity_provider",
                key=row.kind,
                name=str(config.get("name") or row.kind),
                enabled=row.enabled,
                purpose=t["idp_purpose"],
                data_categories=list(t["idp_categories"]),
                recipients=[recipient.strip()],
                retention=t["idp_retention"],
                counts_90d=counts.get(row.kind, {"sign_ins": 0, "links": 0}),
            )
        )
    return records


async def _endpoints(session: AsyncSession, t: dict[str, Any]) -> list[ProcessingRecord]:
    since = utcnow() - WINDOW
    sent = dict(
        (
            await session.execute(
                select(OutboundMessage.endpoint_id, func.count())
                .where(OutboundMessage.created_at >= since)
                .group_by(OutboundMessage.endpoint_id)
            )
        ).all()
    )
    return [
        ProcessingRecord(
            kind="webhook_endpoint",
            key=str(e.id),
            name=e.description or (urlparse(e.url).hostname or ""),
            enabled=e.is_active,
            purpose=t["endpoint_purpose"],
            data_categories=list(t["endpoint_categories"]),
            recipients=[urlparse(e.url).hostname or ""],
            retention=t["endpoint_retention"],
            counts_90d={"events": int(sent.get(e.id, 0))},
        )
        for e in (
            await session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.created_at))
        ).all()
    ]


async def build(session: AsyncSession, locale: str, rules: RetentionPolicyIn) -> ProcessingRecords:
    t = T["en" if locale.startswith("en") else "zh-CN"]
    items = [
        *await _vendors(session, t, rules),
        *await _channels(session, t, rules),
        *await _identity_providers(session, t),
        *await _endpoints(session, t),
    ]
    return ProcessingRecords(generated_at=utcnow(), items=items)


HEADERS = {
    "zh-CN": [
        "类型",
        "标识",
        "名称",
        "启用",
        "处理目的",
        "个人信息类别",
        "接收方",
        "保存期限",
        "近 90 天",
    ],
    "en": [
        "Kind",
        "Key",
        "Name",
        "Enabled",
        "Purpose",
        "Data categories",
        "Recipients",
        "Retention",
        "Last 90 days",
    ],
}


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def xlsx(records: ProcessingRecords, locale: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("processing-records")
    sheet.append(HEADERS["en" if locale.startswith("en") else "zh-CN"])
    for r in records.items:
        sheet.append(
            [
                spreadsheet_text(v)
                for v in (
                    r.kind,
                    r.key,
                    r.name,
                    "yes" if r.enabled else "no",
                    r.purpose,
                    "; ".join(r.data_categories),
                    "; ".join(r.recipients),
                    r.retention,
                    "; ".join(f"{k}: {n}" for k, n in r.counts_90d.items()),
                )
            ]
        )
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(path)
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)

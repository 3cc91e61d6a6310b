"""The adverse-impact watch: after new results, which positions are newly flagged — some
group's impact ratio below 0.8 with p < 0.05 — and telling admins and auditors once.

Every position is audited on the median basis (NYC LL 144's scoring rate) per gender and per
age band, and on its standard where it has one, with the default filters (confirmed results,
all time). A flag is remembered in ``fairness_alerts``: it alerts when it appears, not again
while it stays, and is cleared once the position is no longer flagged (so that it alerts
again if it comes back). The watch runs only when confirmed data changed since it last ran.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from scorebridge.analytics import answers
from scorebridge.analytics.queries import tune_for_analysis
from scorebridge.auth.permissions import Role
from scorebridge.fairness import queries, standard, statistics
from scorebridge.fairness.models import FairnessAlert, FairnessWatch
from scorebridge.kit.db import utcnow
from scorebridge.notifications import service as notifications
from scorebridge.notifications import templates
from scorebridge.notifications.hub import LocalHub
from scorebridge.organisation.models import Position

logger = logging.getLogger(__name__)

ALERT_P = 0.05
ATTRIBUTES = ("gender", "age_band")
KIND = "fairness.flagged"
_WATCH_ROW = 1

templates.TEMPLATES[KIND] = {
    "zh-CN": templates.Text(
        "公平性预警:{position}",
        "{position}按{attribute_zh}分组,{group_zh}的影响比为 {ratio}(低于 0.8,p = {p})。"
        "请在公平性审计页查看。",
    ),
    "en": templates.Text(
        "Fairness alert: {position}",
        "In {position}, by {attribute_en}, the group {group_en} has an impact ratio of {ratio} "
        "(below 0.8, p = {p}). See the fairness audit page.",
    ),
}
_NAMES = {
    "zh-CN": {"gender": "性别", "age_band": "年龄段", "female": "女性", "male": "男性",
              "other": "其他", "under_30": "30 岁以下", "30_39": "30–39 岁",
              "40_49": "40–49 岁", "50_plus": "50 岁及以上"},
    "en": {"gender": "gender", "age_band": "age band", "female": "female", "male": "male",
           "other": "other", "under_30": "under 30", "30_39": "30–39", "40_49": "40–49",
           "50_plus": "50 and over"},
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    position_id: uuid.UUID
    attribute: str
    basis: str
    group: str  # the flagged group with the lowest ratio
    ratio: float
    p: float


async def findings(session: AsyncSession, zone: ZoneInfo) -> list[Finding]:
    """Every position, attribute and basis flagged now (ratio < 0.8 with p < 0.05)."""
    asked: list[tuple[str, str, Any, set[uuid.UUID] | None]] = [
        (attribute, "median", None, None) for attribute in ATTRIBUTES
    ]
    positions = (await session.scalars(select(Position.id))).all()
    with_standard = {p for p in positions if await standard.standard_version(session, p)}
    if with_standard:
        passed = standard.selected_by_standard()
        asked += [(attribute, "standard", passed, with_standard) for attribute in ATTRIBUTES]
    found: list[Finding] = []
    for attribute, basis, passed, only in asked:
        counted = await queries.selection_counts(
            session,
            queries.AuditFilters(),
            attribute=attribute,
            basis=basis,
            zone=zone,
            passed=passed,
        )
        for position_id, counts in counted.items():
            if only is not None and position_id not in only:
                continue
            outcome = statistics.impact(attribute, counts.counts)
            p = outcome["fisher_p"]
            flagged = [g for g in outcome["groups"] if g["flag"]]
            if flagged and p is not None and p < ALERT_P:
                worst = min(flagged, key=lambda g: g["impact_ratio"])
                found.append(
                    Finding(position_id, attribute, basis, worst["key"], worst["impact_ratio"], p)
                )
    return found


async def run(session: AsyncSession, hub: LocalHub, zone: ZoneInfo) -> int | None:
    """Look once; how many alerts were sent (None: nothing changed since the last look)."""
    version = await answers.data_version(session, answers.CONFIRMED)
    state = await session.get(FairnessWatch, _WATCH_ROW)
    if state is not None and state.data_version == version:
        return None
    await tune_for_analysis(session)
    now_flagged = {(f.position_id, f.attribute, f.basis): f for f in await findings(session, zone)}
    known = {
        (a.position_id, a.attribute, a.basis): a
        for a in (await session.scalars(select(FairnessAlert))).all()
    }
    sent = 0
    for key, old in known.items():
        if old.active and key not in now_flagged:
            old.active, old.cleared_at = False, utcnow()
    for key, finding in now_flagged.items():
        alert = known.get(key)
        if alert is not None and alert.active:
            continue
        if alert is None:
            alert = FairnessAlert(
                position_id=finding.position_id,
                attribute=finding.attribute,
                basis=finding.basis,
                times=0,
            )
            session.add(alert)
        alert.active, alert.cleared_at, alert.alerted_at = True, None, utcnow()
        alert.times += 1
        alert.group_key, alert.impact_ratio, alert.p_value = finding.group, finding.ratio, finding.p
        await _tell(session, hub, finding, alert.times)
        sent += 1
    if state is None:
        session.add(FairnessWatch(id=_WATCH_ROW, data_version=version, checked_at=utcnow()))
    else:
        state.data_version, state.checked_at = version, utcnow()
    await session.flush()
    return sent


async def _tell(session: AsyncSession, hub: LocalHub, finding: Finding, times: int) -> None:
    position = await session.get(Position, finding.position_id)
    recipients = await notifications.users_with_roles(session, [Role.admin, Role.auditor])
    params = {
        "position": position.name if position else "",
        "ratio": f"{finding.ratio:.2f}",
        "p": f"{finding.p:.3g}",
        **{f"{k}_{lang[:2]}": _NAMES[lang][v] for lang in _NAMES
           for k, v in (("attribute", finding.attribute), ("group", finding.group))},
    }  # fmt: skip
    link = (
        f"/fairness?position_id={finding.position_id}&attribute={finding.attribute}"
        f"&basis={finding.basis}"
    )
    await notifications.notify(
        session,
        hub,
        recipients,
        KIND,
        params,
        link=link,
        data={"position_id": str(finding.position_id), "attribute": finding.attribute,
              "basis": finding.basis},
        dedupe=f"{KIND}:{finding.position_id}:{finding.attribute}:{finding.basis}:{times}",
    )  # fmt: skip
    logger.info(
        "fairness: position %s flagged by %s (%s basis)",
        finding.position_id,
        finding.attribute,
        finding.basis,
    )

"""Realistic vendor results: the generator shared by ``simulate-vendor`` and ``seed-demo``.

``simulate`` signs and sends results over HTTP as a vendor would, including some updates of
earlier interviews and some repeated ``webhook-id`` s (which ScoreBridge must ignore).
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from scorebridge.intake import signing

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "杰", "涛", "明", "超", "霞", "平",
         "刚", "桂英", "秀兰", "志强", "晓东", "雨萱", "子涵", "浩然", "思远", "嘉怡"]  # fmt: skip
DIMENSIONS = [
    ("communication", "沟通能力"),
    ("logic", "逻辑思维"),
    ("expertise", "专业知识"),
    ("resilience", "抗压能力"),
    ("teamwork", "团队协作"),
    ("risk-awareness", "风险意识"),
]
DIMENSION_COMMENTS = {
    "communication": ["表达清晰,善于倾听", "回答条理分明", "表达略显紧张"],
    "logic": ["分析问题层次清楚", "推理严谨", "结构化思考有待加强"],
    "expertise": ["专业基础扎实", "对产品知识掌握较好", "行业知识面较窄"],
    "resilience": ["面对追问沉着冷静", "压力情境下应对得当", "情绪管理有提升空间"],
    "teamwork": ["重视团队目标", "乐于分享经验", "独立性强,协作意识一般"],
    "risk-awareness": ["合规意识强", "能识别主要风险点", "对风险控制流程了解不足"],
}
COMMENTS = [
    "候选人对行业趋势的理解深刻,适合销售岗位",
    "综合素质良好,沟通顺畅,建议进入下一轮",
    "专业能力突出,但团队协作经验略有欠缺",
    "逻辑清晰,学习能力强,具备较大培养潜力",
    "风险意识较强,适合风控相关岗位",
    "表达自信,客户导向明显,抗压能力较好",
]
SUGGESTIONS = [
    "建议加强数据统计能力的学习",
    "建议多参与跨部门项目,提升协作能力",
    "建议系统学习金融产品知识",
    "建议提升结构化表达能力",
    "建议加强合规与风险管理培训",
]
ORGANISATION = [  # (department code, name), (position code, name), (batch code, name)
    (("sales", "销售部"), ("sales-rep", "销售代表"), ("2026-spring", "2026 春招")),
    (("sales-east", "华东销售部"), ("key-account", "大客户经理"), ("2026-spring", "2026 春招")),
    (("tech", "技术部"), ("backend-engineer", "后端工程师"), ("2026-autumn", "2026 秋招")),
    (("risk", "风控合规部"), ("risk-analyst", "风控专员"), ("2026-risk-q3", "2026 Q3 风控社招")),
]
RECOMMENDATIONS = ["strong_hire", "hire", "hire", "hold", "no_hire"]


@dataclass
class ResultGenerator:
    """Deterministic for a given seed, so ``seed-demo`` makes the same results every time."""

    seed: int | None = None
    start: datetime = field(default_factory=lambda: datetime(2026, 3, 1, 1, 30, tzinfo=UTC))
    rng: random.Random = field(init=False)
    counter: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311 - not for security

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def candidate(self) -> dict[str, Any]:
        self.counter += 1
        number = self.rng.randint(10_000, 99_999)
        return {
            "external_id": f"cand-{number}-{self.counter}",
            "name": self.name(),
            "email": f"candidate{number}.{self.counter}@mail.example",
            "phone": f"139{self.rng.randint(10_000_000, 99_999_999)}",
        }

    def result(
        self,
        *,
        interview_id: str | None = None,
        candidate: dict[str, Any] | None = None,
        organisation: int | None = None,
        interviewers: list[str] | None = None,
        interviewed_at: datetime | None = None,
    ) -> dict[str, Any]:
        """A standard ``data`` object."""
        rng = self.rng
        department, position, batch = ORGANISATION[
            organisation if organisation is not None else rng.randrange(len(ORGANISATION))
        ]
        interviewed = interviewed_at or self.start + timedelta(
            days=rng.randrange(0, 240), hours=rng.randrange(0, 9)
        )
        dims = rng.sample(DIMENSIONS, rng.randint(3, 6))
        level = rng.gauss(76, 9)
        scores = [round(min(100.0, max(35.0, rng.gauss(level, 7))), 1) for _ in dims]
        dimensions: list[dict[str, Any]] = [
            {
                "code": code,
                "name": name,
                "score": score,
                "max_score": 100,
                "comment": rng.choice(DIMENSION_COMMENTS[code]),
            }
            for (code, name), score in zip(dims, scores, strict=True)
        ]
        mean = sum(scores) / len(scores)
        return {
            "interview_id": interview_id or f"iv-{uuid.UUID(int=rng.getrandbits(128)).hex[:12]}",
            "candidate": candidate or self.candidate(),
            "position": {"code": position[0], "name": position[1]},
            "department": {"code": department[0], "name": department[1]},
            "batch": {"code": batch[0], "name": batch[1]},
            "interviewers": [{"email": e} for e in (interviewers or [])],
            "interviewed_at": _iso(interviewed),
            "total_score": round(min(100.0, max(0.0, mean + rng.uniform(-4, 4))), 1),
            "max_score": 100,
            "dimensions": dimensions,
            "comment": rng.choice(COMMENTS),
            "suggestions": rng.sample(SUGGESTIONS, rng.randint(1, 2)),
            "recommendation": rng.choice(RECOMMENDATIONS),
            "updated_at": _iso(interviewed + timedelta(minutes=30)),
        }

    def update(self, data: dict[str, Any], *, minutes_later: int = 60) -> dict[str, Any]:
        """The same interview re-scored later (a vendor correction)."""
        updated: dict[str, Any] = json.loads(json.dumps(data))
        delta = self.rng.choice([-3.0, -1.5, 1.5, 3.0])
        updated["total_score"] = round(min(100.0, max(0.0, data["total_score"] + delta)), 1)
        for dim in updated["dimensions"]:
            dim["score"] = round(min(100.0, max(0.0, dim["score"] + delta)), 1)
        then = datetime.fromisoformat(data["updated_at"])
        updated["updated_at"] = _iso(then + timedelta(minutes=minutes_later))
        return updated


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def envelope(data: dict[str, Any], *, update: bool = False) -> dict[str, Any]:
    kind = "interview.result.updated" if update else "interview.result.completed"
    return {"type": kind, "data": data}


def signed_headers(
    secret: str, webhook_id: str, body: bytes, *, sent_at: float | None = None
) -> dict[str, str]:
    """Standard Webhooks headers for a ``whsec_`` secret (stamped ``sent_at``, default now),
    else ``X-Signature: sha256=<hex>``."""
    if secret.startswith(signing.SECRET_PREFIX):
        timestamp = int(time.time() if sent_at is None else sent_at)
        return {
            "content-type": "application/json",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signing.sign_standard(secret, webhook_id, timestamp, body),
        }
    return {
        "content-type": "application/json",
        "webhook-id": webhook_id,
        "X-Signature": signing.sign_hmac(secret, body),
    }


async def simulate(
    url: str,
    vendor: str,
    secret: str,
    *,
    count: int = 20,
    rate: float = 5.0,
    seed: int | None = None,
    quiet: bool = False,
) -> dict[str, int]:
    """Send ``count`` signed messages at about ``rate`` per second; returns status counts."""
    generator = ResultGenerator(seed=seed, start=datetime.now(UTC) - timedelta(days=30))
    endpoint = url.rstrip("/") + f"/api/v1/webhooks/{vendor}"
    sent: list[tuple[str, bytes, dict[str, Any]]] = []  # webhook id, body, data
    outcome: dict[str, int] = {}
    interval = 1.0 / rate if rate > 0 else 0.0
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client:
        for i in range(count):
            roll = generator.rng.random()
            if sent and roll < 0.1:
                webhook_id, body, _ = generator.rng.choice(sent)  # a retry of the same message
                kind = "repeat"
            elif sent and roll < 0.25:
                _, _, previous = generator.rng.choice(sent)
                data = generator.update(previous)
                webhook_id, body, kind = f"msg_{uuid.uuid4().hex}", b"", "update"
                body = json.dumps(envelope(data, update=True), ensure_ascii=False).encode()
                sent.append((webhook_id, body, data))
            else:
                data = generator.result()
                webhook_id, kind = f"msg_{uuid.uuid4().hex}", "new"
                body = json.dumps(envelope(data), ensure_ascii=False).encode()
                sent.append((webhook_id, body, data))
            try:
                response = await client.post(
                    endpoint, content=body, headers=signed_headers(secret, webhook_id, body)
                )
                status = str(response.status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            outcome[status] = outcome.get(status, 0) + 1
            if not quiet:
                print(f"{i + 1:>5} {kind:<6} {webhook_id} → {status}", flush=True)
            if interval:
                await asyncio.sleep(interval)
    if not quiet:
        print("summary:", ", ".join(f"{k}: {v}" for k, v in sorted(outcome.items())))
    return outcome

"""The readable copy of ``/me/data``: one self-contained HTML page (zh-CN or English).

Every value is HTML-escaped (names, comments and messages come from vendors and people), and
the page forbids scripts and remote loads by its own Content-Security-Policy.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from scorebridge.privacy.schemas import MyData

LABELS = {
    "zh-CN": {
        "title": "我的数据",
        "generated": "生成时间",
        "account": "账号",
        "person": "个人信息",
        "results": "面试结果(已发布)",
        "revision": "版本",
        "total": "总分",
        "dimensions": "维度",
        "comment": "评语",
        "feedback": "我的疑问",
        "talent": "绩效与培训",
        "notifications": "通知",
        "identities": "登录身份",
        "acks": "隐私告知确认",
        "requests": "个人信息请求",
        "log": "谁查看了我的成绩",
        "none": "无",
        "json": "完整数据见同时下载的 JSON 文件。",
    },
    "en": {
        "title": "My data",
        "generated": "Generated",
        "account": "Account",
        "person": "Personal information",
        "results": "Interview results (published)",
        "revision": "Revision",
        "total": "Total",
        "dimensions": "Dimensions",
        "comment": "Comment",
        "feedback": "My questions",
        "talent": "Performance and training",
        "notifications": "Notifications",
        "identities": "Sign-in identities",
        "acks": "Privacy notice acknowledgements",
        "requests": "Privacy requests",
        "log": "Who viewed my scores",
        "none": "None",
        "json": "The JSON download holds the complete data.",
    },
}


def _when(value: Any, zone: ZoneInfo) -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(str(value)) if not isinstance(value, datetime) else value
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _table(rows: list[dict[str, Any]], columns: list[str], empty: str, zone: ZoneInfo) -> str:
    if not rows:
        return f"<p>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(c, r.get(c), zone))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(column: str, value: Any, zone: ZoneInfo) -> str:
    if isinstance(value, str) and value and (column == "at" or column.endswith("_at")):
        try:
            return _when(value, zone)
        except ValueError:
            return value
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def html_page(data: MyData, locale: str, zone_name: str) -> str:
    t = LABELS["en" if locale.startswith("en") else "zh-CN"]
    zone = ZoneInfo(zone_name)
    parts = [f"<h1>{escape(t['title'])}</h1>"]
    parts.append(
        f"<p>{escape(t['generated'])}: {escape(_when(data.generated_at, zone))}"
        f" ({escape(zone_name)}) · {escape(t['json'])}</p>"
    )
    parts.append(f"<h2>{escape(t['account'])}</h2>")
    parts.append(
        _table([data.account], ["name", "email", "roles", "locale", "timezone"], t["none"], zone)
    )
    parts.append(f"<h2>{escape(t['person'])}</h2>")
    parts.append(
        _table(
            [data.person] if data.person else [],
            ["name", "employee_no", "email", "phone", "department", "hired_on", "left_on"],
            t["none"],
            zone,
        )
    )
    parts.append(f"<h2>{escape(t['results'])}</h2>")
    if not data.results:
        parts.append(f"<p>{escape(t['none'])}</p>")
    for result in data.results:
        current = result.get("current") or {}
        position = (current.get("position") or {}).get("name") or ""
        parts.append(
            f"<h3>{escape(position)} {escape(_when(current.get('interviewed_at'), zone))}</h3>"
        )
        rows = [
            {
                t["revision"]: r["revision"],
                "at": _when(r["created_at"], zone),
                t["total"]: f"{r['total_score']} / {r['max_score']}",
                t["dimensions"]: [
                    f"{d['name']} {d['score']}/{d['max_score']}" for d in r["dimensions"]
                ],
                t["comment"]: r.get("comment"),
            }
            for r in result["revisions"]
        ]
        parts.append(
            _table(
                rows,
                [t["revision"], "at", t["total"], t["dimensions"], t["comment"]],
                t["none"],
                zone,
            )
        )
    sections: list[tuple[str, list[dict[str, Any]], list[str]]] = [
        (
            "feedback",
            data.feedback,
            ["status", "message", "created_at", "resolution", "resolution_note"],
        ),
        (
            "talent",
            data.talent.get("performance", []) + data.talent.get("training", []),
            ["period", "metric", "value", "course", "completed_on", "score"],
        ),
        (
            "requests",
            data.privacy_requests,
            ["kind", "status", "message", "created_at", "due_at", "note"],
        ),
        ("acks", data.acknowledgements, ["version", "at"]),
        ("identities", data.identities, ["provider", "subject"]),
        (
            "log",
            [
                {
                    "at": _when(e["at"], zone),
                    "viewer": e["viewer"]["name"],
                    "roles": e["viewer"]["roles"],
                    "action": e["action"],
                    "what": e["what"].get("label"),
                }
                for e in data.access_log
            ],
            ["at", "viewer", "roles", "action", "what"],
        ),
        ("notifications", data.notifications, ["title", "body", "created_at"]),
    ]
    for key, rows, columns in sections:
        parts.append(f"<h2>{escape(t[key])}</h2>")
        parts.append(_table(rows, columns, t["none"], zone))
    lang = "en" if locale.startswith("en") else "zh-CN"
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t['title'])}</title><style>"
        "body{font-family:system-ui,sans-serif;margin:16px;line-height:1.5}"
        "table{border-collapse:collapse;width:100%;margin-bottom:12px}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
        "</style></head><body>" + "".join(parts) + "</body></html>"
    )

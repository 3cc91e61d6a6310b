"""Notification texts in zh-CN and English, chosen by the recipient's ``locale``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Text:
    title: str
    body: str


TEMPLATES: dict[str, dict[str, Text]] = {
    "result.published": {
        "zh-CN": Text("您的面试结果已发布", "{position}面试结果已发布,总分 {total}。"),
        "en": Text(
            "Your interview result is published",
            "Your {position} interview result is published: total {total}.",
        ),
    },
    "feedback.replied": {
        "zh-CN": Text("人事回复了您的疑问", "{excerpt}"),
        "en": Text("HR replied to your question", "{excerpt}"),
    },
    "feedback.resolved": {
        "zh-CN": Text("您的疑问已处理", "处理结果:{resolution}。{change}{note}"),
        "en": Text("Your question has been resolved", "Outcome: {resolution}. {change}{note}"),
    },
    "feedback.created": {
        "zh-CN": Text("员工提出了新的疑问", "{person}对{position}面试结果提出疑问:{excerpt}"),
        "en": Text(
            "New question from an employee",
            "{person} asked about a {position} interview result: {excerpt}",
        ),
    },
    "feedback.followed_up": {
        "zh-CN": Text("员工回复了疑问", "{person}({position}面试):{excerpt}"),
        "en": Text("An employee replied", "{person} ({position} interview): {excerpt}"),
    },
    "feedback.due_soon": {
        "zh-CN": Text(
            "员工疑问即将超时",
            "{person}对{position}面试结果的疑问将在 {hours} 小时内到期,尚未回复。",
        ),
        "en": Text(
            "Employee feedback is due soon",
            "{person}'s question about a {position} interview is due within {hours} h.",
        ),
    },
    "feedback.overdue": {
        "zh-CN": Text(
            "员工疑问已超时", "{person}对{position}面试结果的疑问已超过 {hours} 小时未回复。"
        ),
        "en": Text(
            "Employee feedback is overdue",
            "{person}'s question about a {position} interview has waited over {hours} h.",
        ),
    },
    "feedback.escalated": {
        "zh-CN": Text(
            "员工疑问超时升级", "{person}对{position}面试结果的疑问已超过 {hours} 小时未回复。"
        ),
        "en": Text(
            "Employee feedback escalated",
            "{person}'s question about a {position} interview has waited over {hours} h.",
        ),
    },
}

# How an adjustment reads inside the resolution notice (one notice, not two).
CHANGES = {
    "zh-CN": "{position}面试成绩已由 {before} 调整为 {after}。",
    "en": "Your {position} interview score was adjusted from {before} to {after}. ",
}

RESOLUTIONS = {
    "zh-CN": {"upheld": "维持原成绩", "adjusted": "成绩已调整", "rejected": "驳回"},
    "en": {"upheld": "score upheld", "adjusted": "score adjusted", "rejected": "rejected"},
}
UNKNOWN_POSITION = {"zh-CN": "", "en": "an"}


def language(locale: str | None) -> str:
    return "en" if (locale or "").lower().startswith("en") else "zh-CN"


def render(kind: str, locale: str | None, params: dict[str, Any]) -> Text:
    lang = language(locale)
    text = TEMPLATES[kind][lang]
    values = dict(params)
    if not values.get("position"):
        values["position"] = UNKNOWN_POSITION[lang]
    if "resolution" in values:
        values["resolution"] = RESOLUTIONS[lang].get(values["resolution"], values["resolution"])
    values.setdefault("note", "")
    values["change"] = CHANGES[lang].format(**values) if "after" in values else ""
    return Text(
        title=text.title.format(**values),
        body=text.body.format(**values).strip().replace("  ", " "),
    )

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
    "result.adjusted": {
        "zh-CN": Text("您的成绩已调整", "{position}面试成绩已由 {before} 调整为 {after}。"),
        "en": Text(
            "Your score has been adjusted",
            "Your {position} interview score was adjusted from {before} to {after}.",
        ),
    },
    "feedback.replied": {
        "zh-CN": Text("人事回复了您的疑问", "{excerpt}"),
        "en": Text("HR replied to your question", "{excerpt}"),
    },
    "feedback.resolved": {
        "zh-CN": Text("您的疑问已处理", "处理结果:{resolution}。{note}"),
        "en": Text("Your question has been resolved", "Outcome: {resolution}. {note}"),
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
    return Text(
        title=text.title.format(**values),
        body=text.body.format(**values).strip().replace("  ", " "),
    )

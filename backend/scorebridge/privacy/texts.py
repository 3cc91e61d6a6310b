"""Texts of the privacy domain: the built-in processing notice and the notification templates
(zh-CN and English, chosen by the recipient's language)."""

from __future__ import annotations

from scorebridge.notifications import templates
from scorebridge.notifications.templates import Text

# The notice a fresh install shows until an admin publishes a version of their own. It is a
# real notice: employees with a linked person acknowledge it at their first sign-in.
DEFAULT_VERSION = "2026-11-default"

DEFAULT_BODY_ZH = (
    "\n".join(
        [
            "个人信息处理告知",
            "1. 我们处理哪些信息:您的姓名、工号、邮箱、手机号、所属部门;AI 面试供应商"
            "发来的面试结果(总分、各维度得分、评语、建议、推荐结论、面试时间和岗位);您提出"
            "的疑问、个人信息请求以及发给您的通知。",
            "2. 信息来自哪里:公司接入的 AI 面试供应商(名单见本页下方),以及 HR "
            "录入或导入的人事信息。",
            "3. 用于什么目的:招聘与人才发展决策、培训建议、以及匿名的统计分析(例如面试分"
            "数与后续绩效的关系)。",
            "4. 人工复核:每一条 AI 面试结果在用于任何决定之前,都由 HR 人工复核确"
            "认;未经确认的结果不会发布给您,也不会作为决定依据。您有权拒绝仅由自动化方式作出"
            "的决定。",
            "5. 保存多久:供应商原始报文、通知、审计日志和未入职候选人的信息按本页下方的保"
            "存期限删除或匿名化;审计日志至少保存 180 天。",
            "6. 谁能看到:HR、系统管理员、您所在部门的负责人、列出的面试官,以及公司授权"
            "的集成系统。每一次查看您的成绩都会被记录,您可以在“谁查看了我的成绩”中看到。",
            "7. 您的权利:查阅和复制您的信息(下载我的数据)、请求更正、请求删除、请求解释"
            " AI 评分是如何得出和使用的、反对自动化处理。请在“我的隐私”页面提交请求,H"
            "R 将在规定期限内答复。",
        ]
    )
    + "\n"
)

DEFAULT_BODY_EN = (
    "\n".join(
        [
            "Notice on the processing of personal information",
            "1. What we process: your name, employee number, email, phone and department; the "
            "interview results AI-interview vendors send us (total, dimension scores, comments, "
            "suggestions, recommendation, interview time and position); your questions, privacy "
            "requests and the notifications sent to you.",
            "2. Where it comes from: the AI-interview vendors your company has connected (listed "
            "below this notice) and the HR records HR enters or imports.",
            "3. What for: hiring and talent-development decisions, training suggestions, and "
            "anonymous statistics (for example whether interview scores predict later "
            "performance).",
            "4. Human review: an HR person reviews and confirms every AI interview result before it"
            " is used for anything; an unconfirmed result is neither published to you nor used for "
            "a decision. You may refuse decisions made solely by automated means.",
            "5. How long: raw vendor messages, notifications, audit logs and the data of candidates"
            " who were never hired are deleted or anonymised after the periods shown below; audit "
            "logs are kept at least 180 days.",
            "6. Who can see it: HR, administrators, the head of your department, the interviewers "
            "listed on an interview, and integrations your company has authorised. Every read of "
            'your scores is logged, and you can see it under "Who viewed my scores".',
            "7. Your rights: to see and copy your data (Download my data), to ask for a correction,"
            " for deletion, for an explanation of how an AI score was made and used, and to object "
            'to automated processing. File a request on the "My privacy" page; HR answers within '
            "the stated period.",
        ]
    )
    + "\n"
)

KINDS = {
    "zh-CN": {
        "correction": "更正",
        "deletion": "删除",
        "explanation": "解释",
        "objection": "反对自动化处理",
    },
    "en": {
        "correction": "correction",
        "deletion": "deletion",
        "explanation": "explanation",
        "objection": "objection",
    },
}
RESOLUTIONS = {
    "zh-CN": {"done": "已处理", "declined": "已拒绝"},
    "en": {"done": "done", "declined": "declined"},
}

TEMPLATES: dict[str, dict[str, Text]] = {
    "privacy.request_created": {
        "zh-CN": Text("新的个人信息请求", "{person}提交了{kind}请求,请在 {due} 前处理。"),
        "en": Text("New privacy request", "{person} filed a {kind} request; answer it by {due}."),
    },
    "privacy.request_resolved": {
        "zh-CN": Text("您的个人信息请求已处理", "{kind}请求:{resolution}。{note}"),
        "en": Text(
            "Your privacy request was answered", "Your {kind} request: {resolution}. {note}"
        ),
    },
    "privacy.request_overdue": {
        "zh-CN": Text("个人信息请求已超期", "{person}的{kind}请求已超过答复期限({due})。"),
        "en": Text(
            "Privacy request overdue", "{person}'s {kind} request is past its due date ({due})."
        ),
    },
}


def register() -> None:
    """Add the privacy notification texts to the notifications' templates (idempotent)."""
    templates.TEMPLATES.update(TEMPLATES)


def kind_label(kind: str, locale: str | None) -> str:
    return KINDS[templates.language(locale)].get(kind, kind)


def resolution_label(resolution: str, locale: str | None) -> str:
    return RESOLUTIONS[templates.language(locale)].get(resolution, resolution)


register()

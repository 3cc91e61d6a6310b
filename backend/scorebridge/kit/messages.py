"""The one catalogue of messages a user reads from the server, in Chinese and English.

A message is a stable ``code`` (what the SPA and API clients key on) and its parameters; the
text is chosen at the moment it is shown, in the reader's language: the request's
``Accept-Language`` (``zh-CN`` or ``en``), else the signed-in user's own language, else
Chinese. Server text that has no code yet is looked up by its English wording, gettext-style,
so a known sentence is still translated wherever it was raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from starlette.requests import HTTPConnection

Language = Literal["zh-CN", "en"]
DEFAULT: Language = "zh-CN"

# code → (Chinese, English). Parameters in braces.
CATALOGUE: dict[str, tuple[str, str]] = {
    # problem titles, by problem type
    "bad-request": ("请求有误", "Bad request"),
    "unauthorized": ("未登录或凭据无效", "Not authenticated"),
    "forbidden": ("无权执行此操作", "Forbidden"),
    "not-found": ("未找到", "Not found"),
    "method-not-allowed": ("不支持此请求方法", "Method not allowed"),
    "conflict": ("冲突", "Conflict"),
    "payload-too-large": ("请求内容过大", "Payload too large"),
    "unsupported-media-type": ("不支持的内容类型", "Unsupported media type"),
    "validation-error": ("输入有误", "Invalid input"),
    "too-many-requests": ("请求过于频繁", "Too many requests"),
    "service-unavailable": ("服务暂不可用", "Service unavailable"),
    "internal-error": ("服务器内部错误", "Internal server error"),
    "http-error": ("请求失败", "HTTP error"),
    "invalid-grant": ("登录信息无效", "Invalid grant"),
    "csrf-header-required": ("缺少防跨站请求头", "CSRF header required"),
    "notice-required": ("请先确认隐私声明", "Privacy notice not acknowledged"),
    "not-erasable": ("无法删除此人员", "This person cannot be erased"),
    # generic problem details
    "no-resource": ("{path} 处没有资源", "No resource at {path}"),
    "method-refused": (
        "{path} 不支持 {method},可用:{allowed}",
        "{method} is not allowed on {path}; use {allowed}",
    ),
    "internal-error.detail": (
        "服务器出了问题,已记录。",
        "Something went wrong on our side; it has been logged.",
    ),
    "invalid-fields": ("以下字段有误:{fields}", "Invalid value for {fields}"),
    # request validation (keys are pydantic's error types, plus our own)
    "missing": ("必填", "is required"),
    "nul-character": ("不能包含空字符 (NUL)", "must not contain a NUL character"),
    "not-utf8": ("请求内容不是 UTF-8 文本", "is not UTF-8 text"),
    "json_invalid": ("不是有效的 JSON", "is not valid JSON"),
    "unreadable-body": ("无法解析(格式不正确)", "could not be read (malformed)"),
    "string_type": ("必须是文本", "must be text"),
    "string_too_short": ("至少 {min_length} 个字符", "must have at least {min_length} characters"),
    "string_too_long": ("最多 {max_length} 个字符", "must have at most {max_length} characters"),
    "string_pattern_mismatch": ("格式不正确", "has the wrong format"),
    "int_type": ("必须是整数", "must be a whole number"),
    "int_parsing": ("必须是整数", "must be a whole number"),
    "int_from_float": ("必须是整数", "must be a whole number"),
    "int_parsing_size": ("数值过大", "is too large a number"),
    "float_type": ("必须是数字", "must be a number"),
    "float_parsing": ("必须是数字", "must be a number"),
    "finite_number": ("必须是有限的数字", "must be a finite number"),
    "decimal_parsing": ("必须是数字", "must be a number"),
    "bool_type": ("必须是 true 或 false", "must be true or false"),
    "bool_parsing": ("必须是 true 或 false", "must be true or false"),
    "greater_than": ("必须大于 {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("必须不小于 {ge}", "must be at least {ge}"),
    "less_than": ("必须小于 {lt}", "must be less than {lt}"),
    "less_than_equal": ("必须不大于 {le}", "must be at most {le}"),
    "multiple_of": ("必须是 {multiple_of} 的倍数", "must be a multiple of {multiple_of}"),
    "too_short": ("至少需要 {min_length} 项", "must have at least {min_length} items"),
    "too_long": ("最多 {max_length} 项", "must have at most {max_length} items"),
    "list_type": ("必须是列表", "must be a list"),
    "set_type": ("必须是列表", "must be a list"),
    "dict_type": ("必须是对象", "must be an object"),
    "model_type": ("必须是对象", "must be an object"),
    "model_attributes_type": ("必须是对象", "must be an object"),
    "extra_forbidden": ("不是可接受的字段", "is not an accepted field"),
    "enum": ("必须是以下之一:{expected}", "must be one of {expected}"),
    "literal_error": ("必须是以下之一:{expected}", "must be one of {expected}"),
    "uuid_type": ("必须是 UUID", "must be a UUID"),
    "uuid_parsing": ("必须是 UUID", "must be a UUID"),
    "uuid_version": ("必须是 UUID", "must be a UUID"),
    "date_type": ("必须是 ISO 8601 日期,如 2026-03-01", "must be an ISO 8601 date like 2026-03-01"),
    "date_parsing": (
        "必须是 ISO 8601 日期,如 2026-03-01",
        "must be an ISO 8601 date like 2026-03-01",
    ),
    "date_from_datetime_parsing": (
        "必须是 ISO 8601 日期,如 2026-03-01",
        "must be an ISO 8601 date like 2026-03-01",
    ),
    "date_from_datetime_inexact": (
        "必须是日期,不带时间",
        "must be a date without a time of day",
    ),
    "datetime_type": (
        "必须是 ISO 8601 时间,如 2026-03-01T09:30:00Z",
        "must be an ISO 8601 time like 2026-03-01T09:30:00Z",
    ),
    "datetime_parsing": (
        "必须是 ISO 8601 时间,如 2026-03-01T09:30:00Z",
        "must be an ISO 8601 time like 2026-03-01T09:30:00Z",
    ),
    "datetime_from_date_parsing": (
        "必须是 ISO 8601 时间,如 2026-03-01T09:30:00Z",
        "must be an ISO 8601 time like 2026-03-01T09:30:00Z",
    ),
    "datetime_object_invalid": ("不是有效的时间", "is not a valid time"),
    "timezone_aware": ("必须带时区", "must include a time zone"),
    "url_parsing": ("必须是网址", "must be a URL"),
    "url_type": ("必须是网址", "must be a URL"),
    "url_scheme": ("网址协议不被接受", "uses a URL scheme that is not accepted"),
    "url_too_long": ("网址过长", "is too long a URL"),
    "value_error": ("值无效", "has an invalid value"),
    "invalid-value": ("值无效", "has an invalid value"),
    "may-not-be-null": ("不能为 null", "may not be null"),
    "before-hiring": ("早于入职日期", "is before the hiring date"),
    "not-a-number-date": (
        "必须是 ISO 8601 文本,不能是数字",
        "must be ISO 8601 text, not a number",
    ),
    # imports
    "import.required": ("必填", "is required"),
    "import.not-a-number": ("{value} 不是数字", "{value} is not a number"),
    "import.too-long": ("超过 {limit} 个字符", "is longer than {limit} characters"),
    "import.not-an-email": ("{value} 不是邮箱地址", "{value} is not an email address"),
    "import.before-hiring": ("早于入职日期", "is before the hiring date"),
    "import.max-not-positive": ("必须大于 0", "must be greater than 0"),
    "import.out-of-range": ("必须在 0 到 {max} 之间", "must be between 0 and {max}"),
    "import.code-too-long": (
        "维度代码超过 64 个字符",
        "dimension code is longer than 64 characters",
    ),
    "import.no-person": (
        "没有工号为 {employee_no} 的人员;请先导入人员",
        "No person with employee number {employee_no}; import people first",
    ),
    "import.no-header": (
        "第 1 行没有可识别的表头({kind} 导入);应有如下列:{expected}",
        "No recognisable header in row 1 for a {kind} import; expected columns such as {expected}",
    ),
    "import.missing-columns": (
        "表头缺少必需的列:{columns}",
        "The header lacks required column(s) {columns}",
    ),
    "import.must-be-number": ("必须是数字", "must be a number"),
    "import.not-finite": ("必须是有限的数字", "must be a finite number"),
    "import.not-a-valid-date": ("{value} 不是有效日期", "{value} is not a valid date"),
    "import.not-a-date": (
        "{value} 不是日期;请写成 2026-11-20、2026/11/20 9:30 或 2026年11月20日",
        "{value} is not a date; use e.g. 2026-11-20, 2026/11/20 9:30 or 2026年11月20日",
    ),
    "import.not-a-gender": (
        "{value} 不是性别;请填 female/male/other 或 女/男/其他",
        "{value} is not a gender; use female/male/other or 女/男/其他",
    ),
    "import.not-a-year": ("必须是年份,如 1990", "must be a year such as 1990"),
    "import.failure.file_missing": (
        "导入中途中断,且上传的文件已不在服务器上,无法继续。请重新上传该文件(已写入的行不会重复)",
        "The import was interrupted and its uploaded file is no longer on the server, so it "
        "cannot go on. Upload the file again (rows already written are not duplicated)",
    ),
    "import.failure.file_refused": (
        "文件超出限制或已损坏,导入已停止",
        "The file breaks a limit or is damaged; the import stopped",
    ),
    "import.failure.gave_up": ("导入多次重试后仍然失败", "The import failed after several tries"),
    # sentences raised across the domains (looked up by their English wording)
    "auth.bearer-needed": (
        "请以 'Authorization: Bearer <token>' 发送访问令牌",
        "Send an access token as 'Authorization: Bearer <token>'",
    ),
    "auth.token-invalid": ("访问令牌无效或已过期", "The access token is invalid or expired"),
    "auth.account-gone": ("此账号已停用或不存在", "This account is disabled or no longer exists"),
    "auth.sign-in-ended": ("此次登录已结束,请重新登录", "This sign-in has ended; sign in again"),
    "auth.credentials": ("缺少或无效的凭据", "Missing or invalid credentials"),
}

# English wording → code, for text raised without a code.
_BY_ENGLISH = {en: code for code, (_, en) in CATALOGUE.items() if "{" not in en}


@dataclass(frozen=True)
class Message:
    """A translatable message: a catalogue code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str) -> str:
        return render(self.code, language, **self.params)


def render(code: str, language: str, **params: Any) -> str:
    zh, en = CATALOGUE[code]
    template = en if language == "en" else zh
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def has(code: str) -> bool:
    return code in CATALOGUE


def code_of(english: str) -> str | None:
    """The code of a known English sentence (gettext-style lookup)."""
    return _BY_ENGLISH.get(english)


def translate(english: str, language: str) -> str:
    """``english`` in ``language`` when the catalogue knows the sentence, else unchanged."""
    code = code_of(english)
    return render(code, language) if code else english


def from_header(header: str | None) -> Language | None:
    """The first supported language in an ``Accept-Language`` header, by preference."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("en"):
            return "en"
        if tag.startswith("zh"):
            return "zh-CN"
    return None


def language_of(connection: HTTPConnection) -> Language:
    """The reader's language: ``Accept-Language`` if it names one we speak, else the signed-in
    user's (remembered on the request by the authenticator), else Chinese."""
    chosen = from_header(connection.headers.get("accept-language"))
    if chosen:
        return chosen
    own = getattr(connection.state, "locale", None)
    return "en" if own == "en" else DEFAULT


async def _reader_language(request: Request) -> Language:
    return language_of(request)


# The reader's language as an endpoint parameter (declare it after the caller, so the signed-in
# user's own language is known).
ReaderLanguage = Annotated[str, Depends(_reader_language)]

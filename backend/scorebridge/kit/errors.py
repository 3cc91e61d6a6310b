"""One error family, rendered as RFC 9457 ``application/problem+json``.

Domain code raises an :class:`AppError` subclass; handlers here turn it — and Starlette's own
404/405, request validation errors and unexpected exceptions — into a problem document.
A 500 never carries a stack trace.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from scorebridge.kit import messages
from scorebridge.kit.messages import Message, language_of, render, translate
from scorebridge.observability.context import HEADER
from scorebridge.observability.middleware import request_id_of

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://scorebridge.dev/problems/"


class AppError(Exception):
    status = 400
    slug = "bad-request"
    title = "Bad request"

    def __init__(
        self,
        detail: str | Message,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        self.message = detail if isinstance(detail, Message) else None
        self.detail = detail.text("en") if isinstance(detail, Message) else detail
        super().__init__(self.detail)
        self.headers = headers
        self.extra = extra

    @property
    def code(self) -> str:
        """The stable machine code of this problem (catalogue key, else the problem type)."""
        if self.message:
            return self.message.code
        return messages.code_of(self.detail) or self.slug

    def detail_in(self, language: str) -> str:
        return self.message.text(language) if self.message else translate(self.detail, language)


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    status = 401
    slug = "unauthorized"
    title = "Not authenticated"

    def __init__(self, detail: str = "Missing or invalid credentials", **extra: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extra)


class Forbidden(AppError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class NotFound(AppError):
    status = 404
    slug = "not-found"
    title = "Not found"


class Conflict(AppError):
    status = 409
    slug = "conflict"
    title = "Conflict"


class PayloadTooLarge(AppError):
    status = 413
    slug = "payload-too-large"
    title = "Payload too large"


class InvalidInput(AppError):
    """A 422 for a value that passed the schema but is wrong (names the field in ``errors``)."""

    status = 422
    slug = "validation-error"
    title = "Invalid input"

    def __init__(self, loc: list[str | int], msg: str | Message) -> None:
        super().__init__(msg)
        self.loc = loc

    def detail_in(self, language: str) -> str:
        return field_message(self.loc, super().detail_in(language), language)

    def errors_in(self, language: str) -> list[dict[str, Any]]:
        msg = super().detail_in(language)
        return [{"loc": self.loc, "msg": msg, "type": self.code, "code": self.code}]


class TooManyRequests(AppError):
    status = 429
    slug = "too-many-requests"
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int, **extra: Any) -> None:
        super().__init__(
            detail, headers={"Retry-After": str(retry_after)}, retry_after=retry_after, **extra
        )


class ServiceUnavailable(AppError):
    status = 503
    slug = "service-unavailable"
    title = "Service unavailable"


class ValidationErrorItem(BaseModel):
    loc: list[str | int] = Field(description="Where: `body`/`query`/`path`, then the field")
    msg: str = Field(description="What is wrong, in the reader's language")
    type: str | None = Field(default=None, description="The same as `code`")
    code: str | None = Field(default=None, description="Stable machine code of the message")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(
        description="Stable machine code (see README, 'Contract'): the SPA and clients key "
        "their own texts on it; `title` and `detail` come in the reader's language"
    )
    instance: str | None = None
    errors: list[ValidationErrorItem] | None = None
    attempts_left: int | None = None
    retry_after: int | None = None


def problem_response(
    status: int,
    slug: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    code: str | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code or slug,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


_HTTP_SLUGS = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Not authenticated"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("payload-too-large", "Payload too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
}


def _loc(loc: tuple[Any, ...]) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in loc]


_WHERE = {"body", "query", "path", "header", "cookie", "form"}


def field_name(loc: list[str | int]) -> str:
    """``["body", "scopes", 1]`` → ``scopes[1]``; the bare location when there is no field."""
    parts = loc[1:] if len(loc) > 1 and loc[0] in _WHERE else loc
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def field_message(loc: list[str | int], msg: str, language: str) -> str:
    name = field_name(loc)
    return f"{name}:{msg}" if language != "en" else f"{name} {msg}"


def _validation_item(err: Any, language: str) -> dict[str, Any]:
    kind = str(err.get("type", "value_error"))
    ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    if kind in ("value_error", "assertion_error"):
        raw = str(err.get("msg", "")).removeprefix("Value error, ")
        raw = raw.removeprefix("Assertion failed, ")
        known = messages.code_of(raw)
        code = known or "value_error"
        msg = render(known, language) if known else raw or render("invalid-value", language)
    elif messages.has(kind):
        code, msg = kind, render(kind, language, **ctx)
    else:  # a type the catalogue does not know: never show the library's own wording
        code, msg = "invalid-value", render("invalid-value", language)
    return {"loc": _loc(tuple(err.get("loc", ()))), "msg": msg, "type": code, "code": code}


def pydantic_message(err: Any) -> str | Message:
    """One of pydantic's errors as a catalogue message (its own wording only for our own
    value errors)."""
    kind = str(err.get("type", "value_error"))
    if messages.has(kind):
        return Message(kind, {k: str(v) for k, v in (err.get("ctx") or {}).items()})
    return str(err.get("msg", "")).removeprefix("Value error, ")


def validation_problem(
    request: Request, raw_errors: list[Any], *, language: str | None = None
) -> JSONResponse:
    """A 422 naming each field, in the reader's language."""
    language = language or language_of(request)
    items = [_validation_item(err, language) for err in raw_errors]
    detail = "; ".join(field_message(e["loc"], e["msg"], language) for e in items)
    return problem_response(
        422,
        "validation-error",
        render("validation-error", language),
        detail or render("invalid-value", language),
        instance=request.url.path,
        code=items[0]["code"] if len(items) == 1 else "validation-error",
        errors=items,
    )


def allowed_methods(request: Request) -> set[str]:
    """Every method the API answers at this path, from the documented operations (a GET also
    answers HEAD)."""
    table: list[tuple[re.Pattern[str], set[str]]] | None = getattr(
        request.app.state, "allowed_methods", None
    )
    if table is None:
        table = []
        for path, item in request.app.openapi().get("paths", {}).items():
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
            methods = {m.upper() for m in item if m in _METHODS}
            if "GET" in methods:
                methods.add("HEAD")
            table.append((re.compile(pattern), methods))
        request.app.state.allowed_methods = table
    path = request.url.path.rstrip("/") or "/"
    allowed: set[str] = set()
    for template, answers in table:
        if template.fullmatch(path):
            allowed |= answers
    return allowed


_PROBLEM_CONTENT = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation's 422 is the problem document it really is (not FastAPI's
    ``HTTPValidationError``); an operation with a body or parameters answers 422 for a bad one
    (a NUL, a body that is not UTF-8), one with a path parameter 404 for an unknown id, and one
    that needs a caller 401 and 403."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            answers = operation.setdefault("responses", {})
            if operation.get("requestBody") or operation.get("parameters"):
                answers.setdefault("422", {"description": "Validation error"})
            if "{" in path:
                answers.setdefault("404", {"description": "Not found"})
            if operation.get("security"):
                answers.setdefault("401", {"description": "Not authenticated"})
                answers.setdefault("403", {"description": "Forbidden"})
            for status in ("422", "404", "401", "403"):
                if status in answers:
                    answers[status]["content"] = copy.deepcopy(_PROBLEM_CONTENT)
    components = schema.get("components", {}).get("schemas", {})
    text = json.dumps(schema["paths"])
    for name in ("HTTPValidationError", "ValidationError"):
        if name in components and f'/{name}"' not in text:
            del components[name]
    return schema


def install_openapi(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    install_openapi(app)

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        language = language_of(request)
        extra = dict(exc.extra)
        if isinstance(exc, InvalidInput):
            extra["errors"] = exc.errors_in(language)
        return problem_response(
            exc.status,
            exc.slug,
            render(exc.slug, language) if messages.has(exc.slug) else exc.title,
            exc.detail_in(language),
            instance=request.url.path,
            headers=exc.headers,
            code=exc.code,
            **extra,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        language = language_of(request)
        path = request.url.path
        status = exc.status_code
        headers = dict(getattr(exc, "headers", None) or {})
        allowed = (
            allowed_methods(request)
            if status == 405 or (status == 404 and exc.detail == "Not Found")
            else set()
        )
        if allowed and request.method not in allowed:
            status = 405
        if status == 400:  # only the framework's body parsing raises a bare 400
            return validation_problem(request, [{"loc": ("body",), "type": "unreadable-body"}])
        slug, _ = _HTTP_SLUGS.get(status, ("http-error", "HTTP error"))
        code = slug
        if status == 405:
            methods = ", ".join(sorted(allowed)) if allowed else headers.get("Allow", "GET")
            headers["Allow"] = methods
            code = "method-refused"
            detail = render(code, language, method=request.method, path=path, allowed=methods)
        elif status == 404 and exc.detail == "Not Found":
            code = "no-resource"
            detail = render(code, language, path=path)
        elif isinstance(exc.detail, str):
            detail = translate(exc.detail, language)
        else:
            detail = render(slug, language)
        return problem_response(
            status,
            slug,
            render(slug, language) if messages.has(slug) else slug,
            detail,
            instance=path,
            headers=headers or None,
            code=code,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_problem(request, list(exc.errors()))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Runs outside the request middleware: the request id comes from the scope.
        request_id = request_id_of(request.scope)
        logger.exception(
            "unhandled error on %s %s",
            request.method,
            request.url.path,
            extra={"request_id": request_id},
        )
        language = language_of(request)
        return problem_response(
            500,
            "internal-error",
            render("internal-error", language),
            render("internal-error.detail", language),
            instance=request.url.path,
            headers={HEADER: request_id} if request_id else None,
        )


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` for the problem statuses an operation can answer."""
    descriptions = {
        400: "Bad request",
        401: "Not authenticated",
        403: "Forbidden",
        404: "Not found",
        409: "Conflict",
        413: "Payload too large",
        422: "Validation error",
        429: "Too many requests",
        503: "Service unavailable",
    }
    return {
        status: {
            "model": Problem,
            "description": descriptions.get(status, "Error"),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }

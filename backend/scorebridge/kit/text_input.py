"""Text the database cannot store is refused at the door, naming where it was.

PostgreSQL refuses the NUL character in text, so a NUL anywhere in a query parameter, a JSON
body or a form body answers 422 naming the field (``["query", "q"]``, ``["body", "username"]``)
before any endpoint sees it, and a JSON body that is not UTF-8 answers 422 naming ``body``. A
path with a NUL names nothing that can exist: 404. Multipart uploads are left to the import
limits (a spreadsheet's bytes are not text).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scorebridge.kit.errors import field_message, problem_response
from scorebridge.kit.messages import language_of, render

# Bodies up to this size are read whole and checked; larger ones pass on unchecked (their
# endpoints refuse them by size before storing anything).
CHECKED_BODY_BYTES = 2 * 1024 * 1024


def _nul_in(value: Any, where: list[str | int]) -> list[str | int] | None:
    """The location of the first string (or key) holding a NUL inside a JSON value."""
    if isinstance(value, str):
        return where if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                return [*where, key.replace("\x00", "")]
            found = _nul_in(item, [*where, key])
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_in(item, [*where, index])
            if found:
                return found
    return None


def _nul_in_pairs(text: str, where: str) -> list[str | int] | None:
    for name, value in parse_qsl(text, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return [where, name.replace("\x00", "") or "?"]
    return None


def _body_problem(content_type: str, body: bytes) -> tuple[list[str | int], str] | None:
    if content_type.endswith("json"):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return ["body"], "not-utf8"
        if "\\u0000" not in text.lower():
            return None
        try:
            found = _nul_in(json.loads(text), ["body"])
        except ValueError:
            return None  # not JSON: the endpoint's own parsing says so
        return (found, "nul-character") if found else None
    if content_type == "application/x-www-form-urlencoded" and b"%00" in body:
        found = _nul_in_pairs(body.decode("utf-8", "replace"), "body")
        return (found, "nul-character") if found else None
    return None


class RefuseUnstorableText:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if "\x00" in scope["path"]:
            await self._refuse(request, 404, None, "no-resource", send)
            return
        query = scope.get("query_string", b"")
        if b"%00" in query:
            found = _nul_in_pairs(query.decode("latin-1"), "query")
            if found:
                await self._refuse(request, 422, found, "nul-character", send)
                return
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        length = request.headers.get("content-length")
        checkable = (content_type.endswith("json") or content_type.endswith("urlencoded")) and (
            length is not None and length.isdigit() and int(length) <= CHECKED_BODY_BYTES
        )
        if not checkable:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        problem = _body_problem(content_type, body)
        if problem:
            await self._refuse(request, 422, problem[0], problem[1], send)
            return
        replayed: Message = {"type": "http.request", "body": body, "more_body": False}
        await self.app(scope, _replay([replayed], receive), send)

    @staticmethod
    async def _refuse(
        request: Request, status: int, loc: list[str | int] | None, code: str, send: Send
    ) -> None:
        language = language_of(request)
        if status == 404:
            response = problem_response(
                404,
                "not-found",
                render("not-found", language),
                render("no-resource", language, path=request.url.path.replace("\x00", "%00")),
                code="no-resource",
            )
        else:
            assert loc is not None
            msg = render(code, language)
            detail = field_message(loc, msg, language)
            response = problem_response(
                422,
                "validation-error",
                render("validation-error", language),
                detail,
                instance=request.url.path,
                code=code,
                errors=[{"loc": loc, "msg": msg, "type": code, "code": code}],
            )
        await response(request.scope, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def next_message() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return next_message

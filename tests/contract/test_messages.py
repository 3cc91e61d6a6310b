"""Messages a user reads come in their language (zh-CN by default, English on request or by the
user's own choice), and every problem keeps a stable machine code."""

from __future__ import annotations

from typing import Any

from conftest import App
from imports.support import csv_bytes, upload
from scorebridge.kit import messages

EN = {"Accept-Language": "en-GB,en;q=0.9"}
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


async def dry_run_errors(app: App, headers: dict[str, str], rows: list[list[Any]], kind: str):  # type: ignore[no-untyped-def]
    response = await upload(app, headers, csv_bytes(rows), kind, dry_run=True)
    assert response.status_code == 200, response.text
    return {(e["row"], e["code"]): e["message"] for e in response.json()["errors"]}


RESULTS = [
    ["工号", "姓名", "总分"],
    ["E1", "张三", "优秀"],
    ["E2", "李四", ""],
]
PERFORMANCE = [["工号", "周期", "指标", "数值"], ["E404", "2026-Q1", "sales", "3"]]


async def test_import_row_errors_in_the_readers_language(app: App) -> None:
    hr = await app.user_headers("hr")
    zh = await dry_run_errors(app, hr, RESULTS, "results")
    assert zh == {(2, "import.not-a-number"): "'优秀' 不是数字", (3, "import.required"): "必填"}
    en = await dry_run_errors(app, hr | EN, RESULTS, "results")
    assert en == {
        (2, "import.not-a-number"): "'优秀' is not a number",
        (3, "import.required"): "is required",
    }
    unknown = await upload(app, hr, csv_bytes(PERFORMANCE), "performance")
    await app.run_jobs()
    job = f"/api/v1/imports/{unknown.json()['id']}"
    zh_job = (await app.client.get(job, headers=hr | ZH)).json()
    assert zh_job["errors"][0]["message"] == "没有工号为 'E404' 的人员;请先导入人员"
    en_job = (await app.client.get(job, headers=hr | EN)).json()
    assert en_job["errors"][0]["message"] == (
        "No person with employee number 'E404'; import people first"
    )
    assert en_job["errors"][0]["code"] == "import.no-person"
    assert en_job["errors"][0]["params"] == {"employee_no": "'E404'"}


async def test_file_problems_in_the_readers_language(app: App) -> None:
    hr = await app.user_headers("hr")
    no_header = csv_bytes([["a", "b"], ["1", "2"]])
    zh = await upload(app, hr, no_header, "people")
    assert zh.status_code == 422
    assert zh.json()["code"] == "import.no-header"
    assert zh.json()["title"] == "输入有误"
    assert "第 1 行没有可识别的表头" in zh.json()["detail"]
    assert zh.json()["errors"][0]["loc"] == ["body", "file"]
    en = await upload(app, hr | EN, no_header, "people")
    assert en.json()["title"] == "Invalid input"
    assert "No recognisable header in row 1" in en.json()["detail"]


async def test_validation_and_http_problems_are_translated_with_codes(app: App) -> None:
    hr = await app.user_headers("hr")
    zh = (await app.client.post("/api/v1/departments", json={"code": "x"}, headers=hr)).json()
    assert (zh["title"], zh["detail"], zh["code"]) == ("输入有误", "name:必填", "missing")
    assert zh["errors"] == [
        {"loc": ["body", "name"], "msg": "必填", "type": "missing", "code": "missing"}
    ]
    en = (await app.client.post("/api/v1/departments", json={"code": "x"}, headers=hr | EN)).json()
    assert (en["title"], en["detail"]) == ("Invalid input", "name is required")
    long = await app.client.get("/api/v1/people", params={"limit": 500}, headers=hr | EN)
    assert long.json()["detail"] == "limit must be at most 200"
    missing = (await app.client.get("/api/v1/nothing", headers=EN)).json()
    assert (missing["title"], missing["code"]) == ("Not found", "no-resource")
    assert (await app.client.get("/api/v1/nothing")).json()["title"] == "未找到"
    anonymous = (await app.client.get("/api/v1/me")).json()
    assert anonymous["code"] == "auth.bearer-needed"
    assert anonymous["detail"] == "请以 'Authorization: Bearer <token>' 发送访问令牌"


async def test_the_signed_in_users_language_without_a_header(app: App) -> None:
    hr = await app.user_headers("hr")
    await app.client.patch("/api/v1/me", json={"locale": "en"}, headers=hr)
    body = (await app.client.post("/api/v1/departments", json={}, headers=hr)).json()
    assert body["title"] == "Invalid input"
    assert "code is required" in body["detail"]
    # An explicit Accept-Language still wins (the SPA sends the language it shows).
    zh = (await app.client.post("/api/v1/departments", json={}, headers=hr | ZH)).json()
    assert zh["title"] == "输入有误"


def test_the_catalogue_has_both_languages_and_matching_placeholders() -> None:
    import string

    for code, (zh, en) in messages.CATALOGUE.items():
        assert zh
        assert en
        names = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        assert names == {f for _, f, _, _ in string.Formatter().parse(zh) if f}, code
    assert messages.from_header("fr-FR, en;q=0.5, zh;q=0.9") == "zh-CN"
    assert messages.from_header("en-US") == "en"
    assert messages.from_header("de") is None

"""Records of processing: per vendor, channel and endpoint, in the caller's language, with
last-90-day counts; XLSX keeps hostile text as text; admin only."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from conftest import App
from selfservice.support import employee, hr, publish
from vendor_support import admin, create_vendor

URL = "/api/v1/processing-records"


async def test_records_per_vendor_and_channel_with_counts(app: App) -> None:
    me = await employee(app)
    await publish(app, me.employee_no)
    await create_vendor(app, slug="evil", name='=HYPERLINK("http://x")')
    channel = await app.client.put(
        "/api/v1/notification-channels/email",
        json={
            "enabled": True,
            "config": {"host": "smtp.corp.example", "port": 25, "from": "sb@corp.example"},
        },
        headers=await admin(app),
    )
    assert channel.status_code == 200, channel.text

    for headers in (await hr(app), me.headers, await app.user_headers("dept_head")):
        assert (await app.client.get(URL, headers=headers)).status_code == 403
    response = await app.client.get(URL, headers=await admin(app))
    assert response.status_code == 200
    items = {(r["kind"], r["key"]): r for r in response.json()["items"]}
    auto = items[("vendor", "auto")]
    assert auto["counts_90d"] == {"deliveries": 1, "results": 1, "people": 1}
    assert "HR" in auto["purpose"]
    assert auto["data_categories"]
    assert "90" in auto["retention"]
    email = items[("channel", "email")]
    assert email["recipients"] == ["SMTP smtp.corp.example"]
    assert "password" not in response.text

    await app.client.patch("/api/v1/me", json={"locale": "en"}, headers=await admin(app))
    english = await app.client.get(URL, headers=await admin(app))
    assert "hiring" in english.json()["items"][0]["purpose"]

    xlsx = await app.client.get(URL, params={"format": "xlsx"}, headers=await admin(app))
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Kind"
    names = [r[2] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    bad = await app.client.get(URL, params={"format": "pdf"}, headers=await admin(app))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "format"]

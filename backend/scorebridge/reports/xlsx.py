"""The pack as an Excel workbook: an overview and one sheet per question, each with its table
and a native Excel chart (openpyxl.chart) drawn from that table's cells.

Names come from vendors, imports and users: every text cell is written as text (never as a
formula — a leading =, +, -, @ is kept as text with a leading apostrophe)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scorebridge.reports.content import Pack
from scorebridge.reports.texts import answers, words

BOLD = Font(bold=True)


def text(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _round(value: float | None, digits: int = 1) -> float | str:
    return round(value, digits) if value is not None else ""


def _table(sheet: Worksheet, top: int, header: list[str], rows: list[list[Any]]) -> int:
    """Write a header and rows from row ``top``; returns the last row written."""
    for col, title in enumerate(header, start=1):
        cell = sheet.cell(row=top, column=col, value=text(title))
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=top + 1):
        for col, value in enumerate(row, start=1):
            sheet.cell(row=r, column=col, value=text(value))
    for col in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    return top + len(rows)


def _bar(
    sheet: Worksheet,
    title: str,
    labels: tuple[int, int, int],
    values: tuple[int, int, int],
    anchor: str,
    y_title: str,
) -> None:
    """A clustered bar chart; ``labels``/``values``: (column, first row, last row), the value
    range including its header row (the series title)."""
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.height, chart.width = 8, 18
    data = Reference(sheet, min_col=values[0], min_row=values[1], max_row=values[2])
    cats = Reference(sheet, min_col=labels[0], min_row=labels[1], max_row=labels[2])
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.legend = None
    sheet.add_chart(chart, anchor)


def build(pack: Pack, locale: str, zone: ZoneInfo, generated: datetime) -> bytes:
    t = words(locale)
    book = Workbook()
    overview = book.active
    assert overview is not None
    overview.title = t["overview"]
    overview["A1"] = t["title"]
    overview["A1"].font = Font(bold=True, size=14)
    window = f"{pack.first_day:%Y-%m-%d} ~ {pack.last_day:%Y-%m-%d} ({zone.key})"
    facts = [
        (t["period"], pack.period),
        (t["scope"], pack.scope),
        (t["window"], window),
        (t["generated"], f"{generated.astimezone(zone):%Y-%m-%d %H:%M}"),
    ]
    for i, (label, value) in enumerate(facts, start=3):
        overview.cell(row=i, column=1, value=label).font = BOLD
        overview.cell(row=i, column=2, value=text(value))
    sentences = answers(pack, locale)
    row = 8
    for question, sentence in zip((t["q1"], t["q2"], t["q3"]), sentences, strict=True):
        overview.cell(row=row, column=1, value=question).font = BOLD
        overview.cell(row=row + 1, column=1, value=text(sentence))
        row += 2
    overview.cell(row=row + 1, column=1, value=t["caveat"])
    overview.column_dimensions["A"].width = 60
    overview.column_dimensions["B"].width = 40
    _distributions(book.create_sheet(t["q1_sheet"]), pack, t, sentences[0])
    _links(book.create_sheet(t["q2_sheet"]), pack, t, sentences[1])
    _training(book.create_sheet(t["q3_sheet"]), pack, t, sentences[2])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _distributions(sheet: Worksheet, pack: Pack, t: dict[str, str], sentence: str) -> None:
    sheet["A1"] = t["q1"]
    sheet["A1"].font = BOLD
    sheet["A2"] = text(sentence)
    header = [t["position"], t["n"], t["mean"], t["median"], t["p25"], t["p75"], t["stdev"],
              t["pass_rate"], t["warnings"]]  # fmt: skip
    rows = [
        [p.name, p.n, _round(p.mean), _round(p.median), _round(p.p25), _round(p.p75),
         _round(p.stdev), f"{p.passed / p.judged:.0%}" if p.judged else "",
         "; ".join(t[w] for w in p.warnings)]
        for p in pack.positions
    ]  # fmt: skip
    if not rows:
        sheet["A4"] = t["no_data"]
        return
    last = _table(sheet, 4, header, rows)
    _bar(sheet, t["chart_means"], (1, 5, last), (3, 4, last), "K4", t["mean"])
    # histogram per position: bins as rows, positions as columns, one clustered chart
    top = last + 3
    sheet.cell(row=top, column=1, value=t["histogram"]).font = BOLD
    hist_header = ["", *(p.name for p in pack.positions)]
    hist_rows = [
        [label, *(p.histogram[i] for p in pack.positions)] for i, label in enumerate(pack.bins)
    ]
    hist_last = _table(sheet, top + 1, hist_header, hist_rows)
    chart = BarChart()
    chart.type = "col"
    chart.title = t["histogram"]
    chart.height, chart.width = 8, 18
    data = Reference(
        sheet, min_col=2, max_col=1 + len(pack.positions), min_row=top + 1, max_row=hist_last
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=top + 2, max_row=hist_last))
    sheet.add_chart(chart, f"K{top}")


def _links(sheet: Worksheet, pack: Pack, t: dict[str, str], sentence: str) -> None:
    sheet["A1"] = t["q2"]
    sheet["A1"].font = BOLD
    sheet["A2"] = text(sentence)
    header = [t["metric"], t["dimension"], t["n"], t["r"], t["p"], t["ci"], t["corrected_r"],
              t["significant"]]  # fmt: skip
    rows = [
        [link.metric, link.dimension, link.n, _round(link.r, 3),
         f"{link.p:.4f}" if link.p is not None else "",
         f"[{link.ci95[0]:.2f}, {link.ci95[1]:.2f}]" if link.ci95 else "",
         _round(link.corrected_r, 3), t["yes"] if link.significant else t["no"]]
        for link in pack.links
    ]  # fmt: skip
    if not rows:
        sheet["A4"] = t["no_data"]
        return
    last = _table(sheet, 4, header, rows)
    _bar(sheet, t["chart_r"], (2, 5, last), (4, 4, last), "K4", t["r"])


def _training(sheet: Worksheet, pack: Pack, t: dict[str, str], sentence: str) -> None:
    sheet["A1"] = t["q3"]
    sheet["A1"].font = BOLD
    sheet["A2"] = text(sentence)
    header = [t["department"], t["dimension"], t["gap"], t["mean"], t["benchmark"], t["course"],
              t["course_change"], t["completed"]]  # fmt: skip
    rows = [
        [w.department, w.dimension, _round(w.gap), _round(w.mean), _round(w.benchmark),
         w.course or t["none"],
         f"+{w.course_change:.1f} (n={w.course_n})" if w.course_change is not None else "",
         "; ".join(f"{name} ×{n}{t['matches'] if match else ''}" for name, n, match in w.completed)
         or t["none"]]
        for w in pack.weak
    ]  # fmt: skip
    if not rows:
        sheet["A4"] = t["no_data"]
        return
    last = _table(sheet, 4, header, rows)
    for r in range(5, last + 1):  # a label naming department and dimension for the chart
        sheet.cell(row=r, column=10, value=text(f"{rows[r - 5][0]} / {rows[r - 5][1]}"))
    _bar(sheet, t["chart_gap"], (10, 5, last), (3, 4, last), "L4", t["gap"])

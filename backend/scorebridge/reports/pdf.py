"""The pack as a PDF (A4): the same three questions, each with its answer, a table and a bar
chart, in Chinese or English.

Chinese is set in reportlab's built-in CID font ``STSong-Light`` (Adobe-GB1): nothing to
bundle, and every PDF reader (Acrobat with its Asian font pack, Chrome, Preview, WPS, poppler)
draws it; the tests render the pages to PNG with poppler's ``pdftoppm``. Every name from a
vendor, an import or a user is escaped before reportlab's paragraph markup reads it.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from scorebridge.reports.content import Pack
from scorebridge.reports.texts import answers, words

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, spaceAfter=8)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=13, leading=18, spaceBefore=6)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=11)
ACCENT = colors.HexColor("#1677ff")
MAX_ROWS = 40  # per table; the XLSX holds every row


def _p(value: Any, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(str(value)), style)


def _num(value: float | None, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if value is not None else "-"


def _table(header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
    data = [[_p(h) for h in header]] + [[_p(v) for v in row] for row in rows[:MAX_ROWS]]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f5ff")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9d9d9")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


PALETTE = ["#1677ff", "#52c41a", "#fa8c16", "#eb2f96", "#722ed1", "#13c2c2"]


def _chart(
    title: str,
    labels: list[str],
    series: list[list[float]],
    names: list[str] | None = None,
) -> Drawing:
    """Bars per label, one colour per series (a legend names them when there are several)."""
    drawing = Drawing(170 * mm, 66 * mm)
    drawing.add(String(0, 62 * mm, title, fontName=FONT, fontSize=10))
    values = [v for s in series for v in s]
    if not values:
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = 150 * mm, 38 * mm
    chart.data = series
    for i in range(len(series)):
        chart.bars[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
    if names and len(series) > 1:
        for i, name in enumerate(names[: len(PALETTE)]):
            x = (i % 3) * 55 * mm
            y = 57 * mm - (i // 3) * 4 * mm
            drawing.add(String(x + 4 * mm, y, name[:20], fontName=FONT, fontSize=7))
            swatch = String(x, y, "■", fontName=FONT, fontSize=7)
            swatch.fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
            drawing.add(swatch)
    low, high = min(0.0, min(values)), max(0.0, max(values))
    chart.valueAxis.valueMin = low
    chart.valueAxis.valueMax = high + (high - low) * 0.1 or 1.0
    chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.categoryNames = [label[:12] for label in labels]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    chart.categoryAxis.labelAxisMode = "low"  # labels below the plot, also for negative bars
    drawing.add(chart)
    return drawing


def build(pack: Pack, locale: str, zone: ZoneInfo, generated: datetime) -> bytes:
    t = words(locale)
    sentences = answers(pack, locale)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{t['title']} {pack.period}",
    )
    window = f"{pack.first_day:%Y-%m-%d} ~ {pack.last_day:%Y-%m-%d}"
    story: list[Any] = [
        Paragraph(escape(t["title"]), TITLE),
        _p(f"{t['period']}: {pack.period}    {t['scope']}: {pack.scope}", BODY),
        _p(f"{t['window']}: {window} ({zone.key})", BODY),
        _p(f"{t['generated']}: {generated.astimezone(zone):%Y-%m-%d %H:%M}", BODY),
        Spacer(1, 6 * mm),
    ]
    for question, sentence in zip((t["q1"], t["q2"], t["q3"]), sentences, strict=True):
        story += [_p(question, HEADING), _p(f"{t['answer']}: {sentence}", BODY)]
    story += [Spacer(1, 4 * mm), _p(t["caveat"], CELL), PageBreak()]
    story += _distributions(pack, t, sentences[0])
    story += [PageBreak(), *_links(pack, t, sentences[1])]
    story += [PageBreak(), *_training(pack, t, sentences[2])]
    document.build(story)
    return out.getvalue()


def _distributions(pack: Pack, t: dict[str, str], sentence: str) -> list[Any]:
    story: list[Any] = [_p(t["q1"], HEADING), _p(sentence, BODY), Spacer(1, 3 * mm)]
    if not pack.positions:
        return [*story, _p(t["no_data"], BODY)]
    header = [t["position"], t["n"], t["mean"], t["median"], "P25~P75", t["stdev"],
              t["pass_rate"], t["warnings"]]  # fmt: skip
    rows = [
        [p.name, p.n, _num(p.mean), _num(p.median), f"{_num(p.p25)}~{_num(p.p75)}",
         _num(p.stdev), f"{p.passed / p.judged:.0%}" if p.judged else "-",
         "; ".join(t[w] for w in p.warnings) or "-"]
        for p in pack.positions
    ]  # fmt: skip
    story.append(_table(header, rows, [30, 12, 16, 16, 22, 14, 22, 42]))
    story.append(Spacer(1, 4 * mm))
    shown = pack.positions[: len(PALETTE)]
    story.append(
        _chart(
            t["histogram"],
            pack.bins,
            [[float(c) for c in p.histogram] for p in shown],
            [p.name for p in shown],
        )
    )
    return story


def _links(pack: Pack, t: dict[str, str], sentence: str) -> list[Any]:
    story: list[Any] = [_p(t["q2"], HEADING), _p(sentence, BODY), Spacer(1, 3 * mm)]
    if not pack.links:
        return [*story, _p(t["no_data"], BODY)]
    header = [t["metric"], t["dimension"], t["n"], t["r"], t["p"], t["ci"], t["corrected_r"],
              t["significant"]]  # fmt: skip
    rows = [
        [link.metric, link.dimension, link.n, _num(link.r, 2),
         f"{link.p:.3f}" if link.p is not None else "–",
         f"{link.ci95[0]:.2f} ~ {link.ci95[1]:.2f}" if link.ci95 else "-",
         _num(link.corrected_r, 2), t["yes"] if link.significant else t["no"]]
        for link in pack.links
    ]  # fmt: skip
    story.append(_table(header, rows, [26, 28, 12, 14, 16, 28, 24, 26]))
    story.append(Spacer(1, 4 * mm))
    first = pack.links[0].metric
    shown = [link for link in pack.links if link.metric == first]
    story.append(
        _chart(
            f"{t['chart_r']} ({first})",
            [link.dimension for link in shown],
            [[link.r or 0.0 for link in shown]],
        )
    )
    return story


def _training(pack: Pack, t: dict[str, str], sentence: str) -> list[Any]:
    story: list[Any] = [_p(t["q3"], HEADING), _p(sentence, BODY), Spacer(1, 3 * mm)]
    if not pack.weak:
        return [*story, _p(t["no_data"], BODY)]
    header = [t["department"], t["dimension"], t["gap"], t["course"], t["course_change"],
              t["completed"]]  # fmt: skip
    rows = [
        [w.department, w.dimension, _num(w.gap), w.course or t["none"],
         f"+{w.course_change:.1f} (n={w.course_n})" if w.course_change is not None else "-",
         "; ".join(f"{name} ×{n}{t['matches'] if match else ''}" for name, n, match in w.completed)
         or t["none"]]
        for w in pack.weak
    ]  # fmt: skip
    story.append(_table(header, rows, [28, 24, 18, 32, 24, 48]))
    story.append(Spacer(1, 4 * mm))
    story.append(
        _chart(
            t["chart_gap"],
            [f"{w.department}/{w.dimension}" for w in pack.weak],
            [[w.gap for w in pack.weak]],
        )
    )
    return story

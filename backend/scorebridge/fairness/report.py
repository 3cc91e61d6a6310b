"""The adverse-impact audit as an XLSX report an auditor can file: date, data window, method,
the counts per group, the excluded groups and the limits of the method — in the reader's
language (zh-CN or English) and time zone."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from scorebridge.fairness.schemas import AdverseImpact

TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {
        "sheet": "公平性审计",
        "title": "公平性审计报告(不利影响分析)",
        "generated": "生成时间",
        "position": "岗位",
        "attribute": "属性",
        "basis": "选中口径",
        "window": "数据区间(分析的面试时间)",
        "filters": "筛选条件",
        "n": "分析人数(每人取该岗位最近一次结果)",
        "reference": "参照组(选中率最高)",
        "test": "检验",
        "p": "p 值",
        "method": "方法",
        "group": "组别",
        "selected": "选中人数",
        "rate": "选中率",
        "ratio": "影响比",
        "flag": "低于 0.8",
        "excluded": "未纳入比较的组",
        "why": "原因",
        "limits": "局限",
        "yes": "是",
        "no": "否",
        "none": "无",
        "all": "全部",
        "method_text": (
            "影响比 = 该组选中率 ÷ 选中率最高组的选中率;低于 0.8(四分之五规则)即标记。"
            "人数少于 5 或不足总人数 2% 的组不参与比较(纽约市 LL 144 惯例)。"
            "两组时用 Fisher 精确检验(双侧),多组时用卡方检验(无连续性校正)。"
        ),
        "limits_text": (
            "本分析基于观察数据,只说明各组结果的差异,不能证明差异的原因;"
            "样本较小时比值波动大、检验效力低。性别与出生年份仅用于本审计,单独存放,"
            "仅管理员与审计员可见。"
        ),
    },
    "en": {
        "sheet": "Fairness audit",
        "title": "Fairness audit report (adverse impact)",
        "generated": "Generated",
        "position": "Position",
        "attribute": "Attribute",
        "basis": "Selected means",
        "window": "Data window (interviews analysed)",
        "filters": "Filters",
        "n": "People analysed (each once: latest result for the position)",
        "reference": "Reference group (highest rate)",
        "test": "Test",
        "p": "p-value",
        "method": "Method",
        "group": "Group",
        "selected": "Selected",
        "rate": "Selection rate",
        "ratio": "Impact ratio",
        "flag": "Below 0.8",
        "excluded": "Groups not compared",
        "why": "Why",
        "limits": "Limits",
        "yes": "yes",
        "no": "no",
        "none": "none",
        "all": "all",
        "method_text": (
            "Impact ratio = the group's selection rate / the highest group's rate; flagged "
            "below 0.8 (the four-fifths rule). Groups with fewer than 5 people or under 2% of "
            "everyone analysed are not compared (NYC LL 144 practice). Fisher's exact test "
            "(two-sided) for two groups, chi-square (no continuity correction) for more."
        ),
        "limits_text": (
            "Observational data: the report shows differences in outcomes between groups, "
            "not their cause; with small samples the ratios vary widely and the tests have "
            "little power. Gender and birth year serve this audit only, are stored apart and "
            "are readable by admins and auditors only."
        ),
    },
}
LABELS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "gender": "性别",
        "age_band": "年龄段",
        "female": "女",
        "male": "男",
        "other": "其他",
        "under_30": "30 岁以下",
        "30_39": "30–39 岁",
        "40_49": "40–49 岁",
        "50_plus": "50 岁及以上",
        "unknown": "未登记",
        "fewer_than_5": "人数少于 5",
        "under_2_percent": "不足总人数 2%",
        "not_recorded": "未登记该属性",
        "fisher_exact": "Fisher 精确检验",
        "chi_square": "卡方检验",
        "standard": "通过岗位面试标准",
        "threshold": "总分 ≥ {threshold}",
        "median": "总分高于中位数 {median}(等于中位数不计为选中)",
    },
    "en": {
        "gender": "Gender",
        "age_band": "Age band",
        "female": "Female",
        "male": "Male",
        "other": "Other",
        "under_30": "Under 30",
        "30_39": "30–39",
        "40_49": "40–49",
        "50_plus": "50 and over",
        "unknown": "Not recorded",
        "fewer_than_5": "fewer than 5 people",
        "under_2_percent": "under 2% of everyone analysed",
        "not_recorded": "attribute not recorded",
        "fisher_exact": "Fisher's exact test",
        "chi_square": "Chi-square test",
        "standard": "passed the position's interview standard",
        "threshold": "total ≥ {threshold}",
        "median": "total above the median {median} (ties at the median not selected)",
    },
}


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _when(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


def language(locale: str | None) -> str:
    return "en" if (locale or "").lower().startswith("en") else "zh-CN"


def basis_text(audit: AdverseImpact, lang: str) -> str:
    labels = LABELS[lang]
    if audit.basis == "threshold":
        return labels["threshold"].format(threshold=f"{audit.threshold:g}")
    if audit.basis == "median":
        median = f"{audit.median:.1f}" if audit.median is not None else "—"
        return labels["median"].format(median=median)
    return f"{labels['standard']} (v{audit.standard_version})"


def xlsx(audit: AdverseImpact, locale: str | None, zone: ZoneInfo, filters: str) -> bytes:
    lang = language(locale)
    t, labels = TEXT[lang], LABELS[lang]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = t["sheet"]
    bold = Font(bold=True)
    sheet.append([t["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    window = f"{_when(audit.window.first, zone)} — {_when(audit.window.last, zone)} ({zone.key})"
    reference = labels.get(audit.reference, audit.reference) if audit.reference else t["none"]
    facts = [
        (t["generated"], f"{_when(audit.computed_at, zone)} ({zone.key})"),
        (t["position"], f"{audit.position.name} ({audit.position.code})"),
        (t["attribute"], labels[audit.attribute]),
        (t["basis"], basis_text(audit, lang)),
        (t["window"], window if audit.window.first else t["none"]),
        (t["filters"], filters or t["all"]),
        (t["n"], audit.n),
        (t["reference"], reference),
        (t["test"], labels[audit.test] if audit.test else t["none"]),
        (t["p"], audit.fisher_p if audit.fisher_p is not None else t["none"]),
        (t["method"], t["method_text"]),
    ]
    for label, value in facts:
        sheet.append([label, _cell(value)])
    sheet.append([])
    sheet.append([t["group"], "n", t["selected"], t["rate"], t["ratio"], t["flag"]])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for group in audit.groups:
        sheet.append(
            [
                labels.get(group.key, group.key),
                group.n,
                group.selected,
                round(group.rate, 4),
                round(group.impact_ratio, 4) if group.impact_ratio is not None else "",
                t["yes"] if group.flag else t["no"],
            ]
        )
    sheet.append([])
    sheet.append([t["excluded"], "n", t["why"]])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for excluded in audit.excluded:
        sheet.append([labels.get(excluded.key, excluded.key), excluded.n, labels[excluded.why]])
    if not audit.excluded:
        sheet.append([t["none"]])
    sheet.append([])
    sheet.append([t["limits"], t["limits_text"]])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

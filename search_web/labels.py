"""How values are shown in Chinese: field names, dates, pages, sort orders."""
from __future__ import annotations

from flask import Flask

FIELD_LABELS = {"source": "报纸", "year": "年份", "month": "月份", "page": "版次",
                "author": "作者", "person": "人物", "place_province": "省份",
                "place_city": "城市", "place_county": "区县", "org": "机构", "place": "地点"}
SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}
TIMELINE_LABELS = {"count": "篇数", "ratio": "占比"}
UNKNOWN_SOURCE = "来源不详"


def date_label(date: str | None) -> str:
    """"2019-10-01" -> "2019年10月1日"; "2019-10" -> "2019年10月"; "2019" -> "2019年"."""
    if not date:
        return ""
    parts = date.split("-")
    units = ("年", "月", "日")
    try:
        return "".join(f"{int(p)}{u}" if i else f"{p}{u}"
                       for i, (p, u) in enumerate(zip(parts, units, strict=False)))
    except ValueError:
        return date


def percent_label(ratio: float) -> str:
    """A share as a percentage: 0.125 -> "12.5%", 0.0042 -> "0.42%" (two decimals below
    1%), 0.00001 -> "<0.01%"."""
    pct = ratio * 100
    if pct == 0:
        return "0%"
    if pct < 0.01:
        return "<0.01%"
    return f"{pct:.{1 if pct >= 1 else 2}f}%"


def page_label(page: str | None) -> str:
    """"3" -> "第3版"; "A3" -> "A3版"."""
    if not page:
        return ""
    return f"第{page}版" if page.isdigit() else f"{page}版"


def source_label(source: str | None) -> str:
    return source or UNKNOWN_SOURCE


def value_label(field: str, value: str) -> str:
    """A facet value as shown."""
    if field in ("year", "month"):
        return date_label(value)
    if field == "page":
        return page_label(value)
    return value


def register(app: Flask) -> None:
    app.add_template_filter(date_label)
    app.add_template_filter(page_label)
    app.add_template_filter(source_label)
    app.add_template_global(value_label)
    app.add_template_global(FIELD_LABELS, "FIELD_LABELS")

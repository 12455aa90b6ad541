"""What an indicator's figures look like on a page: rows whose bars mean something.

- A percentage is a bar on 0–100 %; a count is a bar on a scale up to the largest value (or
  denominator, drawn as a pale track behind its value, e.g. 1.292/2.910 chi bộ).
- A rank ("14/63") or a "top 10" claim has no meaningful length: it is shown as text, never as a bar.
- A qualified value ("trên 500", "khoảng 9.000") says so, and its bar is drawn open-ended.
- Each row shows its period. A figure reported once, by one province, is a figure, not a chart.
The page draws the rows in HTML (text at the page's size, legible on a phone); the SVG download
(`chart_svg`) draws the same rows at a fixed size with the source line.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from portal.core.models import is_english
from portal.core.vntext import format_number

from .models import Indicator, Metric

# The downloadable SVG's geometry, in px (its text is 14 px, the bars 18 px high).
SVG_WIDTH = 760
SVG_LABEL = 300
SVG_BAR = 300
SVG_ROW = 44
SVG_TOP = 48


@dataclass
class Row:
    label: str
    period: str
    text: str
    kind: str
    share: float | None  # the bar's length in % of the scale; None: no bar (a rank)
    track: float | None  # the denominator's length in % of the scale
    qualified: bool
    slug: str
    province: str


def metric_label(metric):
    label = metric.province.localized_name
    if metric.locality_id:
        label += f" · {metric.locality.localized_name}"
    return label


def metric_period(metric):
    """The period as metric_period.html shows it, in one line."""
    if metric.period_year:
        return f"{metric.period_month}/{metric.period_year}" if metric.period_month else str(metric.period_year)
    return metric.localized_period_note or gettext("không rõ thời điểm")


def scale_of(metrics, unit):
    if unit == Indicator.Unit.RANK:
        return None
    if unit == Indicator.Unit.PERCENT:
        return 100
    return max(float(max(m.value, m.denominator or 0)) for m in metrics) or 1


def percent_of(number, scale):
    return round(100 * float(number) / scale, 1)


def bar_chart(metrics, chart_id="chart", total=None, svg_url=None):
    """The chart of `metrics` (one indicator); `total`: how many figures the indicator has in all
    (a page may show fewer); `chart_id` prefixes ids (unique per page); `svg_url`: its download."""
    metrics = list(metrics)
    if not metrics:
        return None
    unit = metrics[0].indicator.unit
    scale = scale_of(metrics, unit)
    rows = [
        Row(
            label=metric_label(metric),
            period=metric_period(metric),
            text=metric.localized_display,
            kind=metric.kind,
            share=None if scale is None else percent_of(metric.value, scale),
            track=percent_of(metric.denominator, scale) if scale is not None and metric.denominator else None,
            # A rank's words already say "in the top 10"; a bar's value needs the mark.
            qualified=scale is not None and metric.qualifier != Metric.Qualifier.EXACT,
            slug=metric.slug,
            province=metric.province.localized_name,
        )
        for metric in metrics
    ]
    reports = {metric.report_id: metric.report for metric in metrics}
    return {
        "id": chart_id,
        "rows": rows,
        "single": (total if total is not None else len(rows)) == 1,
        "ranks": scale is None,
        "scale": None if scale is None else (f"{scale:g}%" if unit == Indicator.Unit.PERCENT else scale_label(scale)),
        "qualified": any(row.qualified for row in rows),
        "source": source_line(reports.values()),
        "svg_url": svg_url,
    }


def scale_label(scale):
    return format_number(Decimal(str(scale)), "en" if is_english() else "vi")


def source_line(reports):
    titles = "; ".join(
        f"{report.publisher}, “{report.localized_title}”" if report.publisher else f"“{report.localized_title}”"
        for report in reports
    )
    return gettext("Nguồn: %(sources)s. Cổng CĐS tỉnh.") % {"sources": titles}


def chart_svg(chart, title, page_url):
    """The geometry of the downloadable SVG (provinces/chart.svg): fixed pixels, the source line."""
    rows = []
    for index, row in enumerate(chart["rows"]):
        rows.append(
            {
                "row": row,
                "y": SVG_TOP + index * SVG_ROW,
                "bar": None if row.share is None else round(SVG_BAR * row.share / 100, 1),
                "track": None if row.track is None else round(SVG_BAR * row.track / 100, 1),
                "value_x": SVG_LABEL + 8 + (0 if row.share is None else SVG_BAR),
            }
        )
    height = SVG_TOP + len(rows) * SVG_ROW + 56
    return {
        "title": title,
        "rows": rows,
        "width": SVG_WIDTH,
        "height": height,
        "label_x": SVG_LABEL - 10,
        "bar_x": SVG_LABEL,
        "source_y": height - 30,
        "url_y": height - 12,
        "page_url": page_url,
        "chart": chart,
    }

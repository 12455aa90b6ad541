"""Geometry of the server-rendered SVG bar chart on indicator pages (no JavaScript needed).

Percentages are drawn on a 0–100 scale; counts on a scale up to the largest value or
denominator; a value with a denominator draws the denominator as a pale track behind the value;
a rank is drawn so that a better place gives a longer bar, and labelled as a rank ("14/63").
"""

from dataclasses import dataclass

from .models import Indicator

LABEL_WIDTH = 260
BAR_AREA = 360
ROW_HEIGHT = 34
BAR_HEIGHT = 20


@dataclass
class Bar:
    y: int
    label: str
    text: str
    width: float
    track: float | None
    slug: str


def metric_label(metric):
    label = metric.province.localized_name
    if metric.locality_id:
        label += f" · {metric.locality.localized_name}"
    if metric.period_year:
        label += f" ({metric.period_month}/{metric.period_year})" if metric.period_month else f" ({metric.period_year})"
    return label


def bar_chart(metrics, chart_id="chart"):
    """The chart's geometry; `chart_id` prefixes the SVG's element ids (unique per page)."""
    metrics = list(metrics)
    if not metrics:
        return None
    unit = metrics[0].indicator.unit
    if unit == Indicator.Unit.PERCENT:
        scale = 100
    elif unit == Indicator.Unit.RANK:
        scale = max(float(m.denominator or m.value) for m in metrics)
    else:
        scale = max(float(max(m.value, m.denominator or 0)) for m in metrics) or 1
    bars = []
    for index, metric in enumerate(metrics):
        if unit == Indicator.Unit.RANK:
            total = float(metric.denominator or scale)
            width = BAR_AREA * (total - float(metric.value) + 1) / scale
            track = BAR_AREA * total / scale
        else:
            width = BAR_AREA * float(metric.value) / scale
            track = BAR_AREA * float(metric.denominator) / scale if metric.denominator else None
        bars.append(
            Bar(
                y=index * ROW_HEIGHT + 8,
                label=metric_label(metric),
                text=metric.localized_display,
                width=round(width, 1),
                track=round(track, 1) if track is not None else None,
                slug=metric.slug,
            )
        )
    return {
        "id": chart_id,
        "bars": bars,
        "width": LABEL_WIDTH + BAR_AREA + 140,
        "height": len(bars) * ROW_HEIGHT + 16,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "text_dy": BAR_HEIGHT - 5,
    }

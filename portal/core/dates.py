"""Dates as precisely as a source gives them: a day, a month or a year, and whether inferred.

"30/09/2023", "tháng 8/2023 (suy ra)", "2022 (suy ra)" in Vietnamese; "September 30, 2023",
"August 2023 (inferred)", "2022 (inferred)" in English; "2023-09-30", "2023-08", "2022" for
machines (iso()). Pages, feeds, citations and structured data all show a report's date through
here, so an inferred date never looks like a published one, nor a year like a day.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import is_english


def display(day, precision="day", inferred=False):
    """A day as APA writes it (30/09/2023, September 30, 2023), or as much of it as is known."""
    if day is None:
        return ""
    if precision == "year":
        text = str(day.year)
    elif is_english():
        text = date_format(day, "F Y" if precision == "month" else "F j, Y")
    elif precision == "month":
        text = _("tháng %(month)d/%(year)d") % {"month": day.month, "year": day.year}
    else:
        text = day.strftime("%d/%m/%Y")
    return _("%(date)s (suy ra)") % {"date": text} if inferred else text


def iso(day, precision="day"):
    """A day in ISO 8601 no more precise than known: "2023-09-30", "2023-08" or "2022"; "" for none."""
    if day is None:
        return ""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()

"""The portal's own identity, named once: its name and the time zone its dates are read in."""

from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def portal_name():
    return _("CĐS tỉnh – Cổng bài học chuyển đổi số cấp tỉnh")


def today():
    """Today's date in Vietnam, whatever the server's time zone."""
    return timezone.localdate(timezone=VIETNAM)

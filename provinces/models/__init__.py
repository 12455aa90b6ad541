"""Places, source reports and what they measure.

Every fact on the portal comes from a Report; `SourcedRecord` ties a record to the exact
passage of the report that states it. Each model's queryset has `public()`: what the public may
see, with what its pages need loaded; every public page, export, feed and API reads through it.
"""

from .measures import Indicator, Metric
from .places import Locality, Province
from .reports import NotCaptured, Report, SourcedRecord

__all__ = ["Indicator", "Locality", "Metric", "NotCaptured", "Province", "Report", "SourcedRecord"]

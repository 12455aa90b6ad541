"""The curation layer's admin: the review queue (review_admin.py), the intake of new articles (intake_admin.py)."""

from . import (
    intake_admin,  # noqa: F401
    review_admin,  # noqa: F401
)

"""The curation layer's admin: the review queue (review_admin.py)."""

from . import review_admin  # noqa: F401

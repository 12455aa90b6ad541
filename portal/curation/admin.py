"""The curation layer's admin: the review queue (review_admin.py), the intake of new articles
(intake_admin.py), readers' error reports (corrections_admin.py), and the login that asks for
the second factor's code (accounts.py)."""

from django.contrib import admin

from . import (
    corrections_admin,  # noqa: F401
    intake_admin,  # noqa: F401
    review_admin,  # noqa: F401
)
from .accounts import AdminLoginForm

admin.site.login_form = AdminLoginForm
admin.site.login_template = "admin/otp_login.html"

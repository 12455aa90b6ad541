"""Who may edit what in the admin.

Editors are staff users in the "editors" group: they may view, add and change every content
model and publish reports with their records, but not delete (removing a sourced fact is a
decision for an administrator). Viewers may only look. The groups are (re)built after
every migrate, so a new model is never forgotten.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

EDITORS = "editors"
VIEWERS = "viewers"
CONTENT_MODELS = [
    "provinces.province",
    "provinces.locality",
    "provinces.report",
    "provinces.indicator",
    "provinces.metric",
    "provinces.notcaptured",
    "curation.candidate",
    "curation.articleintake",
    "curation.correctionrequest",
    "lessons.theme",
    "lessons.lesson",
    "lessons.initiative",
]
ROLE_ACTIONS = {EDITORS: ("view", "add", "change"), VIEWERS: ("view",)}
# Editors also publish: a report and its records become public in one step (portal/core/publishing.py).
ROLE_EXTRA_PERMISSIONS = {EDITORS: ("publish_report",), VIEWERS: ()}


def ensure_groups(**kwargs):
    for group_name, actions in ROLE_ACTIONS.items():
        codenames = []
        for label in CONTENT_MODELS:
            model = apps.get_model(label)
            codenames += [f"{action}_{model._meta.model_name}" for action in actions]
        codenames += ROLE_EXTRA_PERMISSIONS[group_name]
        permissions = Permission.objects.filter(
            content_type__app_label__in={label.split(".")[0] for label in CONTENT_MODELS},
            codename__in=codenames,
        )
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(permissions)

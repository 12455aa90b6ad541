"""Every public read goes through the model's one public queryset, `Model.objects.public()`.

Pages, exports, feeds, sitemaps, the API and the data package must all show the same records:
what the public may see. So, in every module on a public path, a content model's manager is
only ever followed by `.public()`; a read that starts anywhere else fails here.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CONTENT_APPS = ("provinces", "lessons")
# The public face, the API and open data, and the content apps' pages, filters, row shapes and
# querysets. Not here: the admin and curation, which editors use and which see everything.
PUBLIC_PATHS = [
    "portal/public",
    "portal/api",
    "provinces/views.py",
    "provinces/filters.py",
    "provinces/datasets.py",
    "provinces/charts.py",
    "provinces/models",
    "lessons/views.py",
    "lessons/filters.py",
    "lessons/datasets.py",
    "lessons/models.py",
]


def content_models():
    return [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def public_path_modules():
    for entry in PUBLIC_PATHS:
        path = ROOT / entry
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def reads_around_public(source, model_names):
    """(line, text) of each `Model.objects` not followed by `.public`, and each private manager."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in ("_default_manager", "_base_manager"):
            found.append((node.lineno, ast.unparse(node)))
        elif node.attr == "objects":
            owner = node.value
            is_model = (isinstance(owner, ast.Name) and owner.id in model_names) or (
                isinstance(owner, ast.Attribute) and owner.attr == "related_model"
            )
            parent = parents.get(node)
            if is_model and not (isinstance(parent, ast.Attribute) and parent.attr == "public"):
                found.append((node.lineno, ast.unparse(parent if isinstance(parent, ast.Attribute) else node)))
    return found


def test_every_content_model_has_a_public_queryset(db):
    for model in content_models():
        assert callable(getattr(model.objects, "public", None)), model
        assert model.objects.public().model is model


def test_the_scan_finds_a_read_around_public():
    names = {"Lesson", "Province"}
    source = (
        "a = Lesson.objects.public().filter(x=1)\n"
        "b = Lesson.objects.filter(x=1)\n"
        "c = Province.objects.all()\n"
        "d = Lesson._default_manager.all()\n"
        "e = relation.related_model.objects.count()\n"
    )
    assert [line for line, _ in reads_around_public(source, names)] == [2, 3, 4, 5]


@pytest.mark.parametrize("path", list(public_path_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_public_paths_read_only_through_public(path):
    names = {model.__name__ for model in content_models()}
    found = reads_around_public(path.read_text(encoding="utf-8"), names)
    assert not found, f"{path.relative_to(ROOT)} reads around public(): {found}"

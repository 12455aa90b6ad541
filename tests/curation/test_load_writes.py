"""The load writes in bulk what one save() per record would have written: the same rows, the
same history, the same links; it retires the cached pages once, and its number of queries does
not grow with the number of records it writes."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from lessons.models import Initiative, Lesson, Theme
from portal.core.pagecache import current_data_version
from portal.curation.models import LoadedVersion
from provinces.models import Locality, Metric, NotCaptured, Province, Report

from .test_loader import MODELS, edit_json, load

# The save() methods the bulk writes reproduce (portal/curation/loading/writing.py). A model that
# gains its own save() must have it reproduced there, or be written with save(), before this passes.
REPRODUCED_SAVES = {
    "portal.core.locking.VersionedModel",  # the version
    "portal.core.search.Searchable",  # the search columns
    "provinces.models.reports.SourcedRecord",  # where the excerpt starts
    "provinces.models.reports.Report",  # the excerpts quoting a changed report are re-anchored
    "django.db.models.base.Model",
}
LINKED = {Lesson: "themes", Initiative: "themes", Report: "provinces"}


def empty_database():
    for model in reversed(MODELS):
        if model is Province:
            Province.objects.update(successor=None, merged_on=None)
        if model is Locality:
            Locality.objects.update(parent=None)
        if model is Report:
            NotCaptured.objects.all().delete()
        model.objects.all().delete()
    LoadedVersion.objects.all().delete()


def last_history_ids():
    return {model: model.history.aggregate(last=Max("history_id"))["last"] or 0 for model in MODELS}


def history_since(model, last_ids):
    return model.history.filter(history_id__gt=last_ids[model])


def test_saves_the_loader_reproduces():
    for model in MODELS:
        defining = {f"{cls.__module__}.{cls.__qualname__}" for cls in model.__mro__ if "save" in vars(cls)}
        assert defining <= REPRODUCED_SAVES, model


def test_a_first_load_writes_one_created_history_row_per_record(db):
    empty_database()
    before = last_history_ids()
    load()
    for model in MODELS:
        rows = history_since(model, before)
        assert sorted(rows.values_list("id", flat=True)) == sorted(model.objects.values_list("pk", flat=True))
        assert set(rows.values_list("history_type", "history_user", "history_change_reason")) == {("+", None, None)}
        assert all(row.version == 1 for row in rows)


@pytest.mark.parametrize("model", LINKED, ids=lambda model: model.__name__)
def test_the_history_of_a_first_load_holds_each_records_links(db, model):
    empty_database()
    load()
    name = LINKED[model]
    for record in model.objects.prefetch_related(name):
        (row,) = record.history.all()
        target = f"{model._meta.get_field(name).related_model._meta.model_name}_id"
        assert {getattr(link, target) for link in getattr(row, name).all()} == {
            obj.pk for obj in getattr(record, name).all()
        }
        links = getattr(model, name).through.objects.filter(**{model._meta.model_name: record})
        assert {link.id for link in getattr(row, name).all()} == set(links.values_list("pk", flat=True))


def test_bulk_written_rows_are_those_save_would_write(db):
    empty_database()
    load()
    derived = ("search_name", "search_text", "excerpt_start")
    for model in MODELS:
        names = [field.attname for field in model._meta.concrete_fields if field.attname in derived]
        for record in model.objects.all():
            written = [getattr(record, name) for name in names]
            record.save()
            record.refresh_from_db()
            assert [getattr(record, name) for name in names] == written, (model, record.pk)


def test_an_unchanged_load_writes_no_history_and_retires_no_pages(db, django_capture_on_commit_callbacks):
    before = last_history_ids()
    version = current_data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert "Changed 0 records" in load()
    assert callbacks == []
    assert current_data_version() == version
    assert all(not history_since(model, before).exists() for model in MODELS)


def test_a_changing_load_retires_the_pages_once(db, fixtures_copy, django_capture_on_commit_callbacks):
    edit_json(fixtures_copy / "reference/themes.json", lambda d: d["themes"][0].update(name_en="Digital govt"))
    edit_json(fixtures_copy / "reference/themes.json", lambda d: d["themes"][1].update(name_en="Digital econ"))
    version = current_data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert "Changed 2 records" in load(fixtures_copy)
    assert len(callbacks) == 1
    assert current_data_version() != version


def test_a_dry_run_retires_no_pages(db, fixtures_copy, django_capture_on_commit_callbacks):
    edit_json(fixtures_copy / "reference/themes.json", lambda d: d["themes"][0].update(name_en="Digital govt"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load(fixtures_copy, dry_run=True)
    assert callbacks == []


def test_changed_links_write_one_history_row_with_the_new_links(db, fixtures_copy):
    path = fixtures_copy / "curated/lao-cai-phong-van-2023.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    slug = data["lessons"][0]["slug"]
    lesson = Lesson.objects.get(slug=slug)
    kept_link = lesson.themes.through.objects.get(lesson=lesson, theme__slug=data["lessons"][0]["themes"][0])
    edit_json(path, lambda d: d["lessons"][0].update(themes=[d["lessons"][0]["themes"][0], "digital-economy"]))
    before = last_history_ids()
    assert "Changed 1 records" in load(fixtures_copy)
    lesson.refresh_from_db()
    (row,) = history_since(Lesson, before)
    assert (row.id, row.history_type, row.version) == (lesson.pk, "~", lesson.version)
    wanted = {data["lessons"][0]["themes"][0], "digital-economy"}
    assert set(lesson.themes.values_list("slug", flat=True)) == wanted
    assert {link.theme.slug for link in row.themes.all()} == wanted
    assert lesson.themes.through.objects.filter(pk=kept_link.pk).exists()  # an unchanged link stays as it was
    assert LoadedVersion.objects.get(model="lessons.Lesson", key=slug).version == lesson.version
    assert "Changed 0 records" in load(fixtures_copy)


def test_a_changed_record_is_updated_with_its_derived_columns(db, fixtures_copy):
    edit_json(fixtures_copy / "curated/lao-cai-phong-van-2023.json", lambda d: d["lessons"][0].update(title="Tú Lệ"))
    slug = json.loads((fixtures_copy / "curated/lao-cai-phong-van-2023.json").read_text("utf-8"))["lessons"][0]["slug"]
    version = Lesson.objects.get(slug=slug).version
    load(fixtures_copy)
    lesson = Lesson.objects.get(slug=slug)
    assert (lesson.title, lesson.version) == ("Tú Lệ", version + 1)
    assert "| tu le |" in lesson.search_name and " tu le " in lesson.search_text


def with_copies(fixtures_copy):
    """The fixtures with a copy of every initiative and metric of one report (new slugs): 32 more records."""
    path = fixtures_copy / "curated/lao-cai-phong-van-2023.json"

    def copy(data):
        for section in ("initiatives", "metrics"):
            data[section] += [{**item, "slug": item["slug"] + "-copy"} for item in data[section]]

    edit_json(path, copy)
    data = json.loads(path.read_text(encoding="utf-8"))
    return len(data["initiatives"]) // 2 + len(data["metrics"]) // 2


def first_load_queries(fixtures=None):
    empty_database()
    out = io.StringIO()
    with CaptureQueriesContext(connection) as context:
        call_command("load_portal_data", *(["--fixtures", str(fixtures)] if fixtures else []), stdout=out)
    return [query["sql"] for query in context.captured_queries]


def writes(queries):
    return [sql for sql in queries if sql.split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


def test_the_number_of_queries_does_not_grow_with_the_records(db, fixtures_copy):
    real = first_load_queries()
    added = with_copies(fixtures_copy)
    more = first_load_queries(fixtures_copy)
    assert (
        Initiative.objects.filter(slug__endswith="-copy").count()
        + Metric.objects.filter(slug__endswith="-copy").count()
        == added
    )
    assert len(writes(more)) - len(writes(real)) < added / 4  # SQLite cuts a long INSERT in batches
    # Reads: as many whatever the number of records (each report's provinces are read once, for
    # SourcedRecord.validate_place).
    assert len(more) - len(writes(more)) == len(real) - len(writes(real))
    assert len(real) < 400  # the real data: 303 records


def test_a_duplicate_unique_value_is_refused_with_djangos_message(db, fixtures_copy):
    themes = fixtures_copy / "reference/themes.json"
    edit_json(themes, lambda d: d["themes"][1].update(name=d["themes"][0]["name"]))
    expected = Theme(name="x").unique_error_message(Theme, ("name",))
    with pytest.raises(CommandError) as error:
        load(fixtures_copy)
    assert f"reference/themes.json: themes[1] (digital-economy): name: {expected.messages[0]}" in str(error.value)


def test_a_new_record_taking_an_existing_unique_value_is_refused(db, fixtures_copy):
    edit_json(
        fixtures_copy / "reference/themes.json",
        lambda d: d["themes"].append({**d["themes"][0], "slug": "another-theme", "position": 99}),
    )
    with pytest.raises(CommandError, match=r"themes\[\d+\] \(another-theme\): name: "):
        load(fixtures_copy)


def test_a_broken_check_constraint_is_refused_naming_it(db, fixtures_copy):
    edit_json(fixtures_copy / "reference/provinces.json", lambda d: d["provinces"][0].update(gso_code="7"))
    with pytest.raises(CommandError, match=r"provinces\[0\] \(.*\): .*province_gso_code_two_digits"):
        load(fixtures_copy)


def test_each_record_is_validated_without_a_query_per_unique_field(db):
    """The second load of the real data: each table read once, whole; no lookup per record and field."""
    with CaptureQueriesContext(connection) as context:
        load()
    for model in MODELS:
        table = model._meta.db_table
        reads = [query["sql"] for query in context.captured_queries if f'FROM "{table}"' in query["sql"]]
        # Report.clean() reads the records quoting the report: once per report, not per record.
        lookups = [sql for sql in reads if f'FROM "{table}" WHERE' in sql and f'"{table}"."report_id" = ' not in sql]
        assert lookups == [], model
        assert sum(" WHERE " not in sql for sql in reads) == 1, model

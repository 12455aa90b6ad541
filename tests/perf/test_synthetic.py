"""The synthetic benchmark data: faithful to the model invariants, searchable, renderable; and its
command, which exists only under the benchmark settings.

The generator is called directly, inside each test's rolled-back transaction, so `replace`
(which deletes the real data first) never outlives the test. The command runs in a subprocess
under tests.perf.settings, on a throw-away SQLite file.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import unicodedata

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from lessons.models import Initiative, Lesson, Theme
from portal import settings as portal_settings
from provinces.models import Indicator, Locality, Metric, Province, Report
from tests.perf.synthetic import SyntheticDataError, SyntheticDataGenerator

PORTAL_MODELS = (Theme, Province, Locality, Report, Indicator, Lesson, Initiative, Metric)
SEARCHABLE_MODELS = (Province, Locality, Report, Indicator, Lesson, Initiative)
PHRASE = "chuyển đổi số"


def generate(lessons, **options):
    return SyntheticDataGenerator(lessons, **options).generate()


def counts():
    return {model: model.objects.count() for model in PORTAL_MODELS}


def real_themes():
    with (settings.FIXTURES_ROOT / "reference" / "themes.json").open(encoding="utf-8") as file:
        return [item["slug"] for item in json.load(file)["themes"]]


def fixture_hashes():
    return {
        str(path.relative_to(settings.FIXTURES_ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(settings.FIXTURES_ROOT.rglob("*"))
        if path.is_file()
    }


def is_plain_english(text):
    """No Vietnamese letters: no combining marks after decomposition and no "đ"."""
    decomposed = unicodedata.normalize("NFD", text)
    return not any(unicodedata.combining(ch) for ch in decomposed) and "đ" not in text.lower()


@pytest.fixture
def synthetic(db):
    generate(300, replace=True, seed=7)


# ---- what the generator refuses ------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lessons": 0}, "lessons must be at least 1"),
        ({"lessons": 10, "provinces": 0}, "provinces must be at least 1"),
        ({"lessons": 10, "batch_size": 0}, "batch size must be at least 1"),
    ],
)
def test_refuses_empty_requests(options, message):
    with pytest.raises(SyntheticDataError, match=message):
        SyntheticDataGenerator(**options)


def test_refuses_to_add_a_second_synthetic_set_without_replace(synthetic):
    with pytest.raises(SyntheticDataError, match="--replace"):
        generate(20)
    assert Lesson.objects.count() == 300


def test_refuses_more_provinces_than_free_gso_codes_and_writes_nothing(db):
    before = counts()
    with pytest.raises(SyntheticDataError, match="GSO"):
        generate(100, provinces=99, replace=True)
    assert counts() == before  # the real data was deleted, then restored by the rollback
    assert not Province.objects.filter(slug__startswith="mp-").exists()


# ---- what is generated ---------------------------------------------------------------------
def test_replace_yields_exactly_the_requested_rows(synthetic):
    assert Lesson.objects.count() == 300
    assert Initiative.objects.count() == 180
    assert Metric.objects.count() == 90
    assert list(Theme.objects.order_by("position").values_list("slug", flat=True)) == real_themes()
    assert Province.objects.count() == 1  # about 2,000 lessons per province, at least one
    assert Indicator.objects.count() == 35
    assert set(Indicator.objects.values_list("unit", flat=True)) == {"count", "percent", "rank"}
    # The real data is gone: every row but the themes is synthetic.
    for model in (Province, Locality, Report, Indicator, Lesson, Initiative, Metric):
        assert not model.objects.exclude(slug__startswith="mp-").exists(), model


def test_every_record_quotes_a_sentence_of_its_report_about_its_province(synthetic):
    for model in (Lesson, Initiative, Metric):
        for record in model.objects.select_related("report", "locality").prefetch_related("report__provinces"):
            assert record.excerpt.endswith(".")
            assert record.excerpt in record.report.body, record.slug
            assert record.province_id in {p.pk for p in record.report.provinces.all()}, record.slug
            if record.locality_id:
                assert record.locality.province_id == record.province_id


def test_records_pass_the_models_own_validation(synthetic):
    records = [
        *Lesson.objects.order_by("slug")[:40],
        *Initiative.objects.order_by("slug")[:30],
        *Metric.objects.order_by("slug")[:30],
        *Locality.objects.all(),
        *Province.objects.all(),
    ]
    for record in records:
        record.full_clean()


def test_search_text_is_what_save_would_store(synthetic):
    for model in SEARCHABLE_MODELS:
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            stored = (row.search_name, row.search_text)
            row.set_search_columns()
            assert stored == (row.search_name, row.search_text), row.slug


def test_slugs_are_unique_and_recognisably_synthetic(synthetic):
    for model in (Province, Locality, Report, Indicator, Lesson, Initiative, Metric):
        slugs = list(model.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))
        assert all(slug.startswith("mp-") for slug in slugs)
    for province in Province.objects.all():
        assert province.name.startswith("Tỉnh mô phỏng ")


def test_provinces_use_free_gso_codes_and_valid_choices(db):
    generate(600, provinces=12, replace=True)
    with (settings.FIXTURES_ROOT / "reference" / "provinces.json").open(encoding="utf-8") as file:
        real_codes = {item["gso_code"] for item in json.load(file)["provinces"]}
    codes = list(Province.objects.values_list("gso_code", flat=True))
    assert len(codes) == len(set(codes)) == 12
    assert not set(codes) & real_codes
    assert {region for (region,) in Province.objects.values_list("region")} <= set(Province.Region.values)
    assert set(Locality.objects.values_list("level", flat=True)) <= set(Locality.Level.values)
    # Every province has its reports, and they cover the lessons evenly.
    assert all(province.reports.exists() for province in Province.objects.all())
    assert Lesson.objects.count() == 600


def test_record_fields_are_consistent(synthetic):
    for lesson in Lesson.objects.prefetch_related("themes"):
        assert 1 <= lesson.themes.count() <= 2
        assert lesson.kind in Lesson.Kind.values
        assert lesson.ordinal >= 1
        assert lesson.title and lesson.subject and lesson.subject_en and lesson.summary_en
    for initiative in Initiative.objects.prefetch_related("themes"):
        assert 1 <= initiative.themes.count() <= 2
        assert 2018 <= initiative.start_year <= 2025
        if initiative.level == Initiative.Level.PROVINCE:
            assert initiative.locality_id is None
        else:
            assert initiative.locality_id is not None
    for metric in Metric.objects.select_related("indicator"):
        assert metric.value >= 0
        if metric.indicator.unit == Indicator.Unit.PERCENT:
            assert metric.value <= 100
        if metric.indicator.unit == Indicator.Unit.RANK:
            assert metric.denominator == 63
            assert 1 <= metric.value <= metric.denominator
            assert metric.locality_id is None


def test_text_is_vietnamese_with_diacritics_and_english_in_english(synthetic):
    lessons = list(Lesson.objects.all())
    vietnamese = " ".join(f"{lesson.title} {lesson.subject} {lesson.excerpt}" for lesson in lessons)
    vietnamese += " ".join(Province.objects.values_list("name", flat=True))
    assert "Đ" in vietnamese
    assert "ử" in vietnamese
    assert unicodedata.is_normalized("NFC", vietnamese)
    for lesson in lessons:
        for text in (lesson.title_en, lesson.subject_en, lesson.summary_en):
            assert is_plain_english(text), text
    for initiative in Initiative.objects.all():
        assert is_plain_english(initiative.name_en) and is_plain_english(initiative.summary_en)


def test_search_for_chuyen_doi_so_finds_about_a_quarter(synthetic):
    total = Lesson.objects.count()
    found = set(Lesson.objects.search("chuyen doi so").values_list("pk", flat=True))
    assert 0.10 <= len(found) / total <= 0.50
    # Exactly the lessons that say it: nothing else matches all three words by accident.
    saying = {lesson.pk for lesson in Lesson.objects.all() if PHRASE in lesson.title or PHRASE in lesson.excerpt}
    assert found == saying


def test_same_seed_same_data_other_seed_other_data(db):
    def snapshot():
        return list(Lesson.objects.order_by("slug").values_list("slug", "title", "excerpt", "province__slug"))

    generate(60, replace=True, seed=3)
    first = snapshot()
    generate(60, replace=True, seed=3)
    assert snapshot() == first
    generate(60, replace=True, seed=4)
    assert snapshot() != first


def test_fixtures_are_byte_for_byte_unchanged(db):
    before = fixture_hashes()
    assert before
    generate(200, replace=True)
    assert fixture_hashes() == before


# ---- the portal works on synthetic data ----------------------------------------------------
def test_pages_answer_with_synthetic_data(synthetic, client):
    lesson = Lesson.objects.order_by("slug").first()
    province = Province.objects.order_by("slug").first()
    indicator = Indicator.objects.filter(metrics__isnull=False).order_by("slug").first()
    urls = [
        "/lessons/",
        lesson.get_absolute_url(),
        "/initiatives/",
        Initiative.objects.order_by("slug").first().get_absolute_url(),
        province.get_absolute_url(),
        indicator.get_absolute_url(),
        lesson.report.get_absolute_url(),
        "/lessons/?q=chuyen+doi+so",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert lesson.title in client.get(lesson.get_absolute_url()).content.decode()
    assert province.name in client.get(province.get_absolute_url()).content.decode()
    assert PHRASE in client.get("/lessons/?q=chuyen+doi+so").content.decode()


# ---- the command exists only under tests.perf.settings -------------------------------------
def test_the_command_does_not_exist_under_the_portal_settings():
    assert "tests.perf" not in portal_settings.INSTALLED_APPS
    assert "tests.perf" not in settings.INSTALLED_APPS
    assert "generate_synthetic_data" not in get_commands()
    with pytest.raises(CommandError, match="Unknown command"):
        call_command("generate_synthetic_data", lessons=10, replace=True)


def bench_env(bench_url, database_url=None):
    """The environment of a benchmark run: tests.perf.settings, and only the databases given."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.perf.settings"}
    for name in ("DATABASE_URL", "BENCH_DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    if bench_url is not None:
        env["BENCH_DATABASE_URL"] = bench_url
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def synthetic_lessons(path):
    with sqlite3.connect(path) as database:
        return database.execute(f"SELECT COUNT(*), SUM(slug LIKE 'mp-%') FROM {Lesson._meta.db_table}").fetchone()


@pytest.mark.scale
def test_the_command_fills_a_bench_database_under_the_bench_settings(tmp_path):
    path = tmp_path / "portal_bench.sqlite3"
    env = bench_env(f"sqlite:///{path}")
    migrated = manage(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr

    first = manage(env, "generate_synthetic_data", "--lessons", "40", "--replace")
    assert first.returncode == 0, first.stderr
    assert "lessons.Lesson: 40 created" in first.stdout
    assert synthetic_lessons(path) == (40, 40)

    # Without --replace a second set is refused, and the first one stays as it was.
    second = manage(env, "generate_synthetic_data", "--lessons", "10")
    assert second.returncode != 0
    assert "already present" in second.stderr and "Nothing was changed" in second.stderr
    assert synthetic_lessons(path) == (40, 40)


# ---- tests.perf.settings accepts only a separate benchmark database -------------------------
def load_bench_settings(bench_url, database_url=None):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.management import get_commands; "
        "print(settings.DATABASES['default']['NAME'], 'tests.perf' in settings.INSTALLED_APPS, "
        "'generate_synthetic_data' in get_commands(), settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=bench_env(bench_url, database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("bench_url", "database_url", "message"),
    [
        (None, None, "BENCH_DATABASE_URL must be set"),
        ("sqlite:////tmp/portal.sqlite3", None, "with 'bench' in its name"),
        ("sqlite:////tmp/bench/portal.sqlite3", None, "with 'bench' in its name"),  # the file name counts
        ("postgres://postgres@127.0.0.1:5432/cds_portal", None, "with 'bench' in its name"),
        ("sqlite:////tmp/x-bench.sqlite3", "sqlite:////tmp/x-bench.sqlite3", "portal's own database"),
        ("postgres://postgres@127.0.0.1:5432/cds_bench", "postgres://u@db.example:5432/cds_bench", "own database"),
    ],
)
def test_bench_settings_refuse_unsafe_databases(bench_url, database_url, message):
    result = load_bench_settings(bench_url, database_url)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_bench_settings_accept_a_separate_bench_database_and_install_the_command():
    result = load_bench_settings("sqlite:////tmp/x-bench.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/tmp/x-bench.sqlite3", "True", "True", "False"]

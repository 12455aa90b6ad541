"""The load command: idempotent, atomic, and precise about what is wrong."""

import hashlib
import io
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Indicator, Locality, Metric, Province, Report

MODELS = [Theme, Province, Locality, Report, Indicator, Metric, Lesson, Initiative]


def dump():
    """Every row of every portal model, serialized: equal dumps mean an unchanged database."""
    parts = []
    for model in MODELS:
        parts.append(serializers.serialize("json", model.objects.order_by("pk")))
    return "".join(parts)


def load(fixtures=None, **options):
    out = io.StringIO()
    args = ["--fixtures", str(fixtures)] if fixtures else []
    call_command("load_portal_data", *args, stdout=out, **options)
    return out.getvalue()


def edit_json(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def first_curated(fixtures_copy):
    """A curated file with lessons, initiatives and metrics, to break on purpose."""
    return fixtures_copy / "curated/lao-cai-phong-van-2023.json"


def test_second_load_changes_nothing(db):
    before = dump()
    output = load()
    assert "Changed 0 records" in output
    assert dump() == before


def test_load_into_empty_database_creates_every_record(db):
    counts = {model: model.objects.count() for model in MODELS}
    for model in reversed(MODELS):
        if model is Province:
            Province.objects.update(successor=None, merged_on=None)
        if model is Locality:
            Locality.objects.update(parent=None)
        model.objects.all().delete()
    output = load()
    assert {model: model.objects.count() for model in MODELS} == counts
    assert "0 unchanged" in output


def test_load_reports_progress_per_file(db):
    output = load()
    for path in ("curated/kinh-nghiem-ba-tinh-2022.json", "curated/nam-dinh-lan-toa-cach-lam-cds.json"):
        assert path in output
    assert "lessons.Lesson:" in output


def test_dry_run_validates_and_rolls_back(db, fixtures_copy):
    edit_json(fixtures_copy / "reference/themes.json", lambda d: d["themes"][0].update(name_en="Changed"))
    before = dump()
    output = load(fixtures_copy, dry_run=True)
    assert "Would change 1 records" in output
    assert dump() == before


def test_a_real_edit_is_applied(db, fixtures_copy):
    edit_json(fixtures_copy / "reference/themes.json", lambda d: d["themes"][0].update(name_en="Digital govt"))
    assert "Changed 1 records" in load(fixtures_copy)
    assert Theme.objects.get(slug="digital-government").name_en == "Digital govt"


def break_first_lesson_excerpt(data):
    data["lessons"][0]["excerpt"] = "Câu này không có trong bài Đ ử"


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (break_first_lesson_excerpt, ["lessons[0]", "excerpt", "nguyên văn"]),
        (lambda d: d["lessons"][0].update(province="ha-noi"), ["lessons[0]", "province", "unknown province 'ha-noi'"]),
        (lambda d: d["lessons"][0].update(themes=["digital-gov"]), ["lessons[0]", "themes", "unknown theme"]),
        (lambda d: d["lessons"][0].update(kind="idea"), ["lessons[0]", "kind"]),
        (lambda d: d["lessons"][1].update(slug=d["lessons"][0]["slug"]), ["lessons[1]", "slug", "duplicate key"]),
        (lambda d: d["lessons"][0].pop("title_en"), ["lessons[0]", "title_en", "required"]),
        (lambda d: d["metrics"][0].update(raw="4.0"), ["metrics[0]", "raw"]),
        (lambda d: d["initiatives"][0].update(start_year=1066), ["initiatives[0]", "start_year"]),
    ],
)
def test_broken_curated_record_aborts_and_changes_nothing(db, fixtures_copy, breakage, expected):
    path = first_curated(fixtures_copy)
    edit_json(path, breakage)
    # A valid change elsewhere must be rolled back too.
    edit_json(fixtures_copy / "reference/themes.json", lambda d: d["themes"][0].update(name_en="Changed"))
    before = dump()
    with pytest.raises(CommandError) as error:
        load(fixtures_copy)
    message = str(error.value)
    assert f"curated/{path.name}" in message
    for fragment in expected:
        assert fragment in message
    assert "nothing was changed" in message
    assert dump() == before


def test_invalid_utf8_names_the_file(db, fixtures_copy):
    path = fixtures_copy / "articles/nam-dinh-lan-toa-cach-lam-cds.txt"
    path.write_bytes(path.read_bytes()[:100] + b"\xff\xfe" + path.read_bytes()[100:])
    before = dump()
    with pytest.raises(CommandError, match=r"articles/nam-dinh-lan-toa-cach-lam-cds.txt: not valid UTF-8 at byte 100"):
        load(fixtures_copy)
    assert dump() == before


def edit_article(fixtures_copy, file, old, new, *, record_digest):
    path = fixtures_copy / "articles" / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if record_digest:  # as if the article had been taken in anew
        manifest_path = fixtures_copy / "articles/manifest.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for entry in manifest["reports"]:
            if entry["file"] == file:
                entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def test_an_article_copy_edited_by_hand_is_refused(db, fixtures_copy):
    edit_article(fixtures_copy, "yen-bai-lam-bai-ban-2023.txt", "Yên Bái", "Yen Bai", record_digest=False)
    before = dump()
    with pytest.raises(
        CommandError,
        match=r"articles/manifest.json: reports\[1\] \(yen-bai-lam-bai-ban-2023\): sha256: "
        r"yen-bai-lam-bai-ban-2023.txt no longer matches its recorded SHA-256",
    ):
        load(fixtures_copy)
    assert dump() == before


def test_changed_article_text_invalidates_excerpts(db, fixtures_copy):
    """A new article text that drops a quoted sentence is refused at the report, naming the record."""
    edit_article(fixtures_copy, "kinh-nghiem-ba-tinh-2022.txt", "Thứ nhất,", "Thứ nhứt,", record_digest=True)
    before = dump()
    with pytest.raises(
        CommandError,
        match=r"articles/manifest.json: reports\[0\] \(kinh-nghiem-ba-tinh-2022\): body: .*"
        r"\(lai-chau-dic-2022-lesson-1\)",
    ):
        load(fixtures_copy)
    assert dump() == before


def test_invalid_json_names_file_and_line(db, fixtures_copy):
    path = fixtures_copy / "reference/localities.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"slug": "tu-le",', '"slug": "tu-le"'), encoding="utf-8")
    with pytest.raises(CommandError, match=r"reference/localities.json: invalid JSON at line \d+"):
        load(fixtures_copy)


def test_conflicting_indicator_declarations_are_refused(db, fixtures_copy):
    paths = [
        p for p in sorted((fixtures_copy / "curated").glob("*.json")) if json.loads(p.read_text("utf-8"))["indicators"]
    ]
    first = json.loads(paths[0].read_text(encoding="utf-8"))["indicators"][0]

    def redeclare(data):
        data["indicators"].append({**first, "name_en": "Something else"})

    edit_json(paths[1], redeclare)
    with pytest.raises(
        CommandError, match=rf"curated/{paths[1].name}: indicators\[\d+\] \({first['slug']}\): name_en: differs"
    ):
        load(fixtures_copy)


def test_locality_of_another_province_is_refused(db, fixtures_copy):
    path = fixtures_copy / "curated/nam-dinh-lan-toa-cach-lam-cds.json"
    edit_json(path, lambda d: d["lessons"][0].update(locality="tu-le"))
    with pytest.raises(CommandError, match=r"lessons\[0\] .*locality: unknown locality of nam-dinh 'tu-le'"):
        load(fixtures_copy)


@pytest.mark.parametrize("file", ["../../.secret_key", "/etc/passwd", "../reference/themes.json"])
def test_an_article_path_outside_the_articles_folder_is_refused(db, fixtures_copy, file):
    path = fixtures_copy / "articles/manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["reports"][0]["file"] = file
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    before = dump()
    with pytest.raises(
        CommandError, match=r"reports\[0\] \(kinh-nghiem-ba-tinh-2022\): file: .* is outside fixtures/articles/"
    ):
        load(fixtures_copy)
    assert dump() == before

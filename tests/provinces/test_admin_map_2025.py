"""The 2025 administrative map: codes and units from the official list, and `current_province`."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from vietnam_address_converter import create_converter
from vietnam_provinces import Province as Province2025

from lessons.models import Initiative, Lesson
from provinces import units2025
from provinces.models import Locality, Metric, Province, Report

REFERENCE = Path(settings.FIXTURES_ROOT) / "reference"


def reference(name):
    with (REFERENCE / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)[name]


def test_every_province_of_today_has_the_official_2025_code_and_name(db):
    current = Province.objects.filter(successor__isnull=True)
    assert current.exists()
    for province in current:
        unit = units2025.province(province.code_2025)
        assert unit is not None, province.slug
        assert unit.name.removeprefix("Thành phố ") == province.name
        assert province.unit_2025 == unit


def test_merged_provinces_have_a_successor_of_today_and_no_2025_code(db):
    merged = Province.objects.filter(successor__isnull=False).select_related("successor")
    assert {p.slug: p.successor.slug for p in merged} == {
        "yen-bai": "lao-cai",
        "nam-dinh": "ninh-binh",
        "ha-nam": "ninh-binh",
    }
    for province in merged:
        assert province.code_2025 == ""
        assert province.successor.successor_id is None
        assert province.merged_on == units2025.EFFECTIVE_ON


def test_todays_lao_cai_took_the_old_yen_bai_code():
    # In the official list today's Lào Cai is 15, the old Yên Bái's code; the old Lào Cai was 10.
    assert Province2025.from_code(15).name == "Lào Cai"
    lao_cai = next(item for item in reference("provinces") if item["slug"] == "lao-cai")
    assert (lao_cai["gso_code"], lao_cai["code_2025"]) == ("10", "15")


def test_every_district_level_locality_is_abolished_on_1_july_2025(db):
    district_level = Locality.objects.filter(level__in=Locality.DISTRICT_LEVELS)
    assert district_level.count() == 10
    for locality in district_level:
        assert locality.abolished_on == units2025.EFFECTIVE_ON, locality.slug
        assert locality.unit_2025_code == ""


def test_every_commune_level_locality_belongs_to_the_unit_the_converter_gives(db):
    """The 2025 unit of each commune, township or ward named in the articles, checked twice: its
    code is in the official list, inside the province of today, and the address converter maps the
    old address (province, district, commune) to a unit of that same name."""
    converter = create_converter()
    communes = Locality.objects.exclude(level__in=Locality.DISTRICT_LEVELS).select_related("province", "parent")
    assert communes.count() == 3
    for locality in communes:
        unit = locality.unit_2025
        assert unit is not None, locality.slug
        today = locality.province.current_province
        assert unit.province_code.value == int(today.code_2025)
        result = converter.convert_old_to_new(
            {"province_name": locality.province.name, "district_name": locality.parent.name, "ward_name": locality.name}
        )
        assert result["status"] == "matched", locality.slug
        assert result["result"]["new_ward"]["name_with_type"].lower() == unit.name.lower()
        assert result["result"]["new_province"]["name"] == today.name


def test_tu_le_is_today_the_commune_tu_le_of_lao_cai(db):
    tu_le = Locality.objects.get(slug="tu-le")
    assert (tu_le.unit_2025.name, tu_le.province.current_province.slug) == ("Xã Tú Lệ", "lao-cai")


def test_the_models_refuse_codes_outside_the_official_list(db):
    lao_cai = Province.objects.get(slug="lao-cai")
    lao_cai.code_2025 = "10"  # the old code is not today's Lào Cai
    with pytest.raises(ValidationError) as error:
        lao_cai.full_clean()
    assert "code_2025" in error.value.message_dict
    yen_bai = Province.objects.get(slug="yen-bai")
    yen_bai.code_2025 = "15"
    with pytest.raises(ValidationError):
        yen_bai.full_clean()

    tu_le = Locality.objects.get(slug="tu-le")
    for wrong in ("99999", "13891"):  # unknown; a commune of Ninh Bình, not of Lào Cai
        tu_le.unit_2025_code = wrong
        with pytest.raises(ValidationError) as error:
            tu_le.full_clean()
        assert "unit_2025_code" in error.value.message_dict
    van_chan = Locality.objects.get(slug="van-chan")
    van_chan.abolished_on = None
    with pytest.raises(ValidationError) as error:
        van_chan.full_clean()
    assert "abolished_on" in error.value.message_dict


# ---- current_province ------------------------------------------------------------------------

LISTS = [
    ("/lessons/", Lesson),
    ("/initiatives/", Initiative),
    ("/api/v1/lessons/", Lesson),
    ("/api/v1/initiatives/", Initiative),
    ("/api/v1/metrics/", Metric),
    ("/api/v1/localities/", Locality),
    ("/api/v1/provinces/", Province),
    ("/api/v1/reports/", Report),
]


def covered(model, slugs):
    if model is Province:
        return set(Province.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    path = "provinces" if model is Report else "province"
    return set(model.objects.public().filter(**{f"{path}__slug__in": slugs}).values_list("pk", flat=True))


@pytest.mark.parametrize(("url", "model"), [item for item in LISTS if item[0].startswith("/api/")])
def test_api_lists_select_what_lies_in_todays_province(client, db, url, model):
    response = client.get(url, {"current_province": "lao-cai", "page_size": 500})
    assert response.status_code == 200
    ids = {row["id"] if "id" in row else row["slug"] for row in response.json()["results"]}
    expected = covered(model, ["lao-cai", "yen-bai"])
    slugs = set(model.objects.filter(pk__in=expected).values_list("slug", flat=True))
    assert ids in (expected, slugs)
    assert slugs  # the old Yên Bái's records are in today's Lào Cai


def test_pages_and_exports_select_the_same_records(client, db):
    expected = Lesson.objects.public().filter(province__slug__in=["lao-cai", "yen-bai"]).count()
    page = client.get("/lessons/", {"current_province": "lao-cai"})
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == expected
    export = client.get("/lessons/", {"current_province": "lao-cai", "format": "csv"})
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == expected + 1
    assert any("yen-bai" in row for row in rows) and not any(",lai-chau," in row for row in rows)


@pytest.mark.parametrize("url", [url for url, _model in LISTS] + ["/provinces/", "/reports/", "/indicators/"])
@pytest.mark.parametrize("value", ["yen-bai", "nam-dinh", "no-such-province", "Lào Cai", "x\x00"])
def test_a_province_that_is_not_of_today_is_a_400_naming_the_parameter(client, db, url, value):
    response = client.get(url, {"current_province": value})
    assert response.status_code == 400
    assert "current_province" in response.content.decode()


def test_ninh_binh_today_covers_the_old_nam_dinh_and_ha_nam(client, db):
    response = client.get("/api/v1/provinces/", {"current_province": "ninh-binh"})
    assert {row["slug"] for row in response.json()["results"]} == {"ninh-binh", "nam-dinh", "ha-nam"}


def test_the_successors_page_says_whose_data_it_includes(client, db):
    content = client.get("/provinces/lao-cai/").content.decode()
    assert "Bao gồm dữ liệu của tỉnh Yên Bái cũ" in content
    assert 'href="/lessons/?current_province=lao-cai"' in content
    assert "mã từ 1/7/2025: 15" in content
    ninh_binh = client.get("/provinces/ninh-binh/").content.decode()
    assert "tỉnh Hà Nam cũ" in ninh_binh and "Bao gồm dữ liệu của tỉnh Nam Định cũ" in ninh_binh
    yen_bai = client.get("/provinces/yen-bai/").content.decode()
    assert "cấp huyện, đã giải thể ngày 1/7/2025" in yen_bai
    assert "nay thuộc Xã Tú Lệ, tỉnh Lào Cai" in yen_bai


def test_a_list_says_it_is_filtered_by_todays_province_and_keeps_it(client, db):
    content = client.get("/lessons/", {"current_province": "lao-cai", "kind": "result"}).content.decode()
    assert "Đang lọc theo tỉnh hiện nay" in content
    assert (
        '<a class="chip" href="?kind=result"><span class="visually-hidden">Bỏ bộ lọc </span>Tỉnh hiện nay: Lào Cai'
        in content
    )
    assert '<input type="hidden" name="current_province" value="lao-cai">' in content

"""What the open dataset is, said once: its names in both languages, licence, coverage and
distributions.

The data package (portal.api.datapackage), the DCAT catalogue (portal.api.catalogue) and the
schema.org Dataset on the home and /data/ pages (portal.public.structured_data) all describe it
from here, so a harvester reading any of them finds the same title, licence and downloads.
Texts come in pairs (Vietnamese, English) rather than through gettext: a catalogue states both at
once, whatever language the request is in.
"""

from dataclasses import dataclass

from django.db.models import Max, Min
from django.urls import reverse

NAME = "cds-tinh-portal-data"
TITLE = {
    "vi": "CĐS tỉnh – bài học, sáng kiến và số liệu chuyển đổi số cấp tỉnh",
    "en": "CĐS tỉnh – lessons, initiatives and figures of provincial digital transformation in Vietnam",
}
DESCRIPTION = {
    "vi": (
        "Bài học, sáng kiến và số liệu chuyển đổi số của các tỉnh Việt Nam, mỗi mục kèm trích đoạn "
        "nguyên văn của báo cáo nguồn mà nó được rút ra."
    ),
    "en": (
        "Lessons, initiatives and metrics of Vietnamese provinces' digital transformation, each with "
        "the verbatim excerpt of the source report it comes from."
    ),
}
KEYWORDS = {
    "vi": ("chuyển đổi số", "bài học kinh nghiệm", "sáng kiến", "chính quyền số", "kinh tế số", "xã hội số", "tỉnh"),
    "en": ("digital transformation", "lessons learned", "initiatives", "e-government", "digital economy", "provinces"),
}
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
# Vietnam, as GeoNames and the EU's country authority name it (DCAT-AP asks for a URI).
SPATIAL = {
    "name": {"vi": "Việt Nam", "en": "Vietnam"},
    "geonames": "https://sws.geonames.org/1562822/",
    "eu_country": "http://publications.europa.eu/resource/authority/country/VNM",
}
# DCAT-AP data themes (EU vocabulary): government and public sector, science and technology,
# regions and cities.
EU_THEMES = tuple(
    f"http://publications.europa.eu/resource/authority/data-theme/{code}" for code in ("GOVE", "TECH", "REGI")
)


@dataclass(frozen=True)
class Distribution:
    key: str  # a stable name, the last part of its identifier in the catalogue
    url_name: str  # the route that serves it (a list page's CSV: the list's route + ?format=csv)
    media_type: str
    format: str  # the EU file-type code DCAT-AP uses (ZIP, JSON, CSV)
    title: dict
    query: str = ""

    def path(self):
        return reverse(self.url_name) + self.query


def download(key, url_name, media_type, file_type, vi, en, query=""):
    return Distribution(key, url_name, media_type, file_type, {"vi": vi, "en": en}, query)


def list_csv(key, url_name, vi, en):
    return download(key, url_name, "text/csv", "CSV", f"{vi} (CSV)", f"{en} (CSV)", "?format=csv")


DISTRIBUTIONS = (
    download(
        "datapackage", "data-zip", "application/zip", "ZIP",
        "Gói dữ liệu Frictionless (zip: CSV, lược đồ, nguồn của từng mục)", "Frictionless data package (zip)",
    ),
    download("json", "data-json", "application/json", "JSON", "Toàn bộ dữ liệu (JSON)", "The whole dataset (JSON)"),
    download(
        "annotations", "data-annotations", "application/ld+json", "JSON_LD",
        "Nguồn của từng mục (W3C Web Annotation, JSON-LD)", "Provenance of every record (W3C Web Annotations)",
    ),
    list_csv("lessons-csv", "lessons:lesson-list", "Bài học", "Lessons"),
    list_csv("initiatives-csv", "lessons:initiative-list", "Sáng kiến", "Initiatives"),
    list_csv("provinces-csv", "provinces:list", "Tỉnh", "Provinces"),
    list_csv("indicators-csv", "provinces:indicator-list", "Chỉ tiêu", "Indicators"),
    list_csv("reports-csv", "provinces:report-list", "Báo cáo nguồn", "Source reports"),
)  # fmt: skip

# The read API, a service rather than a file.
API = {
    "url_name": "api:schema",  # its OpenAPI description; the endpoint is the folder above it
    "docs_url_name": "api-docs",
    "title": {"vi": "API đọc dữ liệu (JSON)", "en": "Read API (JSON)"},
}


def api_endpoint():
    return reverse(API["url_name"]).rsplit("/", 1)[0] + "/"


def years_covered(reports):
    """(first, last) year of the given reports' dates, or None when none is dated."""
    span = reports.order_by().aggregate(first=Min("published_on"), last=Max("published_on"))
    if span["first"] is None:
        return None
    return span["first"].year, span["last"].year

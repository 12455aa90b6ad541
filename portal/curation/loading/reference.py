"""Loading the reference data: themes, provinces, localities, reports (the articles) and indicators.

A mixin of PortalDataLoader (loader.py), whose helpers (items, require, claim, lookup, save,
error) it uses.
"""

from django.db.models import prefetch_related_objects

from lessons.models import Theme
from provinces.models import Indicator, Locality, Province, Report

from .files import Where, read_text, sha256_of


class ReferenceData:
    def load_themes(self, data):
        file = "reference/themes.json"
        existing = self.rows_of(Theme)
        self.themes = {}
        for index, item in self.items(data, "themes", file):
            where = Where(file, "themes", index, item.get("slug", ""))
            if not self.require(item, where, "slug", "name", "name_en", "group", "position"):
                continue
            if not self.claim(Theme, item["slug"], where):
                continue
            values = {k: item.get(k, "") for k in ("name", "name_en", "group", "description", "description_en")}
            values["position"] = item["position"]
            theme = self.save(existing.get(item["slug"]) or Theme(slug=item["slug"]), values, where)
            if theme:
                self.themes[theme.slug] = theme
        self.write(Theme)
        self.report_progress(Theme)

    def load_provinces(self, data):
        file = "reference/provinces.json"
        existing = self.rows_of(Province)
        entries = []
        for index, item in self.items(data, "provinces", file):
            where = Where(file, "provinces", index, item.get("slug", ""))
            if self.require(item, where, "slug", "name", "name_en", "gso_code", "region"):
                if self.claim(Province, item["slug"], where):
                    entries.append((where, item))
        # A successor is saved before the provinces merged into it, so the link can point at it.
        entries.sort(key=lambda pair: bool(pair[1].get("successor")))
        self.provinces = {}
        for _where, item in entries:
            province = existing.get(item["slug"]) or Province(slug=item["slug"])
            self.provinces[item["slug"]] = province
        for where, item in entries:
            if item.get("successor"):
                self.write(Province)  # the provinces of today, before those merged into them
            values = {k: item[k] for k in ("name", "name_en", "gso_code", "region")}
            values["code_2025"] = item.get("code_2025", "")
            values["successor"] = self.lookup(self.provinces, item.get("successor"), where, "successor", "province")
            values["merged_on"] = self.parse_date(item.get("merged_on"), where, "merged_on")
            values["merger_source"] = item.get("merger_source", "")
            if values["successor"] is not None and values["successor"].pk is None:
                continue  # the successor itself failed validation and is already reported
            if values["successor"] is None and not values["code_2025"]:
                self.error(where, "code_2025", "a province of today needs its code in the official 2025 list")
                continue
            self.save(self.provinces[item["slug"]], values, where)
        self.write(Province)
        self.report_progress(Province)

    def load_localities(self, data):
        file = "reference/localities.json"
        existing = self.rows_of(Locality)
        self.localities = {}
        items = self.items(data, "localities", file)
        # Parents before children, whatever the order in the file.
        items.sort(key=lambda pair: pair[1].get("parent") is not None)
        for index, item in items:
            where = Where(file, "localities", index, item.get("slug", ""))
            if not self.require(item, where, "province", "slug", "name", "name_en", "level"):
                continue
            key = (item["province"], item["slug"])
            if not self.claim(Locality, key, where):
                continue
            province = self.lookup(self.provinces, item["province"], where, "province", "province")
            if province is None:
                continue
            parent = None
            if item.get("parent"):
                parent = self.lookup(
                    self.localities,
                    (item["province"], item["parent"]),
                    where,
                    "parent",
                    f"locality of {item['province']}",
                    shown=repr(item["parent"]),
                )
            if item["level"] in Locality.DISTRICT_LEVELS and not item.get("abolished_on"):
                self.error(where, "abolished_on", "the district level was abolished: give the date (2025-07-01)")
                continue
            if item["level"] not in Locality.DISTRICT_LEVELS and not item.get("unit_2025_code"):
                self.error(where, "unit_2025_code", "give the code of the 2025 commune or ward it now belongs to")
                continue
            values = {
                "province": province,
                "name": item["name"],
                "name_en": item["name_en"],
                "level": item["level"],
                "parent": parent,
                "abolished_on": self.parse_date(item.get("abolished_on"), where, "abolished_on"),
                "unit_2025_code": item.get("unit_2025_code", ""),
            }
            locality = self.save(existing.get(key) or Locality(slug=item["slug"]), values, where)
            if locality:
                self.localities[key] = locality
        self.write(Locality)
        self.report_progress(Locality)

    def load_reports(self, data):
        file = "articles/manifest.json"
        existing = self.rows_of(Report)
        self.reports = {}
        for index, item in self.items(data, "reports", file):
            where = Where(file, "reports", index, item.get("slug", ""))
            if not self.require(item, where, "slug", "file", "title", "title_en", "provinces", "source_file"):
                continue
            if not self.claim(Report, item["slug"], where):
                continue
            articles = (self.root / "articles").resolve()
            path = (articles / str(item["file"])).resolve()
            if not path.is_relative_to(articles):
                self.error(where, "file", f"{item['file']!r} is outside fixtures/articles/; name a file in that folder")
                continue
            if not path.is_file():
                self.error(where, "file", f"no such article file {item['file']!r}")
                continue
            body = read_text(path, self.root)
            if item.get("sha256") and sha256_of(path) != item["sha256"]:
                # The copy must stay the article as published, byte for byte.
                self.error(where, "sha256", f"{item['file']} no longer matches its recorded SHA-256")
                continue
            provinces = [
                self.lookup(self.provinces, slug, where, "provinces", "province") for slug in item["provinces"]
            ]
            if None in provinces:
                continue
            values = {
                "title": item["title"],
                "title_en": item["title_en"],
                "title_from_source": item.get("title_from_source", True),
                "series_part": item.get("series_part", ""),
                "publisher": item.get("publisher", ""),
                "byline": item.get("byline", ""),
                "byline_normalised": item.get("byline_normalised", ""),
                "original_author": item.get("original_author", ""),
                "original_outlet": item.get("original_outlet", ""),
                "published_on": self.parse_date(item.get("published_on"), where, "published_on"),
                "date_precision": item.get("date_precision", Report.DatePrecision.DAY),
                "date_inferred": item.get("date_inferred", False),
                "date_evidence": item.get("date_evidence", ""),
                "url": item.get("url", ""),
                "language": item.get("language", "vi"),
                "body": body,
                "source_file": item["source_file"],
            }
            report = self.save(
                existing.get(item["slug"]) or Report(slug=item["slug"]), values, where, {"provinces": provinces}
            )
            if report:
                self.reports[report.slug] = report
        self.write(Report)
        # Each record checks that its report covers its province (SourcedRecord.validate_place).
        prefetch_related_objects(list(self.reports.values()), "provinces")
        self.report_progress(Report)

    def load_indicators(self, curated):
        existing = self.rows_of(Indicator)
        declared = {}  # slug -> (where, item): the same indicator may be declared in several files
        self.indicators = {}
        fields = ("name", "name_en", "unit", "description", "description_en")
        for path, data in curated:
            file = f"curated/{path.name}"
            for index, item in self.items(data, "indicators", file):
                where = Where(file, "indicators", index, item.get("slug", ""))
                if not self.require(item, where, "slug", "name", "name_en", "unit"):
                    continue
                values = {k: item.get(k, "") for k in fields}
                if item["slug"] in declared:
                    first_where, first_values = declared[item["slug"]]
                    for name in fields:
                        if values[name] != first_values[name]:
                            self.error(where, name, f"differs from the declaration at {first_where}")
                    continue
                declared[item["slug"]] = (where, values)
                self.seen[(Indicator, item["slug"])] = where  # shared declarations are not duplicates
                indicator = self.save(existing.get(item["slug"]) or Indicator(slug=item["slug"]), values, where)
                if indicator:
                    self.indicators[indicator.slug] = indicator
        self.write(Indicator)
        self.report_progress(Indicator)

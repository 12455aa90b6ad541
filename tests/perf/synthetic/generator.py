"""The synthetic data generator: many provinces' worth of reports, lessons, initiatives and
metrics, written in realistic Vietnamese into a throw-away benchmark database.

It is not part of the portal: it lives in the engine room (tests/perf), and its command
(`manage.py generate_synthetic_data`) exists only under tests.perf.settings, which refuses the
portal's own database. Tests call the generator directly, inside a transaction that is rolled back.

Every slug it writes starts with "mp-" and every province is called "Tỉnh mô phỏng …", so a
synthetic row is recognisable wherever it shows up. From fixtures/ it only reads: the 8 real
themes, and the real provinces' GSO codes so as not to reuse them.

The rows keep the models' invariants: each excerpt is a verbatim sentence of its report's body,
each record's province is one of its report's provinces, `search_text` is what save() stores.
About a quarter of the lessons say "chuyển đổi số" in their title or excerpt, and no other
lesson text has a word starting with "chuyen", so a search for "chuyen doi so" finds that
quarter and nothing else.

Speed: rows are built in memory a chunk of reports at a time and written with bulk_create
(many-to-many through rows included) inside one transaction; nothing calls save().
"""

import json
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.text import slugify

from lessons.models import Initiative, Lesson, Theme
from portal.core.vntext import strip_marks
from provinces import units2025
from provinces.models import Indicator, Locality, Metric, NotCaptured, Province, Report

from .indicators import COUNT_HIGHS, INDICATORS
from .reports import ReportBuilder, SyntheticDataError
from .vocabulary import PLACE_NAMES, PREFIX

LESSONS_PER_REPORT = 20
INITIATIVES_PER_LESSON = 0.6
METRICS_PER_LESSON = 0.3
LESSONS_PER_PROVINCE = 2000


def even_split(total, parts):
    """`total` split into `parts` whole numbers differing by at most one."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


@dataclass
class GenerationResult:
    created: dict = field(default_factory=dict)  # model label -> rows created
    deleted: dict = field(default_factory=dict)  # table -> rows deleted by `replace`
    seconds: float = 0.0


# Children before parents, so no PROTECT foreign key is ever left dangling.
def portal_tables():
    return [
        Lesson.themes.through,
        Initiative.themes.through,
        Lesson,
        Initiative,
        Metric,
        NotCaptured,
        Report.provinces.through,
        Report,
        Locality,
        Province,
        Indicator,
        Theme,
    ]


class SyntheticDataGenerator:
    """`lessons` lessons (with 0.6 initiatives and 0.3 metrics per lesson) in `provinces`
    synthetic provinces; the same `seed` gives the same rows. With `replace`, every portal row
    (real data included) is deleted first, in the same transaction."""

    def __init__(self, lessons, provinces=None, seed=1, replace=False, batch_size=5000, progress=None):
        if lessons < 1:
            raise SyntheticDataError("The number of lessons must be at least 1.")
        if provinces is not None and provinces < 1:
            raise SyntheticDataError("The number of provinces must be at least 1.")
        if batch_size < 1:
            raise SyntheticDataError("The batch size must be at least 1.")
        self.lesson_total = lessons
        self.province_total = provinces
        self.seed = seed
        self.replace = replace
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.rng = random.Random(seed)
        self.result = GenerationResult()

    # ---- entry point -------------------------------------------------------------------
    def generate(self):
        """Write everything in one transaction; on SyntheticDataError nothing is written."""
        started = time.perf_counter()
        with transaction.atomic():
            if self.replace:
                self.delete_portal_rows()
            elif Province.objects.filter(slug__startswith=PREFIX).exists():
                raise SyntheticDataError("Synthetic data is already present; use --replace to regenerate it.")
            themes = self.create_themes()
            indicators = self.create_indicators()
            self.provinces = self.create_provinces()
            localities = self.create_localities()
            builder = ReportBuilder(self.rng, self.provinces, localities, themes, indicators)
            self.create_reports_and_records(builder)
        self.result.seconds = time.perf_counter() - started
        return self.result

    def delete_portal_rows(self):
        # One DELETE per table: the ORM's delete() would load every row and trip over the
        # PROTECT self-references (a locality's parent, a province's successor).
        with connection.cursor() as cursor:
            for model in portal_tables():
                table = model._meta.db_table
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
                self.result.deleted[table] = cursor.rowcount

    def created(self, model, count):
        label = model._meta.label
        self.result.created[label] = self.result.created.get(label, 0) + count

    def bulk(self, model, rows):
        model.objects.bulk_create(rows, batch_size=self.batch_size)
        self.created(model, len(rows))

    def with_search_text(self, rows):
        for row in rows:
            row.set_search_columns()
        return rows

    # ---- reference rows ----------------------------------------------------------------
    def create_themes(self):
        """The 8 real themes (their slugs are a URL contract), reused when already present."""
        path = Path(settings.FIXTURES_ROOT) / "reference" / "themes.json"
        with path.open(encoding="utf-8") as file:  # read-only: fixtures are never written
            items = json.load(file)["themes"]
        existing = {theme.slug: theme for theme in Theme.objects.all()}
        fields = ("name", "name_en", "group", "position", "description", "description_en")
        missing = [
            Theme(slug=item["slug"], **{name: item.get(name, "") for name in fields})
            for item in items
            if item["slug"] not in existing
        ]
        self.bulk(Theme, missing)
        existing.update((theme.slug, theme) for theme in missing)
        return [existing[item["slug"]] for item in items]

    def create_indicators(self):
        indicators = []
        for name, name_en, unit, phrase in INDICATORS:
            indicator = Indicator(
                slug=f"{PREFIX}{slugify(name_en)}",
                name=name,
                name_en=name_en,
                unit=unit,
                description=f"Chỉ tiêu mô phỏng để đo hiệu năng: {name[:1].lower()}{name[1:]}.",
                description_en=f"Synthetic indicator for benchmarking: {name_en[:1].lower()}{name_en[1:]}.",
            )
            # Not model fields: how report sentences state the figure, and its plausible maximum.
            indicator.phrase = phrase
            indicator.high = COUNT_HIGHS.get(name_en)
            indicators.append(indicator)
        self.bulk(Indicator, self.with_search_text(indicators))
        return indicators

    def free_gso_codes(self):
        """Two-digit codes used neither by the real provinces nor by any province in the database."""
        path = Path(settings.FIXTURES_ROOT) / "reference" / "provinces.json"
        with path.open(encoding="utf-8") as file:
            taken = {item["gso_code"] for item in json.load(file)["provinces"]}
        taken.update(Province.objects.values_list("gso_code", flat=True))
        return [code for code in (f"{number:02d}" for number in range(1, 100)) if code not in taken]

    def create_provinces(self):
        codes = self.free_gso_codes()
        count = self.province_total
        if count is None:  # by default each province gets about LESSONS_PER_PROVINCE lessons
            count = max(1, min(len(codes), round(self.lesson_total / LESSONS_PER_PROVINCE)))
        if count > len(codes):
            raise SyntheticDataError(f"At most {len(codes)} synthetic provinces fit the free two-digit GSO codes.")
        regions = [choice for choice, _label in Province.Region.choices]
        provinces = []
        for index, code in enumerate(codes[:count]):
            place = PLACE_NAMES[index % len(PLACE_NAMES)]
            provinces.append(
                Province(
                    slug=f"{PREFIX}{slugify(strip_marks(place))}-{code}",
                    name=f"Tỉnh mô phỏng {place} {code}",
                    name_en=f"Simulated province {strip_marks(place)} {code}",
                    gso_code=code,
                    region=regions[index % len(regions)],
                )
            )
        self.bulk(Province, self.with_search_text(provinces))
        return provinces

    def create_localities(self):
        """Per province: a city, two districts, a commune and a township under the districts."""
        Level = Locality.Level
        by_province = {}
        parents, children = [], []
        for province in self.provinces:
            city, first, second, commune, township = self.rng.sample(PLACE_NAMES, 5)
            city = self.new_locality(province, f"Thành phố {city}", f"{strip_marks(city)} City", Level.CITY)
            district_a = self.new_locality(province, first, strip_marks(first), Level.DISTRICT)
            district_b = self.new_locality(province, second, strip_marks(second), Level.DISTRICT)
            commune = self.new_locality(province, commune, strip_marks(commune), Level.COMMUNE, district_a)
            township = self.new_locality(
                province, f"Thị trấn {township}", f"{strip_marks(township)} Township", Level.TOWNSHIP, district_b
            )
            parents += [city, district_a, district_b]
            children += [commune, township]
            by_province[province.pk] = [city, district_a, district_b, commune, township]
        # Parents first, so that the children can point at their ids.
        self.bulk(Locality, self.with_search_text(parents))
        self.bulk(Locality, self.with_search_text(children))
        return by_province

    @staticmethod
    def new_locality(province, name, name_en, level, parent=None):
        return Locality(
            province=province,
            slug=f"{PREFIX}{province.gso_code}-{slugify(strip_marks(name))}",
            name=name,
            name_en=name_en,
            level=level,
            parent=parent,
            # Made-up places have no 2025 unit; the district level is abolished for them too.
            abolished_on=units2025.EFFECTIVE_ON if level in Locality.DISTRICT_LEVELS else None,
        )

    # ---- reports and what they state ---------------------------------------------------
    def create_reports_and_records(self, builder):
        report_count = max(len(self.provinces), math.ceil(self.lesson_total / LESSONS_PER_REPORT))
        plan = list(
            zip(
                even_split(self.lesson_total, report_count),
                even_split(round(self.lesson_total * INITIATIVES_PER_LESSON), report_count),
                even_split(round(self.lesson_total * METRICS_PER_LESSON), report_count),
                strict=True,
            )
        )
        chunk = max(1, self.batch_size // LESSONS_PER_REPORT)
        for start in range(0, report_count, chunk):
            self.write_chunk(
                builder, [(number, *plan[number]) for number in range(start, min(start + chunk, report_count))]
            )
            self.progress(
                f"{self.result.created.get('lessons.Lesson', 0)}/{self.lesson_total} lessons, "
                f"{self.result.created.get('provinces.Report', 0)}/{report_count} reports"
            )

    def write_chunk(self, builder, plan):
        reports, report_places, records = [], [], {Lesson: [], Initiative: [], Metric: []}
        for number, lessons, initiatives, metrics in plan:
            report, places, built = builder.build_report(number, lessons, initiatives, metrics)
            reports.append(report)
            report_places += [(report, province) for province in places]
            for model, rows in built.items():
                records[model] += rows
        self.bulk(Report, self.with_search_text(reports))
        ReportProvinces = Report.provinces.through
        ReportProvinces.objects.bulk_create(
            [ReportProvinces(report_id=report.pk, province_id=province.pk) for report, province in report_places],
            batch_size=self.batch_size,
        )
        for model in (Lesson, Initiative):
            rows = [row for row, _themes in records[model]]
            self.bulk(model, self.with_search_text(rows))
            through = model.themes.through
            owner = f"{model._meta.model_name}_id"
            through.objects.bulk_create(
                [
                    through(**{owner: row.pk, "theme_id": theme.pk})
                    for row, themes in records[model]
                    for theme in themes
                ],
                batch_size=self.batch_size,
            )
        self.bulk(Metric, records[Metric])

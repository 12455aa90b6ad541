"""One synthetic report with its lessons, initiatives and metrics, built in memory.

Each record quotes one sentence of its report's body verbatim (its excerpt), and its province is
one of the report's provinces. Nothing here touches the database: generator.py writes the rows.
"""

from datetime import date
from decimal import Decimal

from lessons.models import Initiative, Lesson
from portal.core.models import Publishable
from portal.core.vntext import format_number
from provinces.models import Indicator, Locality, Metric, Report

from .indicators import QUALIFIER_WORDS
from .vocabulary import (
    ACTIONS,
    DIGITAL_ENDINGS,
    DIGITAL_TITLE,
    FILLERS,
    GAINS,
    GIVEN_NAMES,
    INITIATIVE_FORMS,
    INITIATIVE_NAMES,
    INITIATIVE_TEMPLATES,
    LESSON_TEMPLATES,
    MIDDLE_NAMES,
    OBJECTS,
    PREFIX,
    PUBLISHERS,
    REPORT_TITLES,
    SUBJECTS,
    SURNAMES,
    TITLE_TAILS,
)

DIGITAL_SHARE = 0.25  # lessons that mention "chuyển đổi số"
RANK_DENOMINATOR = Decimal(63)  # ranks are among the 63 provinces
PUBLISHED = Publishable.Status.PUBLISHED


class SyntheticDataError(Exception):
    """The request cannot be met (bad arguments, synthetic data already present); nothing was written."""


def capitalized(text):
    # str.capitalize() would lower-case the proper nouns that follow.
    return text[:1].upper() + text[1:]


class ReportBuilder:
    """Draws reports and their records from `rng`, among the given reference rows.

    `localities` maps a province's pk to its localities; `indicators` carry the two extra
    attributes generator.py gives them (`phrase`, `high`). Record slugs are numbered across
    all reports built by the same builder.
    """

    def __init__(self, rng, provinces, localities, themes, indicators):
        self.rng = rng
        self.provinces = provinces
        self.localities = localities
        self.themes = themes
        self.indicators = indicators
        self.counters = {"lesson": 0, "initiative": 0, "metric": 0}

    def build_report(self, number, lesson_count, initiative_count, metric_count):
        """(report, its provinces, {Lesson: [(lesson, themes)], Initiative: [...], Metric: [metric]})."""
        rng = self.rng
        primary = self.provinces[number % len(self.provinces)]
        places = [primary]
        if len(self.provinces) > 1 and rng.random() < 0.125:  # some reports cover two provinces
            places.append(self.provinces[(number + 1) % len(self.provinces)])
        year = rng.randint(2019, 2025)
        published = date(year, rng.randint(1, 12), rng.randint(1, 28))
        title_vi, title_en = rng.choice(REPORT_TITLES)
        report = Report(
            status=PUBLISHED,  # benchmarks measure the public site
            slug=f"{PREFIX}bao-cao-{number + 1:06d}",
            title=title_vi.format(p=" và ".join(p.name for p in places), y=year),
            title_en=title_en.format(p=" and ".join(p.name_en for p in places), y=year),
            publisher=rng.choice(PUBLISHERS),
            byline=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}",
            published_on=published,
            language="vi",
            source_file=f"synthetic/{PREFIX}bao-cao-{number + 1:06d}.txt",
        )
        seen = set()  # each sentence once per body, so an excerpt is found where it belongs
        ordinals = {}
        built = {
            Lesson: [self.build_lesson(report, places, seen, ordinals) for _ in range(lesson_count)],
            Initiative: [self.build_initiative(report, places, published, seen) for _ in range(initiative_count)],
            Metric: [self.build_metric(report, places, published, seen) for _ in range(metric_count)],
        }
        sentences = list(seen)
        sentences.sort()  # sets have no stable order; sort, then shuffle with the seeded generator
        rng.shuffle(sentences)
        report.body = self.build_body(report, published, sentences)
        return report, places, built

    def build_body(self, report, published, sentences):
        """The quoted sentences in paragraphs of 3 to 5, with uncited fillers between them."""
        rng = self.rng
        fillers = iter(rng.sample(FILLERS, len(FILLERS)))
        opening = f"{next(fillers)} {next(fillers)}"
        paragraphs = [report.title, f"{report.publisher}, ngày {published:%d/%m/%Y}", opening]
        index = 0
        while index < len(sentences):
            size = rng.randint(3, 5)
            paragraph = sentences[index : index + size]
            index += size
            filler = next(fillers, None) if rng.random() < 0.5 else None
            if filler:
                paragraph.insert(rng.randint(0, len(paragraph)), filler)
            paragraphs.append(" ".join(paragraph))
        paragraphs.append(next(fillers, "Kết quả này sẽ được tiếp tục theo dõi, đánh giá trong thời gian tới."))
        return "\n\n".join(paragraphs)

    def pick_place(self, places, locality_share):
        rng = self.rng
        province = places[0] if len(places) == 1 or rng.random() < 0.8 else places[1]
        locality = rng.choice(self.localities[province.pk]) if rng.random() < locality_share else None
        return province, locality

    def unique_sentence(self, seen, make):
        """A sentence not yet in this report's body (make() draws a new one each call)."""
        for _attempt in range(50):
            sentence, extra = make()
            if sentence not in seen:
                seen.add(sentence)
                return sentence, extra
        raise SyntheticDataError("Could not draw a distinct sentence; the phrase pools are too small.")

    def themes_for_record(self):
        return self.rng.sample(self.themes, self.rng.choice((1, 1, 2)))

    def build_lesson(self, report, places, seen, ordinals):
        rng = self.rng
        province, locality = self.pick_place(places, 0.35)
        kind = rng.choice(Lesson.Kind.values)
        mention = rng.choice(("title", "excerpt", "both")) if rng.random() < DIGITAL_SHARE else ""
        ordinals[kind] = ordinal = ordinals.get(kind, 0) + 1

        def make():
            subject, verb, obj, gain = (rng.choice(pool) for pool in (SUBJECTS, ACTIONS, OBJECTS, GAINS))
            sentence_vi, summary = LESSON_TEMPLATES[kind]
            where = f"Tại {locality.name}, " if locality else ""
            sentence = capitalized(
                sentence_vi.format(where=where, subject=subject[0], verb=verb[0], obj=obj[0], gain=gain[0])
            )
            if mention in ("excerpt", "both"):
                sentence = sentence[:-1] + rng.choice(DIGITAL_ENDINGS) + "."
            # The article numbers its lists ("Thứ 3, …"): an ordinal needs that marker (portal/core/fidelity.py).
            sentence = f"Thứ {ordinal}, {sentence[:1].lower()}{sentence[1:]}"
            summary = summary.format(subject=subject[1], verb=verb[1], obj=obj[1], gain=gain[1])
            if locality:
                summary = f"In {locality.name_en}: {summary[:1].lower()}{summary[1:]}"
            return sentence, (subject, verb, obj, summary)

        excerpt, (subject, verb, obj, summary) = self.unique_sentence(seen, make)
        tail = DIGITAL_TITLE if mention in ("title", "both") else rng.choice(TITLE_TAILS)
        if mention:
            summary += " Part of the province's digital transformation."
        self.counters["lesson"] += 1
        lesson = Lesson(
            status=PUBLISHED,  # benchmarks measure the public site
            slug=f"{PREFIX}bai-hoc-{self.counters['lesson']:07d}",
            report=report,
            excerpt=excerpt,
            province=province,
            locality=locality,
            subject=subject[0],
            subject_en=subject[1],
            kind=kind,
            ordinal=ordinal,
            title=capitalized(f"{verb[0]} {obj[0]}{tail[0]}"),
            title_en=capitalized(f"{verb[1]} {obj[1]}{tail[1]}"),
            summary_en=summary,
        )
        return lesson, self.themes_for_record()

    def build_initiative(self, report, places, published, seen):
        rng = self.rng
        province, locality = self.pick_place(places, 0.5)
        year = rng.randint(2018, max(2018, published.year))  # started before it was reported
        if locality is None:
            level = Initiative.Level.PROVINCE
        elif locality.level in (Locality.Level.CITY, Locality.Level.TOWN, Locality.Level.DISTRICT):
            level = Initiative.Level.DISTRICT
        else:
            level = Initiative.Level.COMMUNE

        def make():
            (x_vi, x_en), (form_vi, form_en) = rng.choice(INITIATIVE_NAMES), rng.choice(INITIATIVE_FORMS)
            subject, gain = rng.choice(SUBJECTS), rng.choice(GAINS)
            name = form_vi.format(x=x_vi) + (f" ở {locality.name}" if locality else "")
            name_en = form_en.format(x=x_en) + (f" in {locality.name_en}" if locality else "")
            template_vi, template_en = rng.choice(INITIATIVE_TEMPLATES)
            sentence = template_vi.format(
                year=year,
                place=locality.name if locality else "toàn tỉnh",
                subject=subject[0],
                name=name[:1].lower() + name[1:],
                gain=gain[0],
            )
            summary = template_en.format(
                year=year,
                place_en=locality.name_en if locality else "the province",
                subject=subject[1],
                name=name_en,
                gain=gain[1],
            )
            return sentence, (name, name_en, summary)

        excerpt, (name, name_en, summary) = self.unique_sentence(seen, make)
        self.counters["initiative"] += 1
        initiative = Initiative(
            status=PUBLISHED,  # benchmarks measure the public site
            slug=f"{PREFIX}sang-kien-{self.counters['initiative']:07d}",
            report=report,
            excerpt=excerpt,
            province=province,
            locality=locality,
            name=name,
            name_en=name_en,
            level=level,
            start_year=year,
            summary_en=summary,
        )
        return initiative, self.themes_for_record()

    def build_metric(self, report, places, published, seen):
        rng = self.rng

        def make():
            indicator = rng.choice(self.indicators)
            province, locality = self.pick_place(places, 0 if indicator.unit == Indicator.Unit.RANK else 0.3)
            # A figure for a period the report could know about: up to its publication month.
            year = rng.randint(published.year - 2, published.year)
            last_month = published.month if year == published.year else 12
            month = rng.randint(1, last_month) if rng.random() < 0.3 else None
            value, denominator, qualifier, figure = self.draw_figure(indicator, locality)
            scope = f"ở {locality.name}" if locality else "trên địa bàn tỉnh"
            lead = f"Tính đến tháng {month}/{year}, " if month else f"Năm {year}, "
            sentence = lead + indicator.phrase.format(scope=scope, v=figure) + "."
            return sentence, (indicator, province, locality, value, denominator, qualifier, year, month)

        excerpt, (indicator, province, locality, value, denominator, qualifier, year, month) = self.unique_sentence(
            seen, make
        )
        self.counters["metric"] += 1
        return Metric(
            status=PUBLISHED,  # benchmarks measure the public site
            slug=f"{PREFIX}so-lieu-{self.counters['metric']:07d}",
            report=report,
            excerpt=excerpt,
            indicator=indicator,
            province=province,
            locality=locality,
            value=value,
            denominator=denominator,
            qualifier=qualifier,
            period_year=year,
            period_month=month,
        )

    def draw_figure(self, indicator, locality):
        """(value, denominator, qualifier, the figure as the sentence writes it) for `indicator`."""
        rng = self.rng
        if indicator.unit == Indicator.Unit.RANK:
            value = Decimal(rng.randint(1, 63))
            figure = f"{format_number(value)}/{format_number(RANK_DENOMINATOR)}"
            return value, RANK_DENOMINATOR, Metric.Qualifier.EXACT, figure
        qualifier = Metric.Qualifier.EXACT
        if rng.random() < 0.2:
            qualifier = rng.choice([q for q in QUALIFIER_WORDS if q != Metric.Qualifier.EXACT])
        if indicator.unit == Indicator.Unit.PERCENT:
            value = Decimal(rng.randint(100, 10000)) / 100  # 1.00 to 100.00
            figure = f"{format_number(value)}%"
        else:
            high = indicator.high if locality is None else max(10, indicator.high // 10)
            value = Decimal(rng.randint(max(1, high // 50), high))
            figure = format_number(value)
        return value, None, qualifier, QUALIFIER_WORDS[qualifier] + figure

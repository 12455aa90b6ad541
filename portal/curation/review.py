"""The review queue: extraction proposes candidates from a report, an editor accepts or rejects.

- propose(report): run the extraction rules (portal/curation/extraction.py) on the report's body
  and replace its pending candidates: enumerated items become lessons (or challenges, tasks,
  solutions, proposals, by the words that introduce their list), quoted names initiatives,
  figures metrics, each with its offsets, place and parsed number.
- accept(candidate, editor): create the record the candidate describes, as a draft, with the
  model's own validation; what is missing (an English title, a theme, an indicator) comes back
  as a ValidationError naming the fields, and nothing is created.
- reject(candidate, reason): set it aside, with the reason.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lessons.models import Initiative, Lesson
from provinces.models import Indicator, Metric

from . import extraction
from .models import Candidate
from .slugs import unique_slug

# Words that introduce a list, nearest first: "Những hạn chế ... Thứ nhất, ..." is a challenge.
LIST_KINDS = [
    ("hạn chế", Lesson.Kind.CHALLENGE),
    ("khó khăn", Lesson.Kind.CHALLENGE),
    ("nhiệm vụ", Lesson.Kind.TASK),
    ("giải pháp", Lesson.Kind.SOLUTION),
    ("đề xuất", Lesson.Kind.PROPOSAL),
    ("kiến nghị", Lesson.Kind.PROPOSAL),
    ("kết quả", Lesson.Kind.RESULT),
    ("bài học", Lesson.Kind.LESSON),
    ("kinh nghiệm", Lesson.Kind.LESSON),
]
LOOK_BACK = 400  # characters before an item where its list's introduction is looked for
TITLE_WORDS = 14
FIGURE_UNITS = {"percent": Indicator.Unit.PERCENT, "rank": Indicator.Unit.RANK, "fraction": Indicator.Unit.COUNT}


def list_kind(body, start):
    """The kind of an enumerated item, from the last list word in the text before it."""
    before = body[max(0, start - LOOK_BACK) : start].lower()
    found = [(before.rfind(word), kind) for word, kind in LIST_KINDS if word in before]
    return max(found)[1] if found else Lesson.Kind.LESSON


def short_title(text):
    """The item's first clause, without its list marker, at most TITLE_WORDS words."""
    text = re.sub(r"^(Thứ \w+|\w+ là|Đầu tiên|Cuối cùng|Tiếp đó|Tiếp theo)[,:]?\s*", "", text.strip())
    clause = re.split(r"[.;:]\s", text, maxsplit=1)[0]
    words = clause.split()
    title = " ".join(words[:TITLE_WORDS])
    return (title[:1].upper() + title[1:]) + ("…" if len(words) > TITLE_WORDS else "")


def sentence_around(body, start, end):
    """The sentence that holds body[start:end]: a figure's excerpt."""
    left = max(body.rfind(". ", 0, start), body.rfind("\n", 0, start))
    right_candidates = [i for i in (body.find(". ", end), body.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(body)
    return left + 1 if left >= 0 else 0, right


def place_in(report, text):
    """(province, locality) of a passage: the report's only province, and a locality it names."""
    provinces = list(report.provinces.all())
    province = provinces[0] if len(provinces) == 1 else None
    for candidate_province in provinces:
        for locality in candidate_province.localities.all():
            if re.search(rf"(?<!\w){re.escape(locality.name)}(?!\w)", text):
                return candidate_province, locality
    return province, None


@transaction.atomic
def propose(report):
    """Replace the report's pending candidates with what the rules find now; returns them.

    Accepted and rejected candidates stay, and a passage already decided is not proposed again.
    """
    body = report.body
    report.candidates.filter(status=Candidate.Status.PENDING).delete()
    decided = set(report.candidates.values_list("start", "end", "kind"))
    found = extraction.extract(body)
    proposals = []
    for item in found["enumerations"]:
        kind = list_kind(body, item.start)
        proposals.append(
            Candidate(
                kind=kind, rule="enumeration", start=item.start, end=item.end, excerpt=item.text,
                ordinal=item.details.get("ordinal"), title=short_title(item.text),
            )
        )  # fmt: skip
    for item in found["quotes"]:
        if item.details["words"] < 2:
            continue
        start, end = sentence_around(body, item.start, item.end)
        proposals.append(
            Candidate(
                kind=Candidate.INITIATIVE, rule="quote", start=start, end=end, excerpt=body[start:end],
                title=item.text.strip(),
            )
        )  # fmt: skip
    for item in found["numbers"]:
        details = item.details
        if details["kind"] not in ("percent", "rank", "fraction", "count") or "GMT" in details["context"]:
            continue  # dates, years, document numbers, times; and a page's time-zone banner
        start, end = sentence_around(body, item.start, item.end)
        proposals.append(
            Candidate(
                kind=Candidate.METRIC, rule="number", start=start, end=end, excerpt=body[start:end],
                raw=item.text, value=details["value"], denominator=details.get("denominator"),
                unit=FIGURE_UNITS.get(details["kind"], Indicator.Unit.COUNT), title=details["context"][:300],
            )
        )  # fmt: skip
    created = []
    for proposal in proposals:
        if (proposal.start, proposal.end, proposal.kind) in decided:
            continue
        proposal.report = report
        # The excerpt without the spaces around it, its offsets moved to match.
        text = proposal.excerpt
        proposal.start += len(text) - len(text.lstrip())
        proposal.excerpt = text.strip()
        proposal.end = proposal.start + len(proposal.excerpt)
        proposal.province, proposal.locality = place_in(report, proposal.excerpt)
        created.append(proposal)
    return Candidate.objects.bulk_create(created)


DRAFT_PERIOD_NOTE = "Chưa ghi thời kỳ: bản nháp từ đề xuất tự động, biên tập viên cần kiểm tra trước khi công bố."
DRAFT_PERIOD_NOTE_EN = "No period yet: a draft from an automatic proposal, for an editor to check before publishing."


def record_for(candidate):
    """The draft record the candidate describes (unsaved), and its many-to-many themes."""
    report = candidate.report
    common = {
        "report": report,
        "excerpt": candidate.excerpt,
        "province": candidate.province,
        "locality": candidate.locality,
    }
    if candidate.kind == Candidate.METRIC:
        return Metric(
            slug=unique_slug(Metric, f"{report.slug}-metric-{candidate.start}"),
            indicator=candidate.indicator,
            value=candidate.value,
            denominator=candidate.denominator,
            raw=candidate.raw,
            # A proposal knows no period; the draft says so until the editor gives the year or why.
            period_note=DRAFT_PERIOD_NOTE,
            period_note_en=DRAFT_PERIOD_NOTE_EN,
            **common,
        )
    if candidate.kind == Candidate.INITIATIVE:
        return Initiative(
            slug=unique_slug(Initiative, f"{report.slug}-initiative-{candidate.start}"),
            name=candidate.title,
            name_en=candidate.title_en,
            level=Initiative.Level.COMMUNE if candidate.locality else Initiative.Level.PROVINCE,
            summary_en=candidate.summary_en,
            **common,
        )
    return Lesson(
        slug=unique_slug(Lesson, f"{report.slug}-{candidate.kind}-{candidate.ordinal or candidate.start}"),
        kind=candidate.kind,
        ordinal=candidate.ordinal,
        subject=candidate.subject,
        subject_en=candidate.subject_en,
        title=candidate.title,
        title_en=candidate.title_en,
        summary_en=candidate.summary_en,
        **common,
    )


@transaction.atomic
def accept(candidate, editor):
    """Create the candidate's record as a draft; ValidationError (nothing created) if incomplete."""
    if candidate.status != Candidate.Status.PENDING:
        raise ValidationError(_("Đề xuất này đã được xử lý."))
    record = record_for(candidate)
    themes = list(candidate.themes.all())
    errors = {}
    if candidate.province is None:
        errors["province"] = [_("Hãy chọn tỉnh.")]
    if not isinstance(record, Metric) and not themes:
        errors["themes"] = [_("Hãy chọn ít nhất một chủ đề.")]
    if isinstance(record, Metric) and candidate.indicator is None:
        errors["indicator"] = [_("Hãy chọn chỉ tiêu mà con số này đo.")]
    try:
        record.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            field = CANDIDATE_FIELD.get(name, name)
            if field not in errors:  # our own message for a field says more than "required"
                errors[field] = list(messages)
    if errors:
        raise ValidationError(errors)
    record.reviewed_by = editor
    record.save()
    if themes:
        record.themes.set(themes)
    candidate.status = Candidate.Status.ACCEPTED
    candidate.record = f"{record._meta.label} {record.slug}"
    candidate.save(update_fields=["status", "record"])
    return record


# A record's field -> the candidate's field an editor corrects for it.
CANDIDATE_FIELD = {"name": "title", "name_en": "title_en", "slug": "title"}


def reject(candidate, reason):
    if not reason.strip():
        raise ValidationError({"reason": [_("Hãy ghi lý do loại đề xuất.")]})
    candidate.status = Candidate.Status.REJECTED
    candidate.reason = reason.strip()
    candidate.save(update_fields=["status", "reason"])

"""set_related_counts() gives the counts count_related() annotates, one grouped query per relation."""

from lessons.models import Theme
from portal.core.models import set_related_counts
from provinces.models import Province

PROVINCE_COUNTS = ("lesson_count", "initiative_count", "metric_count", "report_count")


def test_grouped_counts_equal_the_annotated_ones(db, django_assert_num_queries):
    annotated = {p.pk: tuple(getattr(p, name) for name in PROVINCE_COUNTS) for p in Province.objects.with_counts()}
    provinces = list(Province.objects.all())
    with django_assert_num_queries(4):
        set_related_counts(provinces, Province)
    assert {p.pk: tuple(getattr(p, name) for name in PROVINCE_COUNTS) for p in provinces} == annotated
    assert any(counts[0] for counts in annotated.values()) and any(not counts[0] for counts in annotated.values())
    themes = set_related_counts(list(Theme.objects.all()), Theme)
    assert [(t.lesson_count, t.initiative_count) for t in themes] == [
        (t.lesson_count, t.initiative_count) for t in Theme.objects.with_counts()
    ]


def test_drafts_are_not_counted(db, yen_bai):
    before = set_related_counts([yen_bai], Province)[0].lesson_count
    yen_bai.lessons.filter(pk=yen_bai.lessons.order_by("pk").first().pk).update(status="draft")
    assert set_related_counts([yen_bai], Province)[0].lesson_count == before - 1

from django.views.generic import DetailView

from portal.citations import CitableMixin
from portal.listing import FilteredListView, source_columns

from .filters import InitiativeFilter, LessonFilter
from .models import Initiative, Lesson, Theme


def themes_of(row):
    return "|".join(theme.slug for theme in row.themes.all())


def slug_of(related):
    return related.slug if related else ""


class LessonListView(FilteredListView):
    template_name = "lessons/lesson_list.html"
    filterset_class = LessonFilter
    export_name = "lessons"
    columns = (
        ("slug", lambda row: row.slug),
        ("title", lambda row: row.title),
        ("title_en", lambda row: row.title_en),
        ("kind", lambda row: row.kind),
        ("ordinal", lambda row: row.ordinal or ""),
        ("subject", lambda row: row.subject),
        ("subject_en", lambda row: row.subject_en),
        ("province", lambda row: row.province.slug),
        ("locality", lambda row: slug_of(row.locality)),
        ("themes", themes_of),
        ("summary_en", lambda row: row.summary_en),
        *source_columns(),
    )

    def base_queryset(self):
        return Lesson.objects.for_list()


class LessonDetailView(CitableMixin, DetailView):
    template_name = "lessons/lesson_detail.html"
    context_object_name = "lesson"

    def get_queryset(self):
        return Lesson.objects.for_list()

    def get_context_data(self, **kwargs):
        lesson = self.object
        siblings = Lesson.objects.filter(report=lesson.report, kind=lesson.kind, subject=lesson.subject).exclude(
            pk=lesson.pk
        )
        return super().get_context_data(siblings=siblings.order_by("ordinal", "slug"), **kwargs)


class InitiativeListView(FilteredListView):
    template_name = "lessons/initiative_list.html"
    filterset_class = InitiativeFilter
    export_name = "initiatives"
    columns = (
        ("slug", lambda row: row.slug),
        ("name", lambda row: row.name),
        ("name_en", lambda row: row.name_en),
        ("level", lambda row: row.level),
        ("start_year", lambda row: row.start_year or ""),
        ("province", lambda row: row.province.slug),
        ("locality", lambda row: slug_of(row.locality)),
        ("themes", themes_of),
        ("summary_en", lambda row: row.summary_en),
        *source_columns(),
    )

    def base_queryset(self):
        return Initiative.objects.for_list()


class InitiativeDetailView(CitableMixin, DetailView):
    template_name = "lessons/initiative_detail.html"
    context_object_name = "initiative"

    def get_queryset(self):
        return Initiative.objects.for_list()


class ThemeDetailView(CitableMixin, DetailView):
    template_name = "lessons/theme_detail.html"
    context_object_name = "theme"
    queryset = Theme.objects.all()

    def get_context_data(self, **kwargs):
        theme = self.object
        return super().get_context_data(
            lessons=Lesson.objects.for_list().filter(themes=theme),
            initiatives=Initiative.objects.for_list().filter(themes=theme),
            **kwargs,
        )

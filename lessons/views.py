"""The lessons app's own pages: lesson and initiative lists (filtered, exportable) and details, a theme's page."""

from django.views.generic import DetailView, ListView

from portal.core.citations import CitableMixin
from portal.core.listing import FilteredListView
from provinces.views import ProvinceHintsMixin

from .datasets import INITIATIVES, LESSONS
from .filters import InitiativeFilter, LessonFilter
from .models import Initiative, Lesson, Theme


class LessonListView(ProvinceHintsMixin, FilteredListView):
    template_name = "lessons/lesson_list.html"
    filterset_class = LessonFilter
    dataset = LESSONS


class LessonDetailView(CitableMixin, DetailView):
    template_name = "lessons/lesson_detail.html"
    context_object_name = "lesson"

    def get_queryset(self):
        return Lesson.objects.public()

    def get_context_data(self, **kwargs):
        lesson = self.object
        siblings = (
            Lesson.objects.public()
            .filter(report=lesson.report, kind=lesson.kind, subject=lesson.subject)
            .exclude(pk=lesson.pk)
        )
        return super().get_context_data(siblings=siblings.order_by("ordinal", "slug"), **kwargs)


class InitiativeListView(ProvinceHintsMixin, FilteredListView):
    template_name = "lessons/initiative_list.html"
    filterset_class = InitiativeFilter
    dataset = INITIATIVES


class InitiativeDetailView(CitableMixin, DetailView):
    template_name = "lessons/initiative_detail.html"
    context_object_name = "initiative"

    def get_queryset(self):
        return Initiative.objects.public()


class ThemeListView(ListView):
    """The eight themes, pillars first, each with how many lessons and initiatives it tags."""

    template_name = "lessons/theme_list.html"
    context_object_name = "themes"
    queryset = Theme.objects.public().with_counts()


class ThemeDetailView(CitableMixin, DetailView):
    template_name = "lessons/theme_detail.html"
    context_object_name = "theme"
    queryset = Theme.objects.public()

    def get_context_data(self, **kwargs):
        theme = self.object
        return super().get_context_data(
            lessons=Lesson.objects.public().filter(themes=theme),
            initiatives=Initiative.objects.public().filter(themes=theme),
            **kwargs,
        )

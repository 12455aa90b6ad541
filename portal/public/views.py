"""The pages about the whole portal: the overview, about, robots.txt and the 404 answer."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import defaults
from django.views.generic import TemplateView

from lessons.models import Initiative, Lesson, Theme
from portal.core.aggregates import remembered
from portal.core.models import set_related_counts
from provinces.models import Indicator, Metric, Province, Report


class HomeView(TemplateView):
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        # Everything here is an aggregate over whole tables: remembered per data version.
        return super().get_context_data(**remembered(("home",), self.overview), **kwargs)

    @staticmethod
    def overview():
        return {
            "provinces": set_related_counts(
                list(Province.objects.public().prefetch_related("merged_provinces")), Province
            ),
            "themes": set_related_counts(list(Theme.objects.public()), Theme),
            "latest_lessons": list(Lesson.objects.public().latest(6)),
            "headline_metrics": list(
                Metric.objects.public()
                .filter(indicator__unit__in=[Indicator.Unit.PERCENT, Indicator.Unit.RANK])
                # What was reported, not what is planned; each shown with its kind and province.
                .exclude(kind=Metric.Kind.TARGET)
                .headline_first()[:6]
            ),
            "totals": {
                "lessons": Lesson.objects.public().count(),
                "initiatives": Initiative.objects.public().count(),
                "metrics": Metric.objects.public().count(),
                "reports": Report.objects.public().count(),
            },
        }


class AboutView(TemplateView):
    template_name = "public/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=Report.objects.public().with_counts(),
            themes=Theme.objects.public(),
            **kwargs,
        )


def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /*?*format=",
        "Disallow: /*?*cite=",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    """404: a JSON body under /api/ (clients parse it), the localized page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Không tìm thấy.")}, status=404)
    return defaults.page_not_found(request, exception)

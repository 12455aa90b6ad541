from django import forms
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.generic import TemplateView

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Indicator, Locality, Metric, Province, Report

from . import datapackage
from .aggregates import remembered
from .listing import bad_request


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        # Everything here is an aggregate over whole tables: remembered per data version.
        return super().get_context_data(**remembered(("home",), self.overview), **kwargs)

    @staticmethod
    def overview():
        return {
            "provinces": list(
                Province.objects.with_counts().select_related("successor").prefetch_related("merged_provinces")
            ),
            "themes": list(Theme.objects.with_counts()),
            "latest_lessons": list(Lesson.objects.for_list().latest(6)),
            "headline_metrics": list(
                Metric.objects.for_list()
                .filter(indicator__unit__in=[Indicator.Unit.PERCENT, Indicator.Unit.RANK])
                .order_by("-period_year", "indicator__name")[:6]
            ),
            "totals": {
                "lessons": Lesson.objects.count(),
                "initiatives": Initiative.objects.count(),
                "metrics": Metric.objects.count(),
                "reports": Report.objects.count(),
            },
        }


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, strip=True)


# (key, heading, queryset factory, how many to show, the list page that can filter by q)
SEARCH_GROUPS = [
    ("lessons", _("Bài học"), lambda: Lesson.objects.for_list(), 20, "lessons:lesson-list"),
    ("initiatives", _("Sáng kiến"), lambda: Initiative.objects.for_list(), 20, "lessons:initiative-list"),
    ("provinces", _("Tỉnh"), lambda: Province.objects.all(), 10, None),
    ("localities", _("Địa phương"), lambda: Locality.objects.select_related("province"), 10, None),
    ("indicators", _("Chỉ tiêu"), lambda: Indicator.objects.all(), 10, None),
    ("reports", _("Báo cáo nguồn"), lambda: Report.objects.all(), 10, None),
]


class SearchView(TemplateView):
    """One search over everything, accent- and case-insensitive, grouped by type."""

    template_name = "portal/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            return bad_request(request, {name: list(errors) for name, errors in form.errors.items()})
        query = form.cleaned_data["q"]
        groups = []
        if query:
            for key, heading, queryset, limit, list_url in SEARCH_GROUPS:
                matches = queryset().search(query)
                groups.append(
                    {
                        "key": key,
                        "heading": heading,
                        "count": matches.count(),
                        "results": list(matches[:limit]),
                        "list_url": list_url,
                    }
                )
        context = self.get_context_data(
            query=query, groups=groups, total=sum(group["count"] for group in groups), **kwargs
        )
        return self.render_to_response(context)


class AboutView(TemplateView):
    template_name = "portal/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=Report.objects.with_counts().prefetch_related("provinces"),
            themes=Theme.objects.all(),
            **kwargs,
        )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
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


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


class DataView(TemplateView):
    """/data/: the whole dataset for download, with its licence and how to cite it."""

    template_name = "portal/data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            resources=[
                {"name": name, "count": queryset().count(), "columns": [c.name for c in columns]}
                for name, (queryset, columns, _) in datapackage.RESOURCES.items()
            ],
            citation=datapackage.citation(site_url(self.request)),
            license=datapackage.LICENSE,
            license_note=datapackage.LICENSE_NOTE,
            **kwargs,
        )


def data_zip(request):
    response = HttpResponse(datapackage.build_zip(site_url(request)), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}.zip"'
    return response


def data_json(request):
    response = HttpResponse(datapackage.build_json(site_url(request)), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}.json"'
    return response

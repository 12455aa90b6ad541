"""The provinces app's own pages: province, indicator and report lists, and an indicator's figures."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from portal.core.citations import CitableMixin
from portal.core.listing import (
    BadRequest,
    FilteredListView,
    bad_request,
    export_response,
    paginate,
    requested_format,
)

from .charts import bar_chart, chart_svg
from .datasets import INDICATORS, METRICS, PROVINCES, REPORTS
from .filters import IndicatorFilter, ProvinceFilter, ReportFilter
from .models import Indicator, Province


class ProvinceHintsMixin:
    """For a list filterable by province: the provinces named by the search words ("lao cai").

    Officials often type a province's name into the search box; each hint is the link that
    turns the words into the province filter (the words also match records that merely mention
    the province).
    """

    def extra_context(self, filterset):
        return {**super().extra_context(filterset), "province_hints": self.province_hints(filterset)}

    @staticmethod
    def province_hints(filterset):
        query = filterset.form.cleaned_data.get("q")
        if not query or filterset.data.getlist("province"):
            return []
        hints = []
        for province in Province.objects.public().search(query)[:3]:
            params = filterset.data.copy()
            for name in ("q", "page"):
                params.pop(name, None)
            params["province"] = province.slug
            hints.append((province, params.urlencode()))
        return hints


METRICS_PER_PAGE = 50


def indicator_format(request):
    """`format` of an indicator page: html (default), csv, json, or svg (its chart)."""
    if request.GET.get("format") == "svg":
        return "svg"
    try:
        return requested_format(request)
    except BadRequest:
        raise BadRequest({"format": [_("Định dạng phải là csv, json hoặc svg.")]}) from None


class ProvinceListView(FilteredListView):
    template_name = "provinces/province_list.html"
    filterset_class = ProvinceFilter
    dataset = PROVINCES
    paginate_by = 100


class IndicatorListView(ProvinceHintsMixin, FilteredListView):
    template_name = "provinces/indicator_list.html"
    filterset_class = IndicatorFilter
    dataset = INDICATORS
    paginate_by = 100


class IndicatorDetailView(CitableMixin, DetailView):
    """One indicator compared across provinces; `format=csv|json` downloads its figures,
    `format=svg` the chart of the page's figures."""

    template_name = "provinces/indicator_detail.html"
    context_object_name = "indicator"
    queryset = Indicator.objects.public()
    query_parameters = {**CitableMixin.query_parameters, "format": indicator_format}

    def respond(self, query):
        metrics = METRICS.rows().filter(indicator=self.object).order_by("province__name", "period_year", "slug")
        if query["format"] not in ("html", "svg"):
            return export_response(self.request, metrics, METRICS, query["format"], f"indicator_{self.object.slug}")
        # A page of figures at a time: a national indicator can have thousands of them.
        try:
            page = paginate(self.request, metrics, METRICS_PER_PAGE, ("indicator-metrics", self.object.pk))
        except BadRequest as error:
            return bad_request(self.request, error.errors)
        metrics = page.object_list
        others = FilteredListView.query_without(self.request, "format")
        svg_url = f"?{others}&format=svg" if others else "?format=svg"
        chart = bar_chart(metrics, total=page.paginator.count, svg_url=svg_url)
        chart["filename"] = f"chart_{self.object.slug}"
        if query["format"] == "svg":
            page_url = self.request.build_absolute_uri(self.request.path)
            svg = chart_svg(chart, self.object.localized_name, page_url)
            response = render(self.request, "provinces/chart.svg", {"svg": svg}, content_type="image/svg+xml")
            response["Content-Disposition"] = f'attachment; filename="{chart["filename"]}.svg"'
            return response
        context = self.get_context_data(
            object=self.object,
            metrics=metrics,
            chart=chart,
            page_obj=page,
            query_without_page=FilteredListView.query_without(self.request, "page"),
        )
        return self.render_to_response(context)


class ReportListView(ProvinceHintsMixin, FilteredListView):
    template_name = "provinces/report_list.html"
    filterset_class = ReportFilter
    dataset = REPORTS
    paginate_by = 50

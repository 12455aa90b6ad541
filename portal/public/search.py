"""/search/: one search over everything, grouped by type.

The matching itself (accents and case ignored, whole phrases first) is portal.core.search; the
highlighting of the matched words in the results is the `highlight` template tag.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lessons.models import Initiative, Lesson
from portal.core.listing import bad_request
from provinces.models import Indicator, Locality, Province, Report


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, strip=True)


# (key, heading, model, how many to show, the list page that can filter by q)
SEARCH_GROUPS = [
    ("lessons", _("Bài học"), Lesson, 20, "lessons:lesson-list"),
    ("initiatives", _("Sáng kiến"), Initiative, 20, "lessons:initiative-list"),
    ("provinces", _("Tỉnh"), Province, 10, None),
    ("localities", _("Địa phương"), Locality, 10, None),
    ("indicators", _("Chỉ tiêu"), Indicator, 10, None),
    ("reports", _("Báo cáo nguồn"), Report, 10, None),
]


class SearchView(TemplateView):
    """One search over everything, accent- and case-insensitive, grouped by type."""

    template_name = "public/search.html"

    @classmethod
    def accepted_parameters(cls):
        """The query parameters this page reads (the page cache keys on these alone)."""
        return set(SearchForm.base_fields)

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            return bad_request(request, {name: list(errors) for name, errors in form.errors.items()})
        query = form.cleaned_data["q"]
        groups = []
        if query:
            for key, heading, model, limit, list_url in SEARCH_GROUPS:
                matches = model.objects.public().search(query)
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

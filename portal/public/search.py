"""/search/: one search over everything, grouped by type, with a best bet on top.

The matching itself (whole syllables, accents and case ignored, phrases first) is
portal.core.search; the highlighting of the matched syllables is the `highlight` template tag.

When the syllables typed occur together as a phrase in some records of a group, the group lists
those ("tu le": what concerns Tú Lệ) and says how many more hold the syllables apart ("từ …
lệ"), with a link to them in the full list; otherwise it lists every record holding them all.
Counts stop at COUNT_LIMIT ("more than 1,000"): counting every match costs more than the page.
They and the keys of the rows each group shows are remembered per data version, as the lists'
counts are: the next reader of the same search reads only the rows shown.
"""

import functools

from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lessons.models import Initiative, Lesson, Theme
from portal.core.aggregates import remembered
from portal.core.listing import bad_request, keys_of, rows_of
from portal.core.search import ALL, COUNT_LIMIT, EXACT_NAME, PHRASE, SearchQuery, stored_form
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


def list_link(name, **params):
    return f"{reverse(name)}?{urlencode(params)}"


def named(label, record):
    return label % {"name": record.localized_name}


def best_bets(query, groups, themes):
    """What the query names exactly (a province, locality, theme, initiative), with the lists
    filtered to it: [{"kind", "record", "links": [(label, url)]}], provinces first."""
    results = {group["key"]: group["results"] for group in groups}
    bets = []
    for province in results.get("provinces", []):
        if province.search_rank == EXACT_NAME:
            filtered = {"province": province.slug}
            bets.append(
                {
                    "kind": Province._meta.verbose_name,
                    "record": province,
                    "links": [
                        (named(_("Bài học của %(name)s"), province), list_link("lessons:lesson-list", **filtered)),
                        (
                            named(_("Sáng kiến của %(name)s"), province),
                            list_link("lessons:initiative-list", **filtered),
                        ),
                    ],
                }
            )
    for locality in results.get("localities", []):
        if locality.search_rank == EXACT_NAME:
            bets.append(
                {
                    "kind": locality.get_level_display(),
                    "record": locality,
                    "links": [
                        (
                            named(_("Bài học ở %(name)s"), locality),
                            list_link("lessons:lesson-list", locality=locality.slug),
                        ),
                        (locality.province.localized_name, locality.province.get_absolute_url()),
                    ],
                }
            )
    for theme in themes:
        if query.is_name_of(stored_form([theme.name, theme.name_en])):
            filtered = {"theme": theme.slug}
            bets.append(
                {
                    "kind": Theme._meta.verbose_name,
                    "record": theme,
                    "links": [
                        (named(_("Bài học về %(name)s"), theme), list_link("lessons:lesson-list", **filtered)),
                        (named(_("Sáng kiến về %(name)s"), theme), list_link("lessons:initiative-list", **filtered)),
                    ],
                }
            )
    for initiative in results.get("initiatives", []):
        if initiative.search_rank == EXACT_NAME:
            bets.append({"kind": Initiative._meta.verbose_name, "record": initiative, "links": []})
    return bets


def found(matches, limit):
    """What a group of the page shows of its searched rows: (all, phrase) counts and the keys of
    the first `limit` rows (those holding the phrase, if any do)."""
    total, phrase = matches.phrase_first_counts(COUNT_LIMIT)
    shown = matches.phrase_matches() if phrase else matches
    return total, phrase, keys_of(shown, 0, limit, up_to_rank=PHRASE if phrase else ALL)


class SearchView(TemplateView):
    """One search over everything, by whole syllables, grouped by type, best bet first."""

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
        parsed = SearchQuery.parse(query)
        groups = []
        if query:
            for key, heading, model, limit, list_url in SEARCH_GROUPS:
                matches = model.objects.public().search(parsed)
                total, phrase, keys = remembered(
                    ("search-group", COUNT_LIMIT, key, parsed.syllables), functools.partial(found, matches, limit)
                )
                count = phrase or total
                groups.append(
                    {
                        "key": key,
                        "heading": heading,
                        "count": min(count, COUNT_LIMIT),
                        "count_is_exact": count <= COUNT_LIMIT,
                        # Of a phrase counted past the limit, how many hold the syllables apart is unknown.
                        "apart": min(total, COUNT_LIMIT) - phrase if phrase and phrase <= COUNT_LIMIT else 0,
                        "apart_is_exact": total <= COUNT_LIMIT,
                        "results": rows_of(matches, keys),
                        "list_url": list_url,
                    }
                )
        themes = list(Theme.objects.public()) if parsed else []
        context = self.get_context_data(
            query=query,
            groups=groups,
            best_bets=best_bets(parsed, groups, themes),
            total=sum(group["count"] for group in groups),
            total_is_exact=all(group["count_is_exact"] for group in groups),
            **kwargs,
        )
        return self.render_to_response(context)

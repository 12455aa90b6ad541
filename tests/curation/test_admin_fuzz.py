"""Hostile query strings and URL parts against the admin, as a signed-in editor: never a 5xx.

The same hostile values as the public pages (tests/public/test_fuzz.py), at each parameter of the
admin's lists (search, sort, pages, filters, the date drill-down), its autocomplete, and in place
of the record and version ids of the change and history pages.
"""

import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.public.test_fuzz import COUNTER, HOSTILE

pytestmark = pytest.mark.fuzz

LISTS = {
    "/admin/lessons/lesson/": ["q", "o", "p", "kind__exact", "province__id__exact", "themes__id__exact", "e"],
    "/admin/lessons/initiative/": ["q", "o", "p", "level__exact", "role__exact", "start_year__exact"],
    "/admin/provinces/report/": [
        "q",
        "published_on__year",
        "published_on__month",
        "published_on__day",
        "date_inferred__exact",
    ],
    "/admin/provinces/metric/": ["q", "o", "kind__exact", "period_year__exact", "indicator__unit__exact"],
    "/admin/provinces/locality/": ["q", "level__exact", "province__id__exact"],
    "/admin/curation/candidate/": ["q", "status__exact", "kind__exact", "report__id__exact"],
    "/admin/autocomplete/": ["term", "app_label", "model_name", "field_name", "page"],
    "/admin/auth/user/": ["q", "is_staff__exact"],
}
# {id} is replaced by a hostile value: a record's pages with an id that is no id.
PATHS = [
    "/admin/lessons/lesson/{id}/change/",
    "/admin/lessons/lesson/{id}/history/",
    "/admin/lessons/lesson/1/history/{id}/",
    "/admin/provinces/report/{id}/change/",
    "/admin/provinces/metric/{id}/history/",
]
EXAMPLES = 80  # 13 targets: about 1,000 requests per database


def check(response, url):
    COUNTER["requests"] += 1
    assert response.status_code in {200, 302, 400, 403, 404}, (url, response.status_code)
    if "text/html" in response.get("Content-Type", ""):
        body = response.content.decode("utf-8", "replace")
        assert "<script>alert(1)</script>" not in body and '"><img src=x>' not in body, url


@pytest.mark.parametrize("path", list(LISTS))
def test_hostile_query_strings_never_break_the_admin(signed_in_editor, path):
    names = st.sampled_from(LISTS[path] + ["x", ""])
    encoded = st.lists(st.tuples(names, HOSTILE), max_size=5).map(urllib.parse.urlencode)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(query=encoded)
    def run(query):
        url = f"{path}?{query}"
        check(signed_in_editor.get(url), url)

    run()


@pytest.mark.parametrize("template", PATHS)
def test_hostile_ids_never_break_a_record_page(signed_in_editor, template):
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=HOSTILE)
    def run(value):
        url = template.format(id=urllib.parse.quote(value, safe=""))
        check(signed_in_editor.get(url), url)

    run()

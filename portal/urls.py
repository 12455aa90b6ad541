"""The root URLconf: each layer's pages, Vietnamese at the root and English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

import provinces.urls
from portal.api import catalogue_views, opendata
from portal.api.docs import ApiDocsView
from portal.curation import corrections
from portal.curation.accounts import two_factor_view
from portal.public import urls as public_urls
from portal.public.sitemaps import SITEMAPS
from portal.public.views import robots_txt

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Before the admin's own URLs, inside its path: staff only, like every admin page.
    path(settings.ADMIN_URL + "xac-thuc-hai-buoc/", admin.site.admin_view(two_factor_view), name="two-factor"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("portal.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("data/cds-tinh-portal-data.zip", opendata.data_zip, name="data-zip"),
    path("data/cds-tinh-portal-data.json", opendata.data_json, name="data-json"),
    path("data/annotations.jsonld", opendata.data_annotations, name="data-annotations"),
    # The DCAT catalogue, for harvesters (portal/api/catalogue.py).
    path("data/catalog.ttl", catalogue_views.catalog_turtle, name="data-catalog-ttl"),
    path("data/catalog.jsonld", catalogue_views.catalog_jsonld, name="data-catalog-jsonld"),
]

urlpatterns += i18n_patterns(
    *public_urls.urlpatterns,
    path("api/", ApiDocsView.as_view(), name="api-docs"),
    path("data/", opendata.DataView.as_view(), name="data"),
    # The one form readers may send (not cached; portal/curation/corrections.py).
    path("report-error/<slug:kind>/<slug:slug>/", corrections.report_error, name="report-error"),
    path("report-error/<slug:kind>/<slug:slug>/sent/", corrections.report_error_sent, name="report-error-sent"),
    path("", include((provinces.urls.urlpatterns + public_urls.province_pages, "provinces"))),
    path("", include("lessons.urls")),
    prefix_default_language=False,
)

handler404 = "portal.public.views.page_not_found"

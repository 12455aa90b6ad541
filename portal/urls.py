from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from provinces.compare import CompareView

from . import feeds, views
from .api.docs import ApiDocsView
from .sitemaps import SITEMAPS

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("portal.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("data/cds-tinh-portal-data.zip", views.data_zip, name="data-zip"),
    path("data/cds-tinh-portal-data.json", views.data_json, name="data-json"),
]

# Vietnamese at the root, English at the same paths under /en/.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("feeds/latest.atom", feeds.LatestFeed(), name="feed-latest"),
    path("feeds/provinces/<slug:slug>.atom", feeds.ProvinceFeed(), name="feed-province"),
    path("feeds/themes/<slug:slug>.atom", feeds.ThemeFeed(), name="feed-theme"),
    path("api/", ApiDocsView.as_view(), name="api-docs"),
    path("data/", views.DataView.as_view(), name="data"),
    path("compare/", CompareView.as_view(), name="compare"),
    path("", include("provinces.urls")),
    path("", include("lessons.urls")),
    prefix_default_language=False,
)

handler404 = "portal.views.page_not_found"

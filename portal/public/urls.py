"""The public face's pages, inside the root URLconf's i18n_patterns (Vietnamese at /, English at /en/)."""

from django.urls import path

from . import feeds, views
from .compare import CompareView
from .profiles import ProvinceDetailView, ReportDetailView
from .search import SearchView

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("feeds/latest.atom", feeds.LatestFeed(), name="feed-latest"),
    path("feeds/provinces/<slug:slug>.atom", feeds.ProvinceFeed(), name="feed-province"),
    path("feeds/themes/<slug:slug>.atom", feeds.ThemeFeed(), name="feed-theme"),
    path("compare/", CompareView.as_view(), name="compare"),
]

# Pages of the provinces app's namespace that show lessons too (see provinces/urls.py).
province_pages = [
    path("provinces/<slug:slug>/", ProvinceDetailView.as_view(), name="detail"),
    path("reports/<slug:slug>/", ReportDetailView.as_view(), name="report-detail"),
]

"""The province app's own list and detail pages.

The province profile and the report page gather lessons too, so they live in portal.public; the
root URLconf serves them under this app's namespace ("provinces:detail", "provinces:report-detail").
"""

from django.urls import path

from . import views

app_name = "provinces"

urlpatterns = [
    path("provinces/", views.ProvinceListView.as_view(), name="list"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/<slug:slug>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
]

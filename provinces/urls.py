from django.urls import path

from . import views

app_name = "provinces"

urlpatterns = [
    path("provinces/", views.ProvinceListView.as_view(), name="list"),
    path("provinces/<slug:slug>/", views.ProvinceDetailView.as_view(), name="detail"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/<slug:slug>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/<slug:slug>/", views.ReportDetailView.as_view(), name="report-detail"),
]

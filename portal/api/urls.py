"""/api/v1/: its index, one read-only endpoint per dataset, and the OpenAPI schema."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views
from .index import ApiIndexView
from .schema import SchemaView

router = SimpleRouter()
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("localities", views.LocalityViewSet, basename="locality")
router.register("reports", views.ReportViewSet, basename="report")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("metrics", views.MetricViewSet, basename="metric")
router.register("lessons", views.LessonViewSet, basename="lesson")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")

app_name = "api"
urlpatterns = [
    path("", ApiIndexView.as_view(router=router), name="index"),
    path("openapi.json", SchemaView.as_view(), name="schema"),
    *router.urls,
]

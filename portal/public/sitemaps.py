"""sitemap.xml: every public page, in both languages (hreflang alternates included)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from lessons.models import Initiative, Lesson, Theme
from provinces.models import Indicator, Province, Report


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(PortalSitemap):
    priority = 0.8

    def items(self):
        return [
            "home",
            "about",
            "search",
            "data",
            "api-docs",
            "provinces:list",
            "lessons:lesson-list",
            "lessons:initiative-list",
            "provinces:indicator-list",
            "provinces:report-list",
        ]

    def location(self, item):
        return reverse(item)


class ModelSitemap(PortalSitemap):
    model = None

    def items(self):
        # Only the slugs are needed for the links: drop the public queryset's related rows.
        return self.model.objects.public().select_related(None).prefetch_related(None).order_by("pk")


def model_sitemap(model_class):
    return type(f"{model_class.__name__}Sitemap", (ModelSitemap,), {"model": model_class})


SITEMAPS = {
    "pages": StaticSitemap,
    **{
        model._meta.model_name: model_sitemap(model)
        for model in (Province, Theme, Lesson, Initiative, Indicator, Report)
    },
}

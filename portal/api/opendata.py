"""/data/: the whole dataset for download (data package zip, one JSON file), with its licence,
citation, and for each resource its fields (type, unit, meaning), rows, file size, the data
version and the date of the last change."""

import io
import zipfile

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from portal.core import dataset_meta, dates
from portal.core.aggregates import remembered
from portal.core.freshness import last_changed, mark_last_modified, version_label
from portal.core.site import portal_name, today

from . import annotations, datapackage


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def package_sizes(site_url):
    """{file name: bytes} of the package's files, and the zip's own size under "" (built once per
    data version: the sizes are those of the file a reader downloads now)."""

    def measure():
        archive = datapackage.build_zip(site_url)
        sizes = {info.filename: info.file_size for info in zipfile.ZipFile(io.BytesIO(archive)).infolist()}
        return {**sizes, "": len(archive)}

    return remembered(("package-sizes", site_url), measure)


def page_citation(site_url):
    """How to cite the data package, in the page's language (the package's own is Vietnamese)."""
    return _("%(portal)s (%(year)d). %(title)s [Gói dữ liệu]. %(url)s (truy cập ngày %(date)s).") % {
        "portal": portal_name(),
        "year": today().year,
        "title": dataset_meta.TITLE["en" if get_language() == "en" else "vi"],
        "url": f"{site_url}/data/",
        "date": dates.display(today()),
    }


class DataView(TemplateView):
    template_name = "api/data.html"

    def get_context_data(self, **kwargs):
        site = site_url(self.request)
        sizes = package_sizes(site)
        changed = last_changed()
        return super().get_context_data(
            resources=[
                {
                    "name": dataset.name,
                    "file": f"{dataset.name}.csv",
                    "count": dataset.rows().count(),
                    "size": sizes.get(f"{dataset.name}.csv"),
                    "fields": dataset.package_columns,
                }
                for dataset in datapackage.DATASETS
            ],
            package_size=sizes.get(""),
            changed=changed,
            changed_display=f"{dates.display(changed.date())}, {changed:%H:%M} (UTC+7)" if changed else "",
            version=version_label(changed) if changed else "",
            citation=page_citation(site),
            license=datapackage.LICENSE,
            **kwargs,
        )


def data_zip(request):
    response = HttpResponse(datapackage.build_zip(site_url(request)), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}.zip"'
    return mark_last_modified(response, last_changed())


def data_json(request):
    response = HttpResponse(datapackage.build_json(site_url(request)), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}.json"'
    return mark_last_modified(response, last_changed())


def data_annotations(request):
    """Every sourced record's provenance, one Web Annotation each (also annotations.jsonld in the zip)."""
    return HttpResponse(
        annotations.collection_document(site_url(request)), content_type="application/ld+json; charset=utf-8"
    )

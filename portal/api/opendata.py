"""/data/: the whole dataset for download (data package zip, one JSON file), with its licence and citation."""

from django.http import HttpResponse
from django.views.generic import TemplateView

from . import annotations, datapackage


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


class DataView(TemplateView):
    template_name = "api/data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            resources=[
                {"name": dataset.name, "count": dataset.rows().count(), "columns": dataset.package_names}
                for dataset in datapackage.DATASETS
            ],
            citation=datapackage.citation(site_url(self.request)),
            license=datapackage.LICENSE,
            license_note=datapackage.LICENSE_NOTE,
            **kwargs,
        )


def data_zip(request):
    response = HttpResponse(datapackage.build_zip(site_url(request)), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}.zip"'
    return response


def data_json(request):
    response = HttpResponse(datapackage.build_json(site_url(request)), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}.json"'
    return response


def data_annotations(request):
    """Every sourced record's provenance, one Web Annotation each (also annotations.jsonld in the zip)."""
    return HttpResponse(
        annotations.collection_document(site_url(request)), content_type="application/ld+json; charset=utf-8"
    )

"""How drf-spectacular describes one endpoint (its own module: DRF imports it from the settings)."""

from drf_spectacular.openapi import AutoSchema


class PortalAutoSchema(AutoSchema):
    """An endpoint's description is its ViewSet's translated `endpoint_description` (not DRF's
    `description`, which ViewSetMixin.as_view() resets), in the schema's language."""

    def get_description(self):
        description = getattr(self.view, "endpoint_description", None)
        return str(description) if description else super().get_description()

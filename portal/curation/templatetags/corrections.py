"""{% report_error_url record %}: the address of the error-report form for a detail page's record."""

from django import template

from portal.curation.corrections import report_error_url as url_of

register = template.Library()


@register.simple_tag
def report_error_url(record):
    return url_of(record)

"""The API's pages: ?page and ?page_size, each bad value a 400 that names it."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from portal.core.numbers import parse_int


class PagePagination(PageNumberPagination):
    """?page=N&page_size=M with next/previous links; a bad page is a 400 naming `page`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = parse_int(raw) or 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": [_("Cỡ trang phải là số nguyên từ 1 đến %(max)d.") % {"max": self.max_page_size}]}
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if (parse_int(raw) or 0) < 1:
            raise ValidationError({"page": [_("Số trang phải là một số nguyên dương.")]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:  # DRF's answer to a page past the end; ours is the pages' 400
            raise ValidationError({"page": [_("Không có trang %(number)s.") % {"number": raw}]}) from None

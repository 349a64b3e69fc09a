"""Page-number pagination that rejects malformed parameters instead of guessing."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100


class PaginationSerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, max_value=10**9, help_text=_("Page number, from 1."))
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=format_lazy(_("Items per page, 1–{maximum} (20 by default)."), maximum=MAX_PAGE_SIZE),
    )


class StablePageNumberPagination(PageNumberPagination):
    """``count``/``next``/``previous``/``results``; the views order by a unique key, so a
    page holds the same items however often it is fetched. A page past the end is a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # DRF fills it in with str.format (page_number, message).
    invalid_page_message = _("Page {page_number} does not exist.")

    def paginate_queryset(self, queryset, request, view=None):
        params = PaginationSerializer(data=request.query_params)
        if not params.is_valid():
            raise ValidationError(params.errors)
        return super().paginate_queryset(queryset, request, view)

    @property
    def count(self) -> int:
        return self.page.paginator.count

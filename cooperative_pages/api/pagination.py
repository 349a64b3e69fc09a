"""One paging rule for every listing: ``page``/``page_size`` (20 by default, at most 100),
``count``/``next``/``previous``/``results`` with absolute links, and a page past the last one
answered as an empty page (200), not an error."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..page_urls import absolute_url
from .parameters import DEFAULT_PAGE_SIZE


class ApiPagination(BasePagination):
    """The views validate ``page``/``page_size`` with the listing's parameters and hand them over."""

    def paginate_queryset(self, queryset, request, view=None) -> list:
        parameters = view.parameters
        self.request = request
        self.page = parameters.get("page") or 1
        self.page_size = parameters.get("page_size") or DEFAULT_PAGE_SIZE
        self.count = queryset.count()
        offset = (self.page - 1) * self.page_size
        if offset >= self.count:
            return []
        return list(queryset[offset : offset + self.page_size])

    def _link(self, page: int | None) -> str | None:
        if page is None:
            return None
        url = absolute_url(self.request.get_full_path())
        return remove_query_param(url, "page") if page == 1 else replace_query_param(url, "page", page)

    def get_paginated_response(self, data) -> Response:
        last = max(1, -(-self.count // self.page_size))
        following = self.page + 1 if self.page < last else None
        preceding = min(self.page - 1, last) if self.page > 1 else None
        return Response(
            {
                "count": self.count,
                "next": self._link(following),
                "previous": self._link(preceding),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": str(_("Items on every page together."))},
                "next": {"type": ["string", "null"], "format": "uri"},  # OpenAPI 3.1
                "previous": {"type": ["string", "null"], "format": "uri"},
                "results": schema,
            },
        }

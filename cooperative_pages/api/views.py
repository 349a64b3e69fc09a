"""The cooperative directory and product listing: read-only, paginated, validated."""

from __future__ import annotations

import re
from types import SimpleNamespace

from django.http import Http404
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from wagtail import hooks

from ..models import BusinessUnit, CooperativePage, Region
from . import selectors
from .pagination import PaginationSerializer, StablePageNumberPagination
from .serializers import (
    REGION_PATTERNS,
    CooperativeDetailSerializer,
    CooperativeDirectoryFilterSerializer,
    CooperativeFilterSerializer,
    CooperativeSerializer,
    ProductFilterSerializer,
    ProductSerializer,
)


class ReadOnlyApiViewSet(viewsets.GenericViewSet):
    pagination_class = StablePageNumberPagination
    filter_serializer_class = CooperativeFilterSerializer

    def get_filters(self) -> dict:
        """Validated query parameters; an unknown parameter is an error, not silently ignored."""
        # The declared names: instantiating the serializers for `.fields` deep-copies every field.
        allowed = set(self.filter_serializer_class._declared_fields) | set(PaginationSerializer._declared_fields)
        if self.action == "retrieve":
            allowed = set()
        unknown = sorted(set(self.request.query_params) - allowed)
        if unknown:
            raise ValidationError(
                {name: [_("Unknown parameter. Allowed: %s.") % ", ".join(sorted(allowed)) or "-"] for name in unknown}
            )
        serializer = self.filter_serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return {key: value for key, value in serializer.validated_data.items() if value not in (None, "")}

    def list(self, request, *args, **kwargs):
        filters = self.get_filters()
        page = self.paginate_queryset(self.get_queryset_for(filters))
        if self.paginator.count == 0:
            self.check_references_exist(filters)
        return self.get_paginated_response(self.get_serializer(self.attach(page), many=True).data)

    def attach(self, page: list) -> list:
        return page

    def check_references_exist(self, filters: dict) -> None:
        """An empty result may come from a code that does not exist: say so (a 400) instead
        of an empty list. Only runs on empty results, so full pages pay no query for it."""
        errors = {}
        codes = {level: filters[level] for level in ("province", "regency", "district", "village") if level in filters}
        if codes:
            known = set(Region.objects.filter(code__in=codes.values()).values_list("code", "level"))
            for level, code in codes.items():
                if (code, level) not in known:
                    errors[level] = [REGION_PATTERNS[level][3] % code]
        if "business_unit" in filters and not BusinessUnit.objects.filter(slug=filters["business_unit"]).exists():
            errors["business_unit"] = [_("Unknown business unit: %s.") % filters["business_unit"]]
        if "cooperative" in filters and not CooperativePage.objects.live().filter(pk=filters["cooperative"]).exists():
            errors["cooperative"] = [_("Unknown cooperative: %s.") % filters["cooperative"]]
        if errors:
            raise ValidationError(errors)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Cooperative directory"),
        description=gettext_lazy(
            "Live cooperatives ordered by name then id, filtered by region codes, business unit and name."
        ),
        parameters=[CooperativeDirectoryFilterSerializer, PaginationSerializer],
        responses={200: CooperativeSerializer(many=True)},
        tags=["cooperatives"],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("One cooperative with its products, news and governance documents"),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={200: CooperativeDetailSerializer},
        tags=["cooperatives"],
    ),
)
class CooperativeViewSet(ReadOnlyApiViewSet):
    serializer_class = CooperativeSerializer
    lookup_value_regex = "[^/]+"

    filter_serializer_class = CooperativeDirectoryFilterSerializer

    def get_queryset_for(self, filters: dict):
        queryset = selectors.cooperative_list(filters=filters)
        extra = {key: filters[key] for key in ("active", "readiness_min") if key in filters}
        if "active" in extra:
            extra["active"] = extra["active"] == "true"
        if extra:
            hook_fns = hooks.get_hooks("filter_cooperative_directory")
            if not hook_fns:
                raise ValidationError({key: [_("This filter needs the dashboard app.")] for key in extra})
            for hook_fn in hook_fns:
                queryset = hook_fn(queryset, **extra)
        return queryset

    def get_queryset(self):  # used by the schema generator only
        return selectors.cooperative_list(filters={})

    def retrieve(self, request, pk: str):
        self.get_filters()
        if not re.fullmatch(r"[0-9]{1,18}", pk) or int(pk) == 0:  # str.isdigit() accepts "²"
            raise Http404
        private = selectors.private_pages_q()
        cooperative = selectors.cooperative_detail(pk=int(pk), private=private)
        if cooperative is None:
            raise Http404
        summaries = selectors.cooperative_summaries(cooperative=cooperative, private=private)
        cooperative.summaries = SimpleNamespace(**summaries)
        data = self.get_serializer(cooperative).data
        headers = {}
        if cooperative.last_published_at:
            headers["Last-Modified"] = http_date(cooperative.last_published_at.timestamp())
        return Response(data, headers=headers)

    def get_serializer_class(self):
        return CooperativeDetailSerializer if self.action == "retrieve" else CooperativeSerializer


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Products of every cooperative"),
        description=gettext_lazy(
            "Live products ordered by id (new products are appended at the end), with their cooperative and "
            "its region. Full-text search and facets are in the marketplace API."
        ),
        parameters=[ProductFilterSerializer, PaginationSerializer],
        responses={200: ProductSerializer(many=True)},
        tags=["products"],
    ),
)
class ProductViewSet(ReadOnlyApiViewSet):
    serializer_class = ProductSerializer
    filter_serializer_class = ProductFilterSerializer

    def get_queryset_for(self, filters: dict):
        return selectors.product_list(filters=filters)

    def get_queryset(self):
        return selectors.product_list(filters={})

    def attach(self, page: list) -> list:
        return selectors.attach_product_relations(page)

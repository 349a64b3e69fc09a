"""The directory, products, news, governance and the change feed: read-only, paginated,
every parameter validated (see ``parameters.py``)."""

from __future__ import annotations

import re
from types import SimpleNamespace

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail import hooks

from ..models import BusinessUnit, CooperativePage, Region
from ..page_urls import absolute_url
from . import changes, conditional, export, selectors
from . import serializers as bodies
from .pagination import ApiPagination
from .parameters import (
    REGION_PATTERNS,
    ChangesParameters,
    CooperativeParameters,
    DetailParameters,
    GovernanceParameters,
    NewsParameters,
    ProductParameters,
    validated_parameters,
)
from .problems import UnknownReference

_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=gettext_lazy("The page's `id`."))


def _describe(viewset, *, tag: str, summary, description, detail_summary) -> None:
    """The OpenAPI description of one resource's list and detail operations, with the parameters and
    serializers its viewset declares (extend_schema_view copies the inherited methods: each view its own)."""
    extend_schema_view(
        list=extend_schema(
            summary=summary,
            description=description,
            parameters=[viewset.parameters_class],
            responses={200: viewset.serializer_class(many=True)},
            tags=[tag],
        ),
        retrieve=extend_schema(
            summary=detail_summary, parameters=[_ID], responses={200: viewset.detail_serializer_class}, tags=[tag]
        ),
    )(viewset)


class ReadOnlyApiViewSet(viewsets.GenericViewSet):
    pagination_class = ApiPagination
    lookup_value_regex = "[^/]+"
    parameters_class = DetailParameters
    detail_serializer_class = bodies.PageSerializer
    time_dependent = False  # the body changes with time alone (a cooperative's `active`)

    def list(self, request: Request) -> Response:
        self.parameters = validated_parameters(self.parameters_class, request.query_params)
        etag = conditional.api_etag(request, time_dependent=self.time_dependent)
        if unchanged := conditional.not_modified(request, etag):
            return unchanged
        page = self.paginate_queryset(self.listing(filters=self.parameters, private=selectors.private_pages_q()))
        if self.paginator.count == 0:
            self.check_references_exist(self.parameters)
        response = self.get_paginated_response(self.get_serializer(self.attach(page), many=True).data)
        response["ETag"] = etag
        return response

    def retrieve(self, request: Request, pk: str) -> Response:
        validated_parameters(DetailParameters, request.query_params)
        if not re.fullmatch(r"[0-9]{1,18}", pk) or int(pk) == 0:  # str.isdigit() accepts "²"
            raise Http404
        etag = conditional.api_etag(request, time_dependent=self.time_dependent)
        if unchanged := conditional.not_modified(request, etag):
            return unchanged
        page = self.detail_object(pk=int(pk), private=selectors.private_pages_q())
        if page is None:
            raise Http404
        headers = {"ETag": etag}
        if page.last_published_at:
            headers["Last-Modified"] = http_date(page.last_published_at.timestamp())
        data = self.detail_serializer_class(page, context=self.get_serializer_context()).data
        return Response(data, headers=headers)

    def attach(self, page: list) -> list:
        return selectors.attach_cooperatives(page)

    def get_queryset(self):  # the schema generator asks for it
        return CooperativePage.objects.none()

    def check_references_exist(self, filters: dict) -> None:
        """An empty result may come from a code that does not exist: say so (a 400) instead
        of an empty list. Only runs on empty results, so full pages pay no query for it."""
        errors = {}
        codes = {level: filters[level] for level in REGION_PATTERNS if filters.get(level)}
        if codes:
            known = set(Region.objects.filter(code__in=codes.values()).values_list("code", "level"))
            for level, code in codes.items():
                if (code, level) not in known:
                    errors[level] = [REGION_PATTERNS[level][3] % code]
        if filters.get("business_unit") and not BusinessUnit.objects.filter(slug=filters["business_unit"]).exists():
            errors["business_unit"] = [_("Unknown business unit: %s.") % filters["business_unit"]]
        if filters.get("cooperative") and not CooperativePage.objects.live().filter(pk=filters["cooperative"]).exists():
            errors["cooperative"] = [_("Unknown cooperative: %s.") % filters["cooperative"]]
        if errors:
            raise UnknownReference(errors)


class CooperativeViewSet(ReadOnlyApiViewSet):
    serializer_class = bodies.CooperativeSerializer
    detail_serializer_class = bodies.CooperativeDetailSerializer
    parameters_class = CooperativeParameters
    time_dependent = True

    def listing(self, *, filters: dict, private):
        extra = [key for key in ("active", "readiness_min") if filters.get(key) is not None]
        if extra and not hooks.get_hooks("filter_cooperative_directory"):
            raise ValidationError({key: [_("This filter needs the dashboard app.")] for key in extra})
        return selectors.cooperative_list(filters=filters, private=private)

    def attach(self, page: list) -> list:
        return selectors.attach_readiness(page)

    def detail_object(self, *, pk: int, private):
        cooperative = selectors.cooperative_detail(pk=pk, private=private)
        if cooperative is not None:
            selectors.attach_readiness([cooperative])
            summaries = selectors.cooperative_summaries(cooperative=cooperative, private=private)
            cooperative.summaries = SimpleNamespace(**summaries)
        return cooperative


class ProductViewSet(ReadOnlyApiViewSet):
    serializer_class = bodies.ProductSerializer
    detail_serializer_class = bodies.ProductDetailSerializer
    parameters_class = ProductParameters

    def listing(self, *, filters: dict, private):
        return selectors.product_list(filters=filters, private=private)

    def attach(self, page: list) -> list:
        return selectors.attach_product_relations(page)

    def detail_object(self, *, pk: int, private):
        return selectors.product_detail(pk=pk, private=private)


class NewsViewSet(ReadOnlyApiViewSet):
    serializer_class = bodies.NewsSerializer
    detail_serializer_class = bodies.NewsDetailSerializer
    parameters_class = NewsParameters

    def listing(self, *, filters: dict, private):
        return selectors.news_list(filters=filters, private=private)

    def detail_object(self, *, pk: int, private):
        return selectors.news_detail(pk=pk, private=private)


class GovernanceViewSet(ReadOnlyApiViewSet):
    serializer_class = bodies.GovernanceSerializer
    detail_serializer_class = bodies.GovernanceDetailSerializer
    parameters_class = GovernanceParameters

    def listing(self, *, filters: dict, private):
        return selectors.governance_list(filters=filters, private=private)

    def detail_object(self, *, pk: int, private):
        return selectors.governance_detail(pk=pk, private=private)


_describe(
    CooperativeViewSet,
    tag="cooperatives",
    summary=gettext_lazy("Cooperative directory"),
    description=gettext_lazy(
        "Live cooperatives ordered by name then id, with their financing readiness and activity; "
        "filtered by region codes, business unit, name, activity and readiness."
    ),
    detail_summary=gettext_lazy("One cooperative with its products, news and governance documents"),
)
_describe(
    ProductViewSet,
    tag="products",
    summary=gettext_lazy("Products of every cooperative"),
    description=gettext_lazy(
        "Live products ordered by id (new products are appended at the end), with their cooperative and "
        "its region. Full-text search and facets are in the marketplace API."
    ),
    detail_summary=gettext_lazy("One product with every photo"),
)
_describe(
    NewsViewSet,
    tag="news",
    summary=gettext_lazy("News of every cooperative"),
    description=gettext_lazy("Live news ordered by id, with their cooperative and its region."),
    detail_summary=gettext_lazy("One news item with its body"),
)
_describe(
    GovernanceViewSet,
    tag="governance",
    summary=gettext_lazy("Governance documents of every cooperative"),
    description=gettext_lazy(
        "Live governance pages (AD/ART, RAT reports, financial statements, board, minutes) ordered by id, "
        "with their files."
    ),
    detail_summary=gettext_lazy("One governance page with its body and files"),
)

DETAIL_ROUTES = {kind: f"{kind}-detail" for kind in changes.OBJECT_MODELS}


class ChangesAPIView(APIView):
    @extend_schema(
        operation_id="changes",
        summary=gettext_lazy("Change feed"),
        description=gettext_lazy(
            "Every cooperative, product, news and governance page that became public, changed, or stopped being "
            "public (unpublished, made private, deleted), in the order the changes were committed. Start without "
            "`cursor`, then pass the `next_cursor` of each answer. Replaying it keeps a mirror exact; `active` of "
            "a cooperative also changes with time alone (see `active_until`)."
        ),
        parameters=[ChangesParameters],
        responses={200: bodies.ChangesSerializer},
        tags=["changes"],
    )
    def get(self, request: Request) -> Response:
        parameters = validated_parameters(ChangesParameters, request.query_params)
        etag = conditional.api_etag(request)
        if unchanged := conditional.not_modified(request, etag):
            return unchanged
        cursor, limit = int(parameters.get("cursor") or 0), parameters.get("limit") or 100
        entries = changes.changes_after(cursor=cursor, limit=limit + 1)
        results = [
            {
                "type": entry.object_type,
                "id": entry.object_id,
                "action": entry.action,
                "at": entry.at,
                "url": absolute_url(reverse(DETAIL_ROUTES[entry.object_type], args=[entry.object_id])),
            }
            for entry in entries[:limit]
        ]
        next_cursor = str(entries[:limit][-1].id) if results else str(cursor)
        body = {"results": results, "next_cursor": next_cursor, "has_more": len(entries) > limit}
        return Response(bodies.ChangesSerializer(body).data, headers={"ETag": etag})


class OpenDataAPIView(APIView):
    """The current export's manifest: each file's stable URL, size, SHA-256, rows, and the schema."""

    @extend_schema(
        operation_id="open_data",
        summary=gettext_lazy("Open-data export"),
        description=gettext_lazy(
            "Every public cooperative (with readiness) and product as gzip'd CSV and JSON Lines, written nightly "
            "by `export_open_data`; `datapackage.json` is the schema (Frictionless Data Package). `cursor` is the "
            "change feed's position when the export began: replay `/api/changes/` from it to stay current."
        ),
        responses={200: bodies.OpenDataSerializer},
        tags=["open-data"],
    )
    def get(self, request: Request) -> Response:
        validated_parameters(DetailParameters, request.query_params)
        manifest = export.current_manifest()
        if manifest is None:
            raise Http404
        files = [
            {
                "name": name,
                "url": absolute_url(reverse("kmp-api-open-data-file", args=[name])),
                "bytes": item["bytes"],
                "sha256": item["sha256"],
                "rows": item["rows"],
            }
            for name, item in sorted(manifest["files"].items())
        ]
        body = {"generated_at": manifest["generated_at"], "cursor": manifest["cursor"], "files": files}
        return Response(bodies.OpenDataSerializer(body).data, headers={"ETag": f'"{manifest["version"]}"'})


@extend_schema(exclude=True)
@api_view(["GET", "HEAD"])
def open_data_file(request: Request, name: str):
    """One file of the current export, with its SHA-256 as ETag (304 when unchanged)."""
    validated_parameters(DetailParameters, request.query_params)
    manifest = export.current_manifest()
    item = (manifest or {}).get("files", {}).get(name)
    if item is None:
        raise Http404
    etag = f'"{item["sha256"]}"'
    if unchanged := conditional.not_modified(request, etag):
        return unchanged
    content_type = "application/json" if name.endswith(".json") else "application/gzip"
    response = FileResponse(default_storage.open(item["storage_name"]), content_type=content_type)
    response["ETag"] = etag
    response["Content-Length"] = str(item["bytes"])
    if name.endswith(".gz"):
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response

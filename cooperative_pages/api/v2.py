"""Wagtail's API v2 for every public page type, and the images and documents those pages show.

Pages: Wagtail serves only live, public pages of the request's site. Images and documents:
Wagtail would list every file in the library, including those of drafts and unpublished
uploads, so they are narrowed to the files live public pages use.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import ReferenceIndex
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from .. import conf
from ..visibility import not_public_q, public_pages
from . import openapi

StrOrPromise = str | Promise


def _live_public(model) -> QuerySet:
    return public_pages(model.objects.all())


def public_images_filter() -> Q:
    """Images that live, public pages show: cooperative logos, product photos and images in
    news bodies (found through Wagtail's reference index, which indexes the live content)."""
    from ..models import CooperativePage, NewsPage, ProductPage, ProductPageImage

    news_with_images = ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(NewsPage),
        to_content_type=ContentType.objects.get_for_model(get_image_model()),
        object_id__in=_live_public(NewsPage).annotate(str_pk=Cast("pk", CharField())).values("str_pk"),
    ).values_list(Cast("to_object_id", IntegerField()), flat=True)
    return (
        Q(pk__in=_live_public(CooperativePage).exclude(logo=None).values("logo_id"))
        | Q(pk__in=ProductPageImage.objects.filter(page__in=_live_public(ProductPage).values("pk")).values("image_id"))
        | Q(pk__in=news_with_images)
    )


def public_documents_filter() -> Q:
    from ..models import GovernanceDocument, GovernancePage

    return Q(
        pk__in=GovernanceDocument.objects.filter(page__in=_live_public(GovernancePage).values("pk")).values(
            "document_id"
        )
    )


_v2_listing_parameters = [
    OpenApiParameter("limit", OpenApiTypes.INT, description=_("Items per page (20 by default, at most 100).")),
    OpenApiParameter("offset", OpenApiTypes.INT),
    OpenApiParameter("fields", OpenApiTypes.STR, description=_("Comma-separated fields to add, `*` for all.")),
    OpenApiParameter("order", OpenApiTypes.STR, description=_("A field name, `-field` for descending, or `random`.")),
    OpenApiParameter("search", OpenApiTypes.STR),
]
_v2_page_parameters = [
    OpenApiParameter(
        "type",
        OpenApiTypes.STR,
        description=_("Page type, e.g. `cooperative_pages.ProductPage`; unlocks that type's fields in `fields`."),
    ),
    OpenApiParameter("child_of", OpenApiTypes.INT),
    OpenApiParameter("descendant_of", OpenApiTypes.INT),
]
_v2_errors = {400: openapi.ERROR, 404: openapi.ERROR, 429: openapi.THROTTLED}
_id = OpenApiParameter("id", OpenApiTypes.INT, location=OpenApiParameter.PATH)
_fields = OpenApiParameter("fields", OpenApiTypes.STR, description=_("Comma-separated fields to add, `*` for all."))


def _v2_listing(name: str, summary: StrOrPromise, description: StrOrPromise = "", parameters: list | None = None):
    return extend_schema(
        operation_id=f"v2_{name}_list",
        summary=summary,
        description=description,
        request=None,
        parameters=_v2_listing_parameters + (parameters or []) + openapi.RESPONSE_HEADERS,
        responses={200: OpenApiResponse(openapi.V2_LISTING), **_v2_errors},
        tags=["wagtail-v2"],
    )


def _v2_detail(name: str, summary: StrOrPromise):
    return extend_schema(
        operation_id=f"v2_{name}_retrieve",
        summary=summary,
        request=None,
        parameters=[_id, _fields, *openapi.RESPONSE_HEADERS],
        responses={200: OpenApiResponse(openapi.V2_ITEM), **_v2_errors},
        tags=["wagtail-v2"],
    )


# drf-spectacular cannot build Wagtail's dynamic serializers: each view says what it answers.
class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_queryset(self):
        # Wagtail's own filter (live, public) looks at each page alone: not below an unpublished page.
        return super().get_queryset().exclude(not_public_q())

    @_v2_listing(
        "pages",
        _("Pages (Wagtail API v2)"),
        _("Live, public pages: cooperatives, products, news, governance documents and region pages."),
        _v2_page_parameters,
    )
    def listing_view(self, request):
        return super().listing_view(request)

    @_v2_detail("pages", _("One page (Wagtail API v2)"))
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @extend_schema(exclude=True)
    def find_view(self, request):
        return super().find_view(request)


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(public_images_filter())

    @_v2_listing("images", _("Images shown on live pages (Wagtail API v2)"))
    def listing_view(self, request):
        return super().listing_view(request)

    @_v2_detail("images", _("One image (Wagtail API v2)"))
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @extend_schema(exclude=True)
    def find_view(self, request):
        return super().find_view(request)


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(public_documents_filter())

    @_v2_listing("documents", _("Files of live governance documents (Wagtail API v2)"))
    def listing_view(self, request):
        return super().listing_view(request)

    @_v2_detail("documents", _("One document (Wagtail API v2)"))
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @extend_schema(exclude=True)
    def find_view(self, request):
        return super().find_view(request)


class PagePreviewAPIViewSet(PublicPagesAPIViewSet):
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    @extend_schema(
        operation_id="v2_preview",
        summary=_("A draft, for a decoupled frontend's preview"),
        description=_(
            "Exchanges the signed, expiring token the admin's *Decoupled frontend* preview hands the "
            "frontend for the draft, in the shape of `/api/v2/pages/{id}/`."
        ),
        request=None,
        parameters=[
            OpenApiParameter(
                "content_type", OpenApiTypes.STR, required=True, description=_("e.g. `cooperative_pages.productpage`")
            ),
            OpenApiParameter("token", OpenApiTypes.STR, required=True),
            *openapi.RESPONSE_HEADERS,
        ],
        responses={200: OpenApiResponse(openapi.V2_ITEM), 403: openapi.ERROR, **_v2_errors},
        tags=["wagtail-v2"],
    )
    def listing_view(self, request):
        self.action = "detail_view"  # serialise with the page type's own fields
        response = Response(self.get_serializer(self.get_object()).data)
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(exclude=True)
    def detail_view(self, request, pk):
        raise Http404

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            self._preview_page = self._page_from_token()
        return self._preview_page

    def _page_from_token(self):
        content_type_name = self.request.GET.get("content_type", "")
        token = self.request.GET.get("token", "")
        if not content_type_name or not token:
            raise BadRequestError("content_type and token are required")
        app_label, _dot, model_name = content_type_name.partition(".")
        try:
            content_type = ContentType.objects.get_by_natural_key(app_label, model_name.lower())
        except ContentType.DoesNotExist as exc:
            raise BadRequestError("unknown content_type") from exc
        page_model = content_type.model_class()
        if page_model is None or not issubclass(page_model, HeadlessPreviewMixin):
            raise BadRequestError("content_type has no headless preview")
        try:
            page_model.get_preview_signer().unsign(token, max_age=conf.get("API_PREVIEW_MAX_AGE"))
        except signing.BadSignature as exc:  # includes SignatureExpired
            raise PermissionDenied("invalid or expired preview token") from exc
        preview = PagePreview.objects.filter(content_type=content_type, token=token).first()
        if preview is None:
            raise Http404
        page = preview.as_page()
        if not page.pk:
            page.pk = 0  # a page never saved yet
        return page

    def handle_exception(self, exc):
        if isinstance(exc, PermissionDenied):
            return Response({"message": str(exc)}, status=403)
        return super().handle_exception(exc)


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PublicPagesAPIViewSet)
router.register_endpoint("images", PublicImagesAPIViewSet)
router.register_endpoint("documents", PublicDocumentsAPIViewSet)
router.register_endpoint("preview", PagePreviewAPIViewSet)

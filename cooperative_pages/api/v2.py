"""Wagtail's API v2 for every public page type, and the images and documents those pages show.

Pages: Wagtail serves only live, public pages of the request's site. Images and documents:
Wagtail would list every file in the library, including those of drafts and unpublished
uploads, so they are narrowed to the files live public pages use.
"""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageHtmlUrlField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import ReferenceIndex
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from .. import conf
from ..page_urls import PageUrlBuilder
from ..visibility import not_public_q, public_pages
from . import openapi
from .problems import UnknownReference

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


MAX_OFFSET = 10**9
# The orderings Wagtail accepts for each endpoint (its database fields), ascending and descending.
ORDERINGS = {
    "pages": ["id", "title", "slug", "first_published_at"],
    "images": ["id", "title", "width", "height"],
    "documents": ["id", "title"],
}
PAGE_TYPES = [
    "cooperative_pages.CooperativePage",
    "cooperative_pages.ProductPage",
    "cooperative_pages.NewsPage",
    "cooperative_pages.GovernancePage",
    "cooperative_pages.ProvincePage",
    "cooperative_pages.RegencyPage",
    "cooperative_pages.ProductIndexPage",
    "cooperative_pages.NewsIndexPage",
    "cooperative_pages.GovernanceIndexPage",
]


def _fields_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "fields",
        {"type": "string", "enum": ["*"]},
        description=_(
            "`*` adds every field of the type; Wagtail's own syntax (comma-separated names, `-name`, `_`) also works."
        ),
    )


def _listing_parameters(endpoint: str) -> list[OpenApiParameter]:
    orderings = [prefix + name for name in ORDERINGS[endpoint] for prefix in ("", "-")]
    parameters = [
        OpenApiParameter(
            "limit",
            {"type": "integer", "minimum": 0, "maximum": 100},
            description=_("Items per page (20 by default, at most 100)."),
        ),
        OpenApiParameter(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            description=_("Items to skip; past the end: empty."),
        ),
        _fields_parameter(),
        OpenApiParameter("order", {"type": "string", "enum": orderings}, description=_("`-name`: descending.")),
    ]
    if endpoint == "pages":
        parameters += [
            OpenApiParameter(
                "type",
                {"type": "string", "enum": PAGE_TYPES},
                description=_("Page type; unlocks that type's fields in `fields`."),
            ),
            OpenApiParameter(
                "child_of",
                {"type": "integer", "minimum": 1},
                description=_("Only the children of this page (a 404 when there is no such public page)."),
            ),
        ]
    return parameters


_id = OpenApiParameter("id", OpenApiTypes.INT, location=OpenApiParameter.PATH)


def _v2_listing(name: str, summary: StrOrPromise, description: StrOrPromise = ""):
    return extend_schema(
        operation_id=f"v2_{name}_list",
        summary=summary,
        description=description,
        request=None,
        parameters=_listing_parameters(name),
        responses={200: OpenApiResponse(openapi.V2_LISTING)},
        tags=["wagtail-v2"],
    )


def _v2_detail(name: str, summary: StrOrPromise):
    return extend_schema(
        operation_id=f"v2_{name}_retrieve",
        summary=summary,
        request=None,
        parameters=[_id, _fields_parameter()],
        responses={200: OpenApiResponse(openapi.V2_ITEM)},
        tags=["wagtail-v2"],
    )


class PublicHtmlUrlField(PageHtmlUrlField):
    """``html_url`` from the public base (``cooperative_pages.page_urls``), not the Site record."""

    def to_representation(self, page):
        builder = self.context.get("kmp_page_urls")
        if builder is None:
            builder = self.context["kmp_page_urls"] = PageUrlBuilder(request=self.context.get("request"))
        return builder(page.url_path)


class PublicPageSerializer(PageSerializer):
    html_url = PublicHtmlUrlField(read_only=True)


class ProblemErrorsMixin:
    """The API's rules on Wagtail's views: errors as problems (Wagtail answers ``{"message"}``)
    and a parameter given twice refused (Wagtail would take the last)."""

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            errors = wagtail_parameter_errors(str(exc))
            # "parent page doesn't exist": the request was valid, what it names is not there.
            missing = str(exc).endswith("page doesn't exist")
            exc = UnknownReference(errors) if missing else ValidationError(errors)
        return APIView.handle_exception(self, exc)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_parameter_values()

    def check_parameter_values(self) -> None:
        """Every v2 view, listing and detail: a parameter given twice or empty, an offset out of range."""
        query = self.request.GET
        errors = {name: [gettext("Give this parameter once.")] for name, values in query.lists() if len(values) > 1}
        for name in ("order", "fields", "type", "child_of", "limit", "offset", "content_type", "token"):
            if query.get(name, None) == "":
                errors[name] = [gettext("Give a value, or leave the parameter out.")]
        offset = query.get("offset", "0")
        if not re.fullmatch(r"[0-9]{1,10}", offset) or int(offset) > MAX_OFFSET:
            errors["offset"] = [gettext("Write a whole number from 0 to %(max)s.") % {"max": MAX_OFFSET}]
        if errors:
            raise ValidationError(errors)


# Wagtail's v2 states its 400s in English sentences: which parameter each is about (None: the one
# the sentence names), in the API's own words (tests/api/test_v2.py fails when Wagtail rewords one).
_WAGTAIL_MESSAGES = [
    (r"^query parameter is not an operation or a recognised field: (?P<names>.+)$", None, _("Unknown parameter.")),
    (r"^(?P<name>limit|offset) must be a positive integer$", None, _("Write a whole number, 0 or more.")),
    (r"^limit cannot be higher than (?P<max>[0-9]+)$", "limit", _("At most %(max)s.")),
    (r"^cannot order by |^random ordering", "order", _("Not a field to order by.")),
    (r"^type doesn't exist$", "type", _("Not a page type of this site.")),
    (r"^(?P<name>child_of|descendant_of|ancestor_of|translation_of) must", None, _("Write the id of a page.")),
    (r"^(?P<name>parent|descendant|ancestor|translation_of) page doesn't exist$", None, _("No such public page.")),
    (r"^(unknown fields|fields error|'.*' does not support nested fields)", "fields", _("Not a field of this type.")),
    (r"^field filter error.* for (?P<name>[a-z_]+)", None, _("Not a valid value for this field.")),
    (r"^cannot (filter|order) by .* while searching|^filtering by tag with a search", "search", _("Not with search.")),
    (r"^search is disabled$", "search", _("Search is not available here.")),
    (r"^filtering by descendant_of with child_of", "descendant_of", _("Not together with child_of.")),
]
_PAGE_PARAMETERS = {"parent": "child_of", "descendant": "ancestor_of", "ancestor": "descendant_of"}


def wagtail_parameter_errors(message: str) -> dict[str, list[str]]:
    """``{parameter: [message]}`` for one of Wagtail's v2 400 messages (the message itself
    when it is not one of them)."""
    for pattern, parameter, text in _WAGTAIL_MESSAGES:
        match = re.search(pattern, message)
        if match is None:
            continue
        groups = match.groupdict()
        names = groups["names"].split(", ") if groups.get("names") else [parameter or groups["name"]]
        sentence = str(text) % groups if groups.get("max") else str(text)
        return {_PAGE_PARAMETERS.get(name, name): [sentence] for name in names}
    return {"non_field_errors": [message]}


def _v2_endpoint(name: str, summary: StrOrPromise, detail_summary: StrOrPromise, description: StrOrPromise = ""):
    """Class decorator: a v2 endpoint's listing and detail described in the schema, ``find`` left out.
    drf-spectacular's ``extend_schema_view`` only knows DRF's actions, so the class gets methods of its
    own that call the inherited ones (a class docstring would become the operations' description)."""

    def decorate(viewset):
        @_v2_listing(name, summary, description)
        def listing_view(self, request):
            return super(viewset, self).listing_view(request)

        @_v2_detail(name, detail_summary)
        def detail_view(self, request, pk):
            return super(viewset, self).detail_view(request, pk)

        @extend_schema(exclude=True)
        def find_view(self, request):
            return super(viewset, self).find_view(request)

        viewset.listing_view, viewset.detail_view, viewset.find_view = listing_view, detail_view, find_view
        return viewset

    return decorate


@_v2_endpoint(
    "pages",
    _("Pages (Wagtail API v2)"),
    _("One page (Wagtail API v2)"),
    _("Live, public pages: cooperatives, products, news, governance documents and region pages."),
)
class PublicPagesAPIViewSet(ProblemErrorsMixin, PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer

    def get_queryset(self):
        # Wagtail's own filter (live, public) looks at each page alone: not below an unpublished page.
        return super().get_queryset().exclude(not_public_q())


@_v2_endpoint("images", _("Images shown on live pages (Wagtail API v2)"), _("One image (Wagtail API v2)"))
class PublicImagesAPIViewSet(ProblemErrorsMixin, ImagesAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(public_images_filter())


@_v2_endpoint("documents", _("Files of live governance documents (Wagtail API v2)"), _("One document (Wagtail API v2)"))
class PublicDocumentsAPIViewSet(ProblemErrorsMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(public_documents_filter())


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
                "content_type",
                {
                    "type": "string",
                    "enum": [
                        f"cooperative_pages.{name}"
                        for name in ("cooperativepage", "productpage", "newspage", "governancepage")
                    ],
                },
                required=True,
            ),
            OpenApiParameter("token", {"type": "string", "minLength": 1}, required=True),
        ],
        responses={200: OpenApiResponse(openapi.V2_ITEM)},
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


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PublicPagesAPIViewSet)
router.register_endpoint("images", PublicImagesAPIViewSet)
router.register_endpoint("documents", PublicDocumentsAPIViewSet)
router.register_endpoint("preview", PagePreviewAPIViewSet)

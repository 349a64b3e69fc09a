"""Helpers for the attacker's-side tests: a snapshot of everything an attack could
change, refusal checks and edit-form payloads built like the admin's own."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Page,
    PageViewRestriction,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cooperative_pages.models import CooperativePage, ProductPage, ProductPageImage

# Titles of cooperative B's pages and media (the bare village name may be echoed back as a search term).
SECRET_TITLES = (
    "Koperasi Desa Merah Putih Tambakreja",
    "Beras Tambakreja",
    "Rahasia Draf Tambakreja",
    "Berita Tambakreja",
    "Foto Tambakreja",
    "Dokumen Tambakreja",
)


def db_snapshot() -> dict:
    """Every row an admin attack could create, change or remove."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk",
                "path",
                "url_path",
                "title",
                "draft_title",
                "slug",
                "live",
                "has_unpublished_changes",
                "latest_revision_id",
                "live_revision_id",
                "locked",
                "locked_by_id",
            )
        ),
        "revisions": Revision.objects.count(),
        "workflow_states": list(WorkflowState.objects.values_list("pk", "status")),
        "task_states": list(TaskState.objects.values_list("pk", "status")),
        "view_restrictions": PageViewRestriction.objects.count(),
        "images": list(
            get_image_model().objects.order_by("pk").values_list("pk", "title", "collection_id", "file", "width")
        ),
        "documents": list(
            get_document_model().objects.order_by("pk").values_list("pk", "title", "collection_id", "file")
        ),
        "collections": list(Collection.objects.order_by("pk").values_list("pk", "path", "name")),
        "gallery": list(ProductPageImage.objects.order_by("pk").values_list("pk", "page_id", "image_id")),
        "cooperatives": list(
            CooperativePage.objects.order_by("pk").values_list(
                "pk", "registry_id", "village_id", "legal_entity_number", "description", "collection_id"
            )
        ),
    }


def assert_refused(response, what: str = "") -> None:
    """Refused: 403/404/405, or a redirect away (Wagtail redirects to the dashboard or login with an error)."""
    assert response.status_code in (302, 403, 404, 405), f"{what}: status {response.status_code}"
    if response.status_code == 302:
        assert response.url != response.request["PATH_INFO"], f"{what}: redirected to itself"


def assert_not_shown(response, what: str = "", secrets=SECRET_TITLES) -> None:
    content = response.content.decode(errors="replace")
    for secret in secrets:
        assert secret not in content, f"{what}: {secret!r} shown (status {response.status_code})"


def page_form_data(page: Page, **overrides) -> dict:
    """The edit form payload for ``page`` with its current values (ProductPage or CooperativePage)."""
    page = page.specific
    data = {
        "title": page.title,
        "slug": page.slug,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "comments": inline_formset([]),
    }
    if isinstance(page, ProductPage):
        data.update(
            {
                "description": page.description,
                "price": str(page.price),
                "unit": page.unit,
                "category": page.category,
                "available": "on" if page.available else "",
                "tags": "",
                "gallery_images": inline_formset(
                    [
                        {"id": str(item.pk), "image": str(item.image_id), "caption": item.caption, "ORDER": str(i)}
                        for i, item in enumerate(page.gallery_images.all())
                    ],
                    initial=page.gallery_images.count(),
                ),
            }
        )
    elif isinstance(page, CooperativePage):
        data.update(
            {
                "description": page.description,
                "address": page.address,
                "phone": page.phone,
                "email": page.email,
                "chair_name": page.chair_name,
                "member_count": "" if page.member_count is None else str(page.member_count),
            }
        )
    data.update(overrides)
    return nested_form_data(data)


def page_content_type(model) -> ContentType:
    return ContentType.objects.get_for_model(model)

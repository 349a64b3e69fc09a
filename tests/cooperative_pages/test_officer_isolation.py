"""Officer A (Pacitan, East Java) attacks cooperative B (Cilacap, Central Java)
through the real admin URLs: every attempt is refused or shows nothing of B, and
nothing changes in the database. Then what officer A may do on their own
cooperative, and what an anonymous visitor sees of drafts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cooperative_pages.models import (
    CooperativePage,
    GovernanceIndexPage,
    NewsIndexPage,
    ProductIndexPage,
    ProductPage,
    ProductPageImage,
    RegionalApprovalTask,
)
from tests.factories import uploaded_jpeg, uploaded_pdf

from .isolation import (
    add_product_post,
    admin_api_action_attacks,
    assert_api_refused,
    assert_not_shown,
    assert_refused,
    bulk_confirmation_attacks,
    db_snapshot,
    editor_post,
    page_form_data,
)


def _index(cooperative) -> Page:
    return ProductIndexPage.objects.child_of(cooperative).get()


def _first_revision_id(page) -> int:
    return page.revisions.order_by("pk").first().pk


# Each case: (method, url, data) built from the world. "post" data may be a callable (fresh uploads).
ATTACKS = {
    # Editing B's pages
    "edit_get_cooperative": lambda w: ("get", reverse("wagtailadmin_pages:edit", args=[w.b.cooperative.pk]), None),
    "edit_get_product": lambda w: ("get", reverse("wagtailadmin_pages:edit", args=[w.b.product.pk]), None),
    "edit_get_draft": lambda w: ("get", reverse("wagtailadmin_pages:edit", args=[w.b.draft_product.pk]), None),
    "edit_post_product": lambda w: editor_post(w.b.product, title="Diretas"),
    "edit_post_publish_product": lambda w: editor_post(w.b.product, title="Diretas", **{"action-publish": "1"}),
    "edit_post_submit_draft": lambda w: editor_post(w.b.draft_product, **{"action-submit": "1"}),
    "edit_post_cooperative_profile": lambda w: editor_post(w.b.cooperative, description="Diretas"),
    "add_subpage_chooser": lambda w: (
        "get",
        reverse("wagtailadmin_pages:add_subpage", args=[_index(w.b.cooperative).pk]),
        None,
    ),
    "add_product_get": lambda w: (
        "get",
        reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", _index(w.b.cooperative).pk]),
        None,
    ),
    "add_product_post": lambda w: add_product_post(
        w.b.cooperative, w.b.product, title="Produk Palsu", slug="produk-palsu"
    ),
    # Unpublish, delete, move, copy, lock, privacy
    "unpublish_get": lambda w: ("get", reverse("wagtailadmin_pages:unpublish", args=[w.b.product.pk]), None),
    "unpublish_post": lambda w: ("post", reverse("wagtailadmin_pages:unpublish", args=[w.b.product.pk]), {}),
    "delete_get": lambda w: ("get", reverse("wagtailadmin_pages:delete", args=[w.b.product.pk]), None),
    "delete_post_product": lambda w: ("post", reverse("wagtailadmin_pages:delete", args=[w.b.product.pk]), {}),
    "delete_post_draft": lambda w: ("post", reverse("wagtailadmin_pages:delete", args=[w.b.draft_product.pk]), {}),
    "delete_post_cooperative": lambda w: ("post", reverse("wagtailadmin_pages:delete", args=[w.b.cooperative.pk]), {}),
    "move_get": lambda w: ("get", reverse("wagtailadmin_pages:move", args=[w.b.product.pk]), None),
    "move_b_into_a": lambda w: (
        "post",
        reverse("wagtailadmin_pages:move_confirm", args=[w.b.product.pk, _index(w.a.cooperative).pk]),
        {},
    ),
    "move_a_into_b": lambda w: (
        "post",
        reverse("wagtailadmin_pages:move_confirm", args=[w.a.product.pk, _index(w.b.cooperative).pk]),
        {},
    ),
    "set_position": lambda w: (
        "post",
        reverse("wagtailadmin_pages:set_page_position", args=[w.b.product.pk]) + "?position=0",
        {},
    ),
    "copy_get": lambda w: ("get", reverse("wagtailadmin_pages:copy", args=[w.b.product.pk]), None),
    "copy_b_to_a": lambda w: (
        "post",
        reverse("wagtailadmin_pages:copy", args=[w.b.product.pk]),
        {
            "new_title": "Salinan",
            "new_slug": "salinan",
            "new_parent_page": str(_index(w.a.cooperative).pk),
            "publish_copies": "on",
        },
    ),
    "copy_a_to_b": lambda w: (
        "post",
        reverse("wagtailadmin_pages:copy", args=[w.a.product.pk]),
        {
            "new_title": "Salinan",
            "new_slug": "salinan",
            "new_parent_page": str(_index(w.b.cooperative).pk),
            "publish_copies": "on",
        },
    ),
    "lock": lambda w: ("post", reverse("wagtailadmin_pages:lock", args=[w.b.product.pk]), {}),
    "privacy_post": lambda w: (
        "post",
        reverse("wagtailadmin_pages:set_privacy", args=[w.b.product.pk]),
        {"restriction_type": "password", "password": "rahasia123"},
    ),
    "bulk_delete": lambda w: (
        "post",
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={w.b.product.pk}&id={w.b.draft_product.pk}",
        {},
    ),
    "bulk_unpublish": lambda w: (
        "post",
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"]) + f"?id={w.b.product.pk}",
        {},
    ),
    "bulk_publish": lambda w: (
        "post",
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={w.b.draft_product.pk}&id={w.a.draft_product.pk}",
        {},
    ),
    "bulk_move_b_into_a": lambda w: (
        "post",
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"]) + f"?id={w.b.product.pk}",
        {"chooser": str(_index(w.a.cooperative).pk)},
    ),
    "bulk_move_a_into_b": lambda w: (
        "post",
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"]) + f"?id={w.a.product.pk}",
        {"chooser": str(_index(w.b.cooperative).pk)},
    ),
    # Preview, drafts, revisions, history
    "preview_on_edit_get": lambda w: (
        "get",
        reverse("wagtailadmin_pages:preview_on_edit", args=[w.b.draft_product.pk]),
        None,
    ),
    "preview_on_edit_post": lambda w: (
        "post",
        reverse("wagtailadmin_pages:preview_on_edit", args=[w.b.draft_product.pk]),
        page_form_data(w.b.draft_product),
    ),
    "preview_on_add_in_b": lambda w: (
        "post",
        reverse(
            "wagtailadmin_pages:preview_on_add", args=["cooperative_pages", "productpage", _index(w.b.cooperative).pk]
        ),
        page_form_data(w.a.product, slug="pratinjau"),
    ),
    "unlock": lambda w: ("post", reverse("wagtailadmin_pages:unlock", args=[w.b.product.pk]), {}),
    "convert_alias": lambda w: ("post", reverse("wagtailadmin_pages:convert_alias", args=[w.b.product.pk]), {}),
    "confirm_workflow_cancellation": lambda w: (
        "get",
        reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[w.b.product.pk]),
        None,
    ),
    "view_draft": lambda w: ("get", reverse("wagtailadmin_pages:view_draft", args=[w.b.draft_product.pk]), None),
    "revisions_index": lambda w: (
        "get",
        reverse("wagtailadmin_pages:revisions_index", args=[w.b.draft_product.pk]),
        None,
    ),
    "revisions_view": lambda w: (
        "get",
        reverse(
            "wagtailadmin_pages:revisions_view", args=[w.b.draft_product.pk, _first_revision_id(w.b.draft_product)]
        ),
        None,
    ),
    "revisions_compare": lambda w: (
        "get",
        reverse("wagtailadmin_pages:revisions_compare", args=[w.b.draft_product.pk, "earliest", "latest"]),
        None,
    ),
    "revisions_revert_get": lambda w: (
        "get",
        reverse("wagtailadmin_pages:revisions_revert", args=[w.b.product.pk, _first_revision_id(w.b.product)]),
        None,
    ),
    "revisions_revert_post": lambda w: (
        "post",
        reverse("wagtailadmin_pages:revisions_revert", args=[w.b.product.pk, _first_revision_id(w.b.product)]),
        page_form_data(w.b.product, title="Dikembalikan", **{"action-publish": "1"}),
    ),
    "history": lambda w: ("get", reverse("wagtailadmin_pages:history", args=[w.b.draft_product.pk]), None),
    "history_results": lambda w: (
        "get",
        reverse("wagtailadmin_pages:history_results", args=[w.b.draft_product.pk]),
        None,
    ),
    "workflow_history": lambda w: (
        "get",
        reverse("wagtailadmin_pages:workflow_history", args=[w.b.draft_product.pk]),
        None,
    ),
    "usage": lambda w: ("get", reverse("wagtailadmin_pages:usage", args=[w.b.draft_product.pk]), None),
    "workflow_preview": lambda w: (
        "get",
        reverse(
            "wagtailadmin_pages:workflow_preview", args=[w.b.draft_product.pk, RegionalApprovalTask.objects.get().pk]
        ),
        None,
    ),
    # Quick actions on B's products (product list)
    "quick_price_get": lambda w: ("get", reverse("kmp_products:product_price", args=[w.b.product.pk]), None),
    "quick_price_post": lambda w: (
        "post",
        reverse("kmp_products:product_price", args=[w.b.product.pk]),
        {"price": "1.000", "price_confirmed": "1"},
    ),
    "quick_stock_get": lambda w: ("get", reverse("kmp_products:product_stock", args=[w.b.draft_product.pk]), None),
    "quick_stock_post": lambda w: (
        "post",
        reverse("kmp_products:product_stock", args=[w.b.product.pk]),
        {"available": "0"},
    ),
    # Admin API used by the explorer menu
    "admin_api_detail_draft": lambda w: (
        "get",
        reverse("wagtailadmin_api:pages:detail", args=[w.b.draft_product.pk]),
        None,
    ),
    # Images and documents of B: what both libraries have is in library_attacks() below
    "image_url_generator": lambda w: ("get", reverse("wagtailimages:url_generator", args=[w.b.image.pk]), None),
    "image_chooser_select_format": lambda w: (
        "get",
        reverse("wagtailimages_chooser:select_format", args=[w.b.image.pk]),
        None,
    ),
    "document_serve": lambda w: ("get", reverse("wagtaildocs_serve", args=[w.b.document.pk, "dokumen.pdf"]), None),
}


def library_attacks(name: str, *, app: str, multiple_prefix: str, upload) -> dict:
    """The attacks on B's image or document (``name``: ``w.b.image``, ``w.b.document``) through the
    views Wagtail's image and document libraries (``app``) both have, and uploads aimed at B's collection."""

    def item(w):
        return getattr(w.b, name)

    def renamed(w) -> dict:
        return {"title": "Diretas", "collection": str(w.a.cooperative.collection_id), "tags": ""}

    return {
        f"{name}_edit_get": lambda w: ("get", reverse(f"{app}:edit", args=[item(w).pk]), None),
        f"{name}_edit_post": lambda w: ("post", reverse(f"{app}:edit", args=[item(w).pk]), renamed(w)),
        f"{name}_delete_get": lambda w: ("get", reverse(f"{app}:delete", args=[item(w).pk]), None),
        f"{name}_delete_post": lambda w: ("post", reverse(f"{app}:delete", args=[item(w).pk]), {}),
        f"{name}_usage": lambda w: ("get", reverse(f"{app}:{name}_usage", args=[item(w).pk]), None),
        f"{name}_chooser_chosen": lambda w: ("get", reverse(f"{app}_chooser:chosen", args=[item(w).pk]), None),
        f"{name}_edit_multiple_post": lambda w: (
            "post",
            reverse(f"{app}:edit_multiple", args=[item(w).pk]),
            {
                f"{multiple_prefix}-{item(w).pk}-title": "Diretas",
                f"{multiple_prefix}-{item(w).pk}-collection": str(w.a.cooperative.collection_id),
            },
        ),
        f"{name}_delete_multiple_post": lambda w: ("post", reverse(f"{app}:delete_multiple", args=[item(w).pk]), {}),
        f"{name}_upload_into_b": lambda w: (
            "post",
            reverse(f"{app}:add"),
            lambda: {
                "title": "Tambakreja curian",
                "file": upload(),
                "collection": str(w.b.cooperative.collection_id),
                "tags": "",
            },
        ),
        f"{name}_upload_multiple_into_b": lambda w: (
            "post",
            reverse(f"{app}:add_multiple"),
            lambda: {
                "files[]": upload(),
                "title": "Tambakreja curian",
                "collection": str(w.b.cooperative.collection_id),
            },
        ),
        f"{name}_chooser_upload_into_b": lambda w: (
            "post",
            reverse(f"{app}_chooser:create"),
            lambda: {
                f"{name}-chooser-upload-title": "Tambakreja curian",
                f"{name}-chooser-upload-file": upload(),
                f"{name}-chooser-upload-collection": str(w.b.cooperative.collection_id),
                f"{name}-chooser-upload-tags": "",
            },
        ),
    }


ATTACKS.update(
    library_attacks("image", app="wagtailimages", multiple_prefix="image", upload=lambda: uploaded_jpeg("curian.jpg"))
)
ATTACKS.update(
    library_attacks("document", app="wagtaildocs", multiple_prefix="doc", upload=lambda: uploaded_pdf("curian.pdf"))
)
# Every bulk action's confirmation page (Wagtail's registry) and every admin-API page action.
ATTACKS.update(bulk_confirmation_attacks())
ATTACKS.update(admin_api_action_attacks())

# Served to anyone by design (public documents); the attack is only on changes.
PUBLIC_BY_DESIGN = {"document_serve"}


def _media_outside(collection_id) -> list:
    return [
        list(model.objects.filter(collection_id=collection_id).order_by("pk").values_list("pk", "title", "file"))
        for model in (get_image_model(), get_document_model())
    ]


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_officer_cannot_touch_other_cooperative(world, client, name):
    method, url, data = ATTACKS[name](world)
    client.force_login(world.a.officer)
    before = db_snapshot()
    b_media = _media_outside(world.b.cooperative.collection_id)

    response = client.get(url) if method == "get" else client.post(url, data() if callable(data) else data)

    if name.startswith("bulk_"):
        pass  # bulk actions skip the pages the user may not act on and redirect back
    elif name.startswith("api_action_"):
        assert_api_refused(response, name)
        assert_not_shown(response, name)
    elif name not in PUBLIC_BY_DESIGN:
        if response.status_code == 200:
            # A 200 is acceptable only for forms that refuse the forged values and show nothing of B.
            assert_not_shown(response, name)
        else:
            assert_refused(response, name)
    assert _media_outside(world.b.cooperative.collection_id) == b_media, f"{name} changed B's media"
    after = db_snapshot()
    if "upload" in name:
        # Wagtail puts an upload with a forged collection into the uploader's only
        # collection; that is the officer's own, never B's.
        for key in ("images", "documents"):
            new_rows = [row for row in after[key] if row not in before[key]]
            assert all(row[2] == world.a.cooperative.collection_id for row in new_rows), new_rows
            after[key] = before[key]
    assert after == before, f"{name} changed the database"


# Listings, choosers and searches: B's pages (live or draft) and media never appear.
LISTINGS = {
    "explorer_root": lambda w: reverse("wagtailadmin_explore_root"),
    "explorer_b": lambda w: reverse("wagtailadmin_explore", args=[w.b.cooperative.pk]),
    "explorer_b_section": lambda w: reverse("wagtailadmin_explore", args=[_index(w.b.cooperative).pk]),
    "explorer_b_section_results": lambda w: reverse("wagtailadmin_explore_results", args=[_index(w.b.cooperative).pk]),
    "explorer_b_regency": lambda w: reverse("wagtailadmin_explore", args=[w.b.cooperative.get_parent().pk]),
    "explorer_portal": lambda w: reverse(
        "wagtailadmin_explore", args=[w.b.cooperative.get_parent().get_parent().get_parent().pk]
    ),
    "page_search": lambda w: reverse("wagtailadmin_pages:search") + "?q=Tambakreja",
    "page_search_results": lambda w: reverse("wagtailadmin_pages:search_results") + "?q=Tambakreja",
    "page_search_draft": lambda w: reverse("wagtailadmin_pages:search") + "?q=Rahasia",
    "page_type_use": lambda w: reverse("wagtailadmin_pages:type_use", args=["cooperative_pages", "productpage"]),
    "page_chooser_root": lambda w: reverse("wagtailadmin_choose_page"),
    "page_chooser_b_section": lambda w: reverse("wagtailadmin_choose_page_child", args=[_index(w.b.cooperative).pk]),
    "page_chooser_b_cooperative": lambda w: reverse("wagtailadmin_choose_page_child", args=[w.b.cooperative.pk]),
    "page_chooser_b_draft": lambda w: reverse("wagtailadmin_choose_page_child", args=[w.b.draft_product.pk]),
    "page_chooser_search": lambda w: reverse("wagtailadmin_choose_page_search") + "?q=Tambakreja",
    "page_chooser_search_draft": lambda w: reverse("wagtailadmin_choose_page_search") + "?q=Rahasia",
    "page_chooser_chosen_multiple": lambda w: (
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={w.b.product.pk}&id={w.b.draft_product.pk}"
    ),
    "admin_api_children": lambda w: (
        reverse("wagtailadmin_api:pages:listing") + f"?child_of={_index(w.b.cooperative).pk}"
    ),
    "admin_api_descendants": lambda w: (
        reverse("wagtailadmin_api:pages:listing") + f"?descendant_of={w.b.cooperative.pk}"
    ),
    "admin_api_search": lambda w: reverse("wagtailadmin_api:pages:listing") + "?search=Tambakreja",
    "admin_api_images": lambda w: reverse("wagtailadmin_api:images:listing"),
    "admin_api_documents": lambda w: reverse("wagtailadmin_api:documents:listing"),
    "images_index": lambda w: reverse("wagtailimages:index"),
    "images_index_b_collection": lambda w: (
        reverse("wagtailimages:index_results") + f"?collection_id={w.b.cooperative.collection_id}"
    ),
    "images_search": lambda w: reverse("wagtailimages:index_results") + "?q=Tambakreja",
    "image_chooser": lambda w: reverse("wagtailimages_chooser:choose"),
    "image_chooser_results": lambda w: reverse("wagtailimages_chooser:choose_results") + "?q=Tambakreja",
    "image_chooser_b_collection": lambda w: (
        reverse("wagtailimages_chooser:choose_results") + f"?collection_id={w.b.cooperative.collection_id}"
    ),
    "image_chooser_chosen_multiple": lambda w: reverse("wagtailimages_chooser:chosen_multiple") + f"?id={w.b.image.pk}",
    "documents_index": lambda w: reverse("wagtaildocs:index"),
    "documents_search": lambda w: reverse("wagtaildocs:index_results") + "?q=Tambakreja",
    "documents_b_collection": lambda w: (
        reverse("wagtaildocs:index_results") + f"?collection_id={w.b.cooperative.collection_id}"
    ),
    "document_chooser": lambda w: reverse("wagtaildocs_chooser:choose"),
    "document_chooser_results": lambda w: reverse("wagtaildocs_chooser:choose_results") + "?q=Tambakreja",
    "document_chooser_chosen_multiple": lambda w: (
        reverse("wagtaildocs_chooser:chosen_multiple") + f"?id={w.b.document.pk}"
    ),
    "dashboard": lambda w: reverse("wagtailadmin_home"),
    "workflow_report": lambda w: reverse("wagtailadmin_reports:workflow"),
    "workflow_tasks_report": lambda w: reverse("wagtailadmin_reports:workflow_tasks"),
    "locked_pages_report": lambda w: reverse("wagtailadmin_reports:locked_pages"),
    "site_history_report": lambda w: reverse("wagtailadmin_reports:site_history"),
    "aging_pages_report": lambda w: reverse("wagtailadmin_reports:aging_pages"),
    "page_types_usage_report": lambda w: reverse("wagtailadmin_reports:page_types_usage"),
    "type_use_results": lambda w: reverse(
        "wagtailadmin_pages:type_use_results", args=["cooperative_pages", "productpage"]
    ),
    "workflow_tasks_report_results": lambda w: reverse("wagtailadmin_reports:workflow_tasks_results"),
    "site_history_results": lambda w: reverse("wagtailadmin_reports:site_history_results"),
    "collections": lambda w: reverse("wagtailadmin_collections:index"),
    "guide": lambda w: reverse("kmp_guide"),
    "dashboard_decided_b": lambda w: reverse("wagtailadmin_home") + f"?decided={_b_task_state_id(w)}",
}


def _b_task_state_id(w) -> str:
    """The newest task state on B's pages (decided or not), if any."""
    ids = [str(w.b.product.pk), str(w.b.draft_product.pk)]
    state = TaskState.objects.filter(workflow_state__object_id__in=ids).order_by("-pk").first()
    return str(state.pk) if state else ""


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_listings_never_show_other_cooperative(world, client, name):
    # Give B something in moderation too, so dashboards and reports have it to leak.
    world.b.draft_product.save_revision(user=world.b.officer)
    client.force_login(world.a.officer)
    before = db_snapshot()
    response = client.get(LISTINGS[name](world))
    assert response.status_code in (200, 302, 400, 403, 404), response.status_code
    assert_not_shown(response, name)
    assert db_snapshot() == before


def test_explorer_and_choosers_show_own_cooperative(world, client):
    """The other side of the listings: officer A does see their own pages and media."""
    client.force_login(world.a.officer)
    explorer = client.get(reverse("wagtailadmin_explore", args=[_index(world.a.cooperative).pk]))
    assert explorer.status_code == 200
    assert "Rahasia Draf Widoro" in explorer.content.decode()
    chooser = client.get(reverse("wagtailadmin_choose_page_search") + "?q=Widoro")
    assert "Beras Widoro" in chooser.content.decode()
    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[_index(world.a.cooperative).pk]))
    assert "Beras Widoro" in browse.content.decode()
    chosen = client.get(reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={world.a.product.pk}")
    assert "Beras Widoro" in chosen.content.decode()
    api_images = client.get(reverse("wagtailadmin_api:images:listing"))
    assert "Foto Widoro" in api_images.content.decode()
    api_documents = client.get(reverse("wagtailadmin_api:documents:listing"))
    assert "Dokumen Widoro" in api_documents.content.decode()
    images = client.get(reverse("wagtailimages_chooser:choose"))
    assert "Foto Widoro" in images.content.decode()
    documents = client.get(reverse("wagtaildocs_chooser:choose"))
    assert "Dokumen Widoro" in documents.content.decode()


def test_officer_cannot_publish_own_page_but_can_submit(world, client):
    client.force_login(world.a.officer)
    product = world.a.product
    edit_url = reverse("wagtailadmin_pages:edit", args=[product.pk])

    response = client.post(edit_url, page_form_data(product, title="Beras Widoro Premium", **{"action-publish": "1"}))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.title == "Beras Widoro Premium" or product.title == "Beras Widoro"
    assert ProductPage.objects.live().get(pk=product.pk).title == "Beras Widoro"
    assert product.live_revision.content["title"] == "Beras Widoro"
    assert product.has_unpublished_changes

    draft = world.a.draft_product
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]), page_form_data(draft, **{"action-publish": "1"})
    )
    draft.refresh_from_db()
    assert not draft.live and draft.live_revision is None

    response = client.post(edit_url, page_form_data(product, title="Beras Widoro Premium", **{"action-submit": "1"}))
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(product.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.requested_by == world.a.officer
    task_state = state.current_task_state
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert isinstance(task_state.task.specific, RegionalApprovalTask)
    product.refresh_from_db()
    assert ProductPage.objects.get(pk=product.pk).live_revision.content["title"] == "Beras Widoro"
    # The bulk publish action does not publish either.
    client.post(reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={draft.pk}", {})
    draft.refresh_from_db()
    assert not draft.live


def test_officer_cannot_unpublish_delete_or_move_own_skeleton(world, client):
    client.force_login(world.a.officer)
    before = db_snapshot()
    section = _index(world.a.cooperative)
    for url in (
        reverse("wagtailadmin_pages:unpublish", args=[world.a.product.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[world.a.cooperative.pk]),
        reverse("wagtailadmin_pages:delete", args=[world.a.cooperative.pk]),
        reverse("wagtailadmin_pages:delete", args=[section.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[section.pk, world.a.cooperative.pk]),
        reverse("wagtailadmin_pages:copy", args=[world.a.cooperative.pk]),
    ):
        assert_refused(client.post(url, {"new_parent_page": str(world.a.cooperative.get_parent().pk)}), url)
    assert db_snapshot() == before


def test_officer_edits_own_profile_but_not_registry_fields(world, client):
    client.force_login(world.a.officer)
    cooperative = world.a.cooperative
    edit_url = reverse("wagtailadmin_pages:edit", args=[cooperative.pk])
    form = client.get(edit_url)
    assert form.status_code == 200
    html = form.content.decode()
    for hidden in ('name="registry_id"', 'name="village"', 'name="legal_entity_number"', 'name="legal_entity_date"'):
        assert hidden not in html, hidden
    assert 'name="description"' in html

    response = client.post(
        edit_url,
        page_form_data(
            cooperative,
            description="Koperasi desa yang menjual beras organik.",
            registry_id="FORGED0001",
            village=world.b.cooperative.village_id,
            legal_entity_number="AHU-PALSU",
            legal_entity_date="2020-01-01",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = CooperativePage.objects.get(pk=cooperative.pk)
    revision = saved.get_latest_revision_as_object()
    assert revision.description == "Koperasi desa yang menjual beras organik."
    for page in (saved, revision):
        assert page.registry_id == cooperative.registry_id
        assert page.village_id == cooperative.village_id
        assert page.legal_entity_number == cooperative.legal_entity_number
        assert page.legal_entity_date is None
    assert saved.live and saved.has_unpublished_changes  # the change waits for approval


def test_officer_adds_product_with_photo_from_own_collection(world, client):
    client.force_login(world.a.officer)
    section = _index(world.a.cooperative)
    add_url = reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", section.pk])
    assert client.get(add_url).status_code == 200

    # The photo is uploaded through the chooser into the officer's own collection.
    upload = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Foto Kopi Widoro",
            "image-chooser-upload-file": uploaded_jpeg("kopi.jpg"),
            "image-chooser-upload-collection": str(world.a.cooperative.collection_id),
            "image-chooser-upload-tags": "",
        },
    )
    assert upload.status_code == 200
    photo = get_image_model().objects.get(title="Foto Kopi Widoro")
    assert photo.collection_id == world.a.cooperative.collection_id

    data = page_form_data(
        world.a.product,
        title="Kopi Robusta Widoro",
        slug="kopi-robusta-widoro",
        price="35000",
        gallery_images={
            "TOTAL_FORMS": "1",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "8",
            "0-image": str(photo.pk),
            "0-caption": "Kopi",
            "0-ORDER": "0",
            "0-DELETE": "",
            "0-id": "",
        },
        **{"action-submit": "1"},
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    product = ProductPage.objects.get(slug="kopi-robusta-widoro")
    assert product.get_parent().pk == section.pk
    assert not product.live
    assert [item.image_id for item in product.gallery_images.all()] == [photo.pk]
    assert WorkflowState.objects.filter(object_id=str(product.pk), status=WorkflowState.STATUS_IN_PROGRESS).exists()


def test_officer_cannot_attach_other_cooperatives_photo_by_forged_id(world, client):
    client.force_login(world.a.officer)
    section = _index(world.a.cooperative)
    add_url = reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", section.pk])
    data = page_form_data(
        world.a.product,
        title="Produk Foto Curian",
        slug="produk-foto-curian",
        gallery_images={
            "TOTAL_FORMS": "1",
            "INITIAL_FORMS": "0",
            "MIN_NUM_FORMS": "0",
            "MAX_NUM_FORMS": "8",
            "0-image": str(world.b.image.pk),
            "0-caption": "",
            "0-ORDER": "0",
            "0-DELETE": "",
            "0-id": "",
        },
    )
    client.post(add_url, data)
    assert not ProductPage.objects.filter(slug="produk-foto-curian").exists()
    assert list(ProductPageImage.objects.filter(image=world.b.image).values_list("page_id", flat=True)) == [
        world.b.product.pk
    ]


def test_anonymous_visitor_never_sees_drafts(world, client):
    # A live page with unpublished changes and a never-published page.
    product = world.a.product
    product.title = "Judul Draf Rahasia"
    product.save_revision(user=world.a.officer)
    draft = world.a.draft_product

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
    assert response.status_code == 302 and "/login/" in response.url
    response = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk]))
    assert response.status_code == 302 and "/login/" in response.url
    assert_not_shown(response, "preview", secrets=("Rahasia Draf",))

    assert client.get(draft.url or "/koperasi-tidak-ada/").status_code == 404
    for page in (world.a.cooperative, _index(world.a.cooperative), product):
        response = client.get(page.url)
        assert response.status_code == 200
        assert_not_shown(response, page.url, secrets=("Rahasia Draf", "Judul Draf Rahasia"))
    assert "Beras Widoro" in client.get(product.url).content.decode()


def _forged_logo(w):
    url = reverse("wagtailadmin_pages:edit", args=[w.a.cooperative.pk])
    return url, page_form_data(w.a.cooperative, logo=str(w.b.image.pk))


def _forged_news_image(w):
    section = NewsIndexPage.objects.child_of(w.a.cooperative).get()
    url = reverse("wagtailadmin_pages:add", args=["cooperative_pages", "newspage", section.pk])
    data = nested_form_data(
        {
            "title": "Berita Foto Curian",
            "slug": "berita-foto-curian",
            "date": "2026-01-05",
            "intro": "",
            "tags": "",
            "body": streamfield([("image", {"image": str(w.b.image.pk), "alt_text": "x", "decorative": ""})]),
            "comments": inline_formset([]),
        }
    )
    return url, data


def _forged_governance_document(w):
    section = GovernanceIndexPage.objects.child_of(w.a.cooperative).get()
    url = reverse("wagtailadmin_pages:add", args=["cooperative_pages", "governancepage", section.pk])
    data = nested_form_data(
        {
            "title": "AD/ART Curian",
            "slug": "ad-art-curian",
            "kind": "ad-art",
            "year": "2025",
            "period": "",
            "date": "",
            "body": rich_text("<p>Anggaran dasar</p>"),
            "documents": inline_formset([{"document": str(w.b.document.pk), "title": "AD/ART"}]),
            "comments": inline_formset([]),
        }
    )
    return url, data


@pytest.mark.parametrize("build", [_forged_logo, _forged_news_image, _forged_governance_document])
def test_forged_media_ids_of_other_cooperative_are_refused(world, client, build):
    client.force_login(world.a.officer)
    url, data = build(world)
    before = db_snapshot()
    response = client.post(url, data)
    assert response.status_code == 200  # the form comes back with an error
    assert db_snapshot() == before


@pytest.mark.parametrize("build", [_forged_news_image, _forged_governance_document])
def test_same_forms_with_own_media_are_accepted(world, client, build):
    """The other side: with A's own image/document the same payload saves a draft."""
    client.force_login(world.a.officer)
    world.b.image, world.b.document = world.a.image, world.a.document
    url, data = build(world)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.filter(slug__in=["berita-foto-curian", "ad-art-curian"], live=False).count() == 1


def test_officer_cannot_bypass_approval_by_deleting_or_copying_live_pages(world, client):
    client.force_login(world.a.officer)
    product = world.a.product
    product.owner = world.a.officer  # even a live page the officer created themselves
    product.save(update_fields=["owner"])
    before = db_snapshot()
    assert_refused(client.post(reverse("wagtailadmin_pages:delete", args=[product.pk]), {}), "delete own live")
    assert db_snapshot() == before

    client.post(
        reverse("wagtailadmin_pages:copy", args=[product.pk]),
        {
            "new_title": "Salinan Langsung Tayang",
            "new_slug": "salinan-langsung-tayang",
            "new_parent_page": str(_index(world.a.cooperative).pk),
            "publish_copies": "on",
        },
    )
    assert not ProductPage.objects.filter(slug="salinan-langsung-tayang", live=True).exists()


def test_page_types_report_is_for_national_moderators_only(world, client):
    report_url = reverse("wagtailadmin_reports:page_types_usage")
    client.force_login(world.superuser)
    assert client.get(report_url).status_code == 200
    assert report_url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(world.a.officer)
    assert_refused(client.get(report_url), "page types report")
    assert report_url not in client.get(reverse("wagtailadmin_home")).content.decode()

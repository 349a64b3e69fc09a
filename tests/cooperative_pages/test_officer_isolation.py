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
    PASSWORD_RESTRICTION,
    add_product_post,
    admin_api_action_attacks,
    assert_api_refused,
    assert_not_shown,
    assert_refused,
    bulk_confirmation_attacks,
    bulk_post,
    copy_post,
    db_snapshot,
    editor_post,
    get,
    library_attacks,
    page_form_data,
    post,
    send,
)


def _index(cooperative) -> Page:
    return ProductIndexPage.objects.child_of(cooperative).get()


def _first_revision_id(page) -> int:
    return page.revisions.order_by("pk").first().pk


# Each case: (method, url, data) built from the world. "post" data may be a callable (fresh uploads).
ATTACKS = {
    # Editing B's pages
    "edit_get_cooperative": lambda w: get("wagtailadmin_pages:edit", w.b.cooperative.pk),
    "edit_get_product": lambda w: get("wagtailadmin_pages:edit", w.b.product.pk),
    "edit_get_draft": lambda w: get("wagtailadmin_pages:edit", w.b.draft_product.pk),
    "edit_post_product": lambda w: editor_post(w.b.product, title="Diretas"),
    "edit_post_publish_product": lambda w: editor_post(w.b.product, title="Diretas", **{"action-publish": "1"}),
    "edit_post_submit_draft": lambda w: editor_post(w.b.draft_product, **{"action-submit": "1"}),
    "edit_post_cooperative_profile": lambda w: editor_post(w.b.cooperative, description="Diretas"),
    "add_subpage_chooser": lambda w: get("wagtailadmin_pages:add_subpage", _index(w.b.cooperative).pk),
    "add_product_get": lambda w: get(
        "wagtailadmin_pages:add", "cooperative_pages", "productpage", _index(w.b.cooperative).pk
    ),
    "add_product_post": lambda w: add_product_post(
        w.b.cooperative, w.b.product, title="Produk Palsu", slug="produk-palsu"
    ),
    # Unpublish, delete, move, copy, lock, privacy
    "unpublish_get": lambda w: get("wagtailadmin_pages:unpublish", w.b.product.pk),
    "unpublish_post": lambda w: post("wagtailadmin_pages:unpublish", w.b.product.pk),
    "delete_get": lambda w: get("wagtailadmin_pages:delete", w.b.product.pk),
    "delete_post_product": lambda w: post("wagtailadmin_pages:delete", w.b.product.pk),
    "delete_post_draft": lambda w: post("wagtailadmin_pages:delete", w.b.draft_product.pk),
    "delete_post_cooperative": lambda w: post("wagtailadmin_pages:delete", w.b.cooperative.pk),
    "move_get": lambda w: get("wagtailadmin_pages:move", w.b.product.pk),
    "move_b_into_a": lambda w: post("wagtailadmin_pages:move_confirm", w.b.product.pk, _index(w.a.cooperative).pk),
    "move_a_into_b": lambda w: post("wagtailadmin_pages:move_confirm", w.a.product.pk, _index(w.b.cooperative).pk),
    "set_position": lambda w: post("wagtailadmin_pages:set_page_position", w.b.product.pk, query="?position=0"),
    "copy_get": lambda w: get("wagtailadmin_pages:copy", w.b.product.pk),
    "copy_b_to_a": lambda w: copy_post(w.b.product, into=_index(w.a.cooperative)),
    "copy_a_to_b": lambda w: copy_post(w.a.product, into=_index(w.b.cooperative)),
    "lock": lambda w: post("wagtailadmin_pages:lock", w.b.product.pk),
    "privacy_post": lambda w: post("wagtailadmin_pages:set_privacy", w.b.product.pk, data=PASSWORD_RESTRICTION),
    "bulk_delete": lambda w: bulk_post("delete", w.b.product, w.b.draft_product),
    "bulk_unpublish": lambda w: bulk_post("unpublish", w.b.product),
    "bulk_publish": lambda w: bulk_post("publish", w.b.draft_product, w.a.draft_product),
    "bulk_move_b_into_a": lambda w: bulk_post("move", w.b.product, data={"chooser": str(_index(w.a.cooperative).pk)}),
    "bulk_move_a_into_b": lambda w: bulk_post("move", w.a.product, data={"chooser": str(_index(w.b.cooperative).pk)}),
    # Preview, drafts, revisions, history
    "preview_on_edit_get": lambda w: get("wagtailadmin_pages:preview_on_edit", w.b.draft_product.pk),
    "preview_on_edit_post": lambda w: post(
        "wagtailadmin_pages:preview_on_edit", w.b.draft_product.pk, data=page_form_data(w.b.draft_product)
    ),
    "preview_on_add_in_b": lambda w: post(
        "wagtailadmin_pages:preview_on_add",
        "cooperative_pages",
        "productpage",
        _index(w.b.cooperative).pk,
        data=page_form_data(w.a.product, slug="pratinjau"),
    ),
    "unlock": lambda w: post("wagtailadmin_pages:unlock", w.b.product.pk),
    "convert_alias": lambda w: post("wagtailadmin_pages:convert_alias", w.b.product.pk),
    "confirm_workflow_cancellation": lambda w: get("wagtailadmin_pages:confirm_workflow_cancellation", w.b.product.pk),
    "view_draft": lambda w: get("wagtailadmin_pages:view_draft", w.b.draft_product.pk),
    "revisions_index": lambda w: get("wagtailadmin_pages:revisions_index", w.b.draft_product.pk),
    "revisions_view": lambda w: get(
        "wagtailadmin_pages:revisions_view", w.b.draft_product.pk, _first_revision_id(w.b.draft_product)
    ),
    "revisions_compare": lambda w: get(
        "wagtailadmin_pages:revisions_compare", w.b.draft_product.pk, "earliest", "latest"
    ),
    "revisions_revert_get": lambda w: get(
        "wagtailadmin_pages:revisions_revert", w.b.product.pk, _first_revision_id(w.b.product)
    ),
    "revisions_revert_post": lambda w: post(
        "wagtailadmin_pages:revisions_revert",
        w.b.product.pk,
        _first_revision_id(w.b.product),
        data=page_form_data(w.b.product, title="Dikembalikan", **{"action-publish": "1"}),
    ),
    "history": lambda w: get("wagtailadmin_pages:history", w.b.draft_product.pk),
    "history_results": lambda w: get("wagtailadmin_pages:history_results", w.b.draft_product.pk),
    "workflow_history": lambda w: get("wagtailadmin_pages:workflow_history", w.b.draft_product.pk),
    "usage": lambda w: get("wagtailadmin_pages:usage", w.b.draft_product.pk),
    "workflow_preview": lambda w: get(
        "wagtailadmin_pages:workflow_preview", w.b.draft_product.pk, RegionalApprovalTask.objects.get().pk
    ),
    # Quick actions on B's products (product list)
    "quick_price_get": lambda w: get("kmp_products:product_price", w.b.product.pk),
    "quick_price_post": lambda w: post(
        "kmp_products:product_price", w.b.product.pk, data={"price": "1.000", "price_confirmed": "1"}
    ),
    "quick_stock_get": lambda w: get("kmp_products:product_stock", w.b.draft_product.pk),
    "quick_stock_post": lambda w: post("kmp_products:product_stock", w.b.product.pk, data={"available": "0"}),
    # Admin API used by the explorer menu
    "admin_api_detail_draft": lambda w: get("wagtailadmin_api:pages:detail", w.b.draft_product.pk),
    # Images and documents of B: what both libraries have is in library_attacks() (isolation.py)
    "image_url_generator": lambda w: get("wagtailimages:url_generator", w.b.image.pk),
    "image_chooser_select_format": lambda w: get("wagtailimages_chooser:select_format", w.b.image.pk),
    "document_serve": lambda w: get("wagtaildocs_serve", w.b.document.pk, "dokumen.pdf"),
}
ATTACKS.update(
    library_attacks(
        "image", app="wagtailimages", multiple_prefix="image", upload=lambda: uploaded_jpeg("curian.jpg"), owner="b"
    )
)
ATTACKS.update(
    library_attacks(
        "document", app="wagtaildocs", multiple_prefix="doc", upload=lambda: uploaded_pdf("curian.pdf"), owner="b"
    )
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

    response = send(client, method, url, data)

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
        gallery_images=inline_formset([{"image": str(photo.pk), "caption": "Kopi", "id": ""}], max=8),
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
        gallery_images=inline_formset([{"image": str(world.b.image.pk), "caption": "", "id": ""}], max=8),
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


def _new_page_form(w, section_model, page_type: str, **fields) -> tuple[str, dict]:
    """The add form of a ``page_type`` page in A's ``section_model`` section, filled with ``fields``."""
    section = section_model.objects.child_of(w.a.cooperative).get()
    url = reverse("wagtailadmin_pages:add", args=["cooperative_pages", page_type, section.pk])
    return url, nested_form_data({**fields, "comments": inline_formset([])})


def _forged_news_image(w):
    body = streamfield([("image", {"image": str(w.b.image.pk), "alt_text": "x", "decorative": ""})])
    title = {"title": "Berita Foto Curian", "slug": "berita-foto-curian"}
    return _new_page_form(w, NewsIndexPage, "newspage", **title, date="2026-01-05", intro="", tags="", body=body)


def _forged_governance_document(w):
    documents = inline_formset([{"document": str(w.b.document.pk), "title": "AD/ART"}])
    title = {"title": "AD/ART Curian", "slug": "ad-art-curian"}
    fields = {"kind": "ad-art", "year": "2025", "period": "", "date": "", "body": rich_text("<p>Anggaran dasar</p>")}
    return _new_page_form(w, GovernanceIndexPage, "governancepage", **title, **fields, documents=documents)


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

    section = _index(world.a.cooperative)
    copy = copy_post(product, into=section, new_title="Salinan Langsung Tayang", new_slug="salinan-langsung-tayang")
    send(client, *copy)
    assert not ProductPage.objects.filter(slug="salinan-langsung-tayang", live=True).exists()


def test_page_types_report_is_for_national_moderators_only(world, client):
    report_url = reverse("wagtailadmin_reports:page_types_usage")
    client.force_login(world.superuser)
    assert client.get(report_url).status_code == 200
    assert report_url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(world.a.officer)
    assert_refused(client.get(report_url), "page types report")
    assert report_url not in client.get(reverse("wagtailadmin_home")).content.decode()

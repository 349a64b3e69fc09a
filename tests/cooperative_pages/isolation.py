"""Helpers for the attacker's-side tests: a snapshot of everything an attack could
change, refusal checks and edit-form payloads built like the admin's own."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
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

from cooperative_pages.models import CooperativePage, ProductIndexPage, ProductPage, ProductPageImage

# A privacy setting an attack tries to put on a page.
PASSWORD_RESTRICTION = {"restriction_type": "password", "password": "rahasia123"}

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


def editor_post(page: Page, **overrides) -> tuple[str, str, dict]:
    """An attack case: POST ``page``'s editor with its current values changed by ``overrides``
    (which may name an action, e.g. ``**{"action-publish": "1"}``)."""
    return ("post", reverse("wagtailadmin_pages:edit", args=[page.pk]), page_form_data(page, **overrides))


def add_product_post(cooperative: CooperativePage, like: ProductPage, **overrides) -> tuple[str, str, dict]:
    """An attack case: POST a new product, with ``like``'s values changed by ``overrides`` and no photos,
    into ``cooperative``'s product list."""
    index = ProductIndexPage.objects.child_of(cooperative).get()
    url = reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", index.pk])
    return ("post", url, page_form_data(like, gallery_images=inline_formset([], max=8), **overrides))


def get(route: str, *args, query: str = "") -> tuple[str, str, None]:
    """An attack case: GET the URL named ``route`` (with ``args``), followed by ``query``."""
    return ("get", reverse(route, args=args) + query, None)


def post(route: str, *args, data=None, query: str = "") -> tuple[str, str, dict]:
    """An attack case: POST ``data`` (nothing by default; a callable builds fresh uploads) to the URL
    named ``route`` (with ``args``), followed by ``query``."""
    return ("post", reverse(route, args=args) + query, {} if data is None else data)


def bulk_post(action: str, *pages: Page, data=None) -> tuple[str, str, dict]:
    """An attack case: POST Wagtail's bulk page ``action`` on ``pages``."""
    ids = "&".join(f"id={page.pk}" for page in pages)
    return post("wagtail_bulk_action", "wagtailcore", "page", action, data=data, query=f"?{ids}")


def copy_post(page: Page, *, into: Page, **fields) -> tuple[str, str, dict]:
    """An attack case: copy ``page`` and publish the copy under ``into``."""
    data = {"new_title": "Salinan", "new_slug": "salinan", "new_parent_page": str(into.pk), "publish_copies": "on"}
    return post("wagtailadmin_pages:copy", page.pk, data={**data, **fields})


def send(client, method: str, url: str, data):
    """Run an attack case with ``client``."""
    return client.get(url) if method == "get" else client.post(url, data() if callable(data) else data)


def page_content_type(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


def assert_api_refused(response, what: str = "") -> None:
    """Refused by the admin API: 403/404, or 400 (an action that does not apply); never a success."""
    assert response.status_code in (400, 403, 404), f"{what}: status {response.status_code}"


def _b_index(w) -> Page:
    from cooperative_pages.models import ProductIndexPage

    return ProductIndexPage.objects.child_of(w.b.cooperative).get()


def _a_index(w) -> Page:
    from cooperative_pages.models import ProductIndexPage

    return ProductIndexPage.objects.child_of(w.a.cooperative).get()


# The objects of cooperative B each bulk action of Wagtail's registry is asked to confirm.
_BULK_TARGETS = {
    ("wagtailcore", "page"): lambda w: [w.b.product.pk, w.b.draft_product.pk, w.b.news.pk],
    ("wagtailimages", "image"): lambda w: [w.b.image.pk],
    ("wagtaildocs", "document"): lambda w: [w.b.document.pk],
}


def _bulk_url(app: str, model: str, action: str, query: str) -> str:
    return reverse("wagtail_bulk_action", args=[app, model, action]) + "?" + query


def bulk_confirmation_attacks() -> dict:
    """The confirmation GET of every bulk action Wagtail registers for pages, images and
    documents, for B's objects by id, and for everything under B's product section."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    attacks = {}
    for (app, model), ids in _BULK_TARGETS.items():
        for action in sorted(a.action_type for a in bulk_action_registry.get_bulk_actions_for_model(app, model)):
            attacks[f"confirm_bulk_{model}_{action}"] = lambda w, app=app, model=model, action=action, ids=ids: (
                "get",
                _bulk_url(app, model, action, "&".join(f"id={pk}" for pk in ids(w))),
                None,
            )
            if model == "page":
                attacks[f"confirm_bulk_page_{action}_all_of_b_section"] = lambda w, action=action: (
                    "get",
                    _bulk_url("wagtailcore", "page", action, f"id=all&childOf={_b_index(w).pk}"),
                    None,
                )
    return attacks


def admin_api_page_actions() -> list[str]:
    """Every page action the admin API offers, read from the endpoint Wagtail routes to."""
    from django.urls import resolve

    return sorted(resolve(reverse("wagtailadmin_api:pages:action", args=[1, "publish"])).func.cls.actions)


# A payload each admin-API page action accepts, aimed from B's product at A's section where it takes one.
_API_PAYLOADS = {
    "revert_to_page_revision": lambda w: {"revision_id": w.b.product.revisions.order_by("pk").first().pk},
    "copy": lambda w: {"destination_page_id": _a_index(w).pk, "title": "Salinan", "slug": "salinan-api"},
    "move": lambda w: {"destination_page_id": _a_index(w).pk, "position": "last-child"},
    "publish": lambda w: {},
    "unpublish": lambda w: {},
    "delete": lambda w: {},
    "convert_alias": lambda w: {},
    "create_alias": lambda w: {"destination_page_id": _a_index(w).pk, "update_slug": "alias-api"},
    "copy_for_translation": lambda w: {"locale": "id"},
}


def admin_api_action_attacks() -> dict:
    """``POST /admin/api/main/pages/<B's product>/action/<name>/`` for every action, and the
    actions that take a page id on the draft too."""
    assert set(admin_api_page_actions()) == set(_API_PAYLOADS), "a new admin API page action needs an attack"
    attacks = {}
    for name in admin_api_page_actions():
        for target in ("product", "draft_product"):
            attacks[f"api_action_{name}_{target}"] = lambda w, name=name, target=target: (
                "post",
                reverse("wagtailadmin_api:pages:action", args=[getattr(w.b, target).pk, name]),
                _API_PAYLOADS[name](w),
            )
    return attacks


def library_attacks(name: str, *, app: str, multiple_prefix: str, upload, owner: str) -> dict:
    """The attacks on ``owner``'s (``"a"`` or ``"b"``) image or document (``name``: ``image``,
    ``document``) through the views Wagtail's image and document libraries (``app``) both have: edits
    move it into A's collection, uploads (fresh files from ``upload()``) aim at ``owner``'s collection."""

    def item(w):
        return getattr(getattr(w, owner), name)

    def collection(w) -> str:
        return str(getattr(w, owner).cooperative.collection_id)

    def renamed(w) -> dict:
        return {"title": "Diretas", "collection": str(w.a.cooperative.collection_id), "tags": ""}

    def edited_multiple(w) -> dict:
        prefix = f"{multiple_prefix}-{item(w).pk}"
        return {f"{prefix}-title": "Diretas", f"{prefix}-collection": str(w.a.cooperative.collection_id)}

    def uploaded(w, *, file_field: str, prefix: str = "", tags: bool = True):
        def data() -> dict:  # a fresh file for each request
            fields = {f"{prefix}title": "Tambakreja curian", f"{prefix}{file_field}": upload()}
            fields[f"{prefix}collection"] = collection(w)
            return {**fields, f"{prefix}tags": ""} if tags else fields

        return data

    chooser = f"{name}-chooser-upload-"
    return {
        f"{name}_edit_get": lambda w: get(f"{app}:edit", item(w).pk),
        f"{name}_edit_post": lambda w: post(f"{app}:edit", item(w).pk, data=renamed(w)),
        f"{name}_delete_get": lambda w: get(f"{app}:delete", item(w).pk),
        f"{name}_delete_post": lambda w: post(f"{app}:delete", item(w).pk),
        f"{name}_usage": lambda w: get(f"{app}:{name}_usage", item(w).pk),
        f"{name}_chooser_chosen": lambda w: get(f"{app}_chooser:chosen", item(w).pk),
        f"{name}_edit_multiple_post": lambda w: post(f"{app}:edit_multiple", item(w).pk, data=edited_multiple(w)),
        f"{name}_delete_multiple_post": lambda w: post(f"{app}:delete_multiple", item(w).pk),
        f"{name}_upload_into_{owner}": lambda w: post(f"{app}:add", data=uploaded(w, file_field="file")),
        f"{name}_upload_multiple_into_{owner}": lambda w: post(
            f"{app}:add_multiple", data=uploaded(w, file_field="files[]", tags=False)
        ),
        f"{name}_chooser_upload_into_{owner}": lambda w: post(
            f"{app}_chooser:create", data=uploaded(w, file_field="file", prefix=chooser)
        ),
    }

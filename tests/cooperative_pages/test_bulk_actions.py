"""Bulk-action confirmation pages list only what the user may see. Every bulk action of
pages, images and documents (Wagtail's registry) is attacked with cooperative B's ids in
the isolation matrices (confirm_bulk_*); here the other side: the same pages still list
the user's own objects, drop the foreign ids mixed in with them, and a superuser sees all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .isolation import SECRET_TITLES, assert_not_shown

CASES = {
    "page": (
        "wagtailcore",
        lambda w: [w.a.product.pk, w.a.draft_product.pk],
        lambda w: [w.b.product.pk, w.b.draft_product.pk],
        ("Beras Widoro", "Rahasia Draf Widoro"),
    ),
    "image": ("wagtailimages", lambda w: [w.a.image.pk], lambda w: [w.b.image.pk], ("Foto Widoro",)),
    "document": ("wagtaildocs", lambda w: [w.a.document.pk], lambda w: [w.b.document.pk], ("Dokumen Widoro",)),
}


def _actions(app: str, model: str) -> list[str]:
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    return sorted(action.action_type for action in bulk_action_registry.get_bulk_actions_for_model(app, model))


PARAMS = [(model, action) for model, (app, *_rest) in CASES.items() for action in _actions(app, model)]


def _confirmation(client, app, model, action, ids):
    url = reverse("wagtail_bulk_action", args=[app, model, action]) + "?" + "&".join(f"id={pk}" for pk in ids)
    return client.get(url)


@pytest.mark.parametrize(("model", "action"), PARAMS)
def test_own_objects_listed_foreign_ones_dropped(world, client, model, action):
    app, own, foreign, own_titles = CASES[model]
    client.force_login(world.a.officer)
    response = _confirmation(client, app, model, action, [*own(world), *foreign(world)])
    assert response.status_code == 200
    html = response.content.decode()
    for title in own_titles:
        assert title in html, (model, action, title)
    assert_not_shown(response, f"{model} {action}", secrets=SECRET_TITLES)


@pytest.mark.parametrize(("model", "action"), PARAMS)
def test_superuser_confirms_any_cooperatives_objects(world, client, model, action):
    app, _own, foreign, _titles = CASES[model]
    client.force_login(world.superuser)
    response = _confirmation(client, app, model, action, foreign(world))
    assert response.status_code == 200
    assert "Tambakreja" in response.content.decode()


def test_only_foreign_ids_is_not_found(world, client):
    client.force_login(world.a.officer)
    assert _confirmation(client, "wagtailcore", "page", "delete", [world.b.product.pk]).status_code == 404

"""Province and regency pages created in bulk by the import are stored exactly like the
ones ``region_pages_ensure`` creates through Wagtail's own path."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from cooperative_pages.models import ProvincePage, RegencyPage
from cooperative_pages.onboarding.bulk import region_pages_bulk_ensure
from cooperative_pages.services import region_pages_ensure
from tests.factories import make_user, region_chain
from tests.onboarding.test_parity import LOG_ENTRY_FIELDS, REFERENCE_FIELDS

pytestmark = pytest.mark.django_db


def page_snapshot(page: Page) -> dict:
    """The rows of one page with its own identity (ids, path step, names, region, timestamps) replaced."""
    page.refresh_from_db()
    specific = page.specific
    page_type = ContentType.objects.get_for_model(Page)
    revision = Revision.objects.get(pk=page.latest_revision_id)
    normalise = _placeholders(page, revision)
    assert page.latest_revision_id == page.live_revision_id
    assert revision.created_at == page.latest_revision_created_at
    assert page.first_published_at == page.last_published_at
    return {
        "page": normalise(type(specific).objects.filter(pk=page.pk).values()[0]),
        "revision": normalise(
            {k: v for k, v in Revision.objects.filter(pk=revision.pk).values()[0].items() if k != "id"}
        ),
        "log": sorted(
            (normalise(entry) for entry in PageLogEntry.objects.filter(page_id=page.pk).values(*LOG_ENTRY_FIELDS)),
            key=lambda row: row["action"],
        ),
        "search": [
            _without_words(normalise(entry), page.title)
            for entry in IndexEntry.objects.filter(object_id=str(page.pk)).values(
                "content_type_id", "object_id", "title", "autocomplete", "body"
            )
        ],
        "references": sorted(
            (
                normalise(row)
                for row in ReferenceIndex.objects.filter(base_content_type=page_type, object_id=str(page.pk)).values(
                    *REFERENCE_FIELDS
                )
            ),
            key=lambda row: row["model_path"],
        ),
    }


def _placeholders(page: Page, revision: Revision):
    """Replaces the page's own identity in a row's values by placeholders."""
    names = {
        page.title: "<title>",
        page.slug: "<slug>",
        page.url_path: "<url>",
        page.specific.region_id: "<region>",
        page.path: page.path[: -Page.steplen] + "<step>",
    }

    def normalise(value, key=""):
        if isinstance(value, dict):
            return {k: normalise(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [normalise(v, key) for v in value]
        if key in {"id", "pk", "page_ptr_id", "page_id", "object_id"} and value is not None:
            return "<page>" if int(value) == page.pk else value
        if key in {"latest_revision_id", "live_revision_id", "revision_id", "latest_revision", "live_revision"}:
            return "<revision>" if value == revision.pk else value
        if key == "numchild":  # provinces differ in their number of regencies
            return value == page.get_children().count()
        if key == "translation_key":
            uuid.UUID(str(value))
            return "<uuid>"
        if key in {"first_published_at", "last_published_at", "latest_revision_created_at", "created_at", "timestamp"}:
            return value is not None
        if isinstance(value, str) and value in names:
            return names[value]
        return value

    return normalise


def _without_words(entry: dict, title: str) -> dict:
    """Search text with the words of ``title`` replaced (PostgreSQL stores tsvectors of them)."""
    for word in title.lower().split():
        entry = {
            key: value.replace(f"'{word}'", "'<word>'") if isinstance(value, str) else value
            for key, value in entry.items()
        }
    return entry


@pytest.mark.parametrize("with_user", [False, True])
def test_bulk_created_region_pages_equal_the_normal_path(portal, with_user):
    user = make_user("admin-nasional", is_superuser=True) if with_user else None
    normal_regency = region_pages_ensure(village=region_chain("35.01.01.2001"), user=user)
    normal_province = normal_regency.get_parent()
    region_chain("35.02")
    region_chain("33.01")

    pages = region_pages_bulk_ensure(regency_codes={"35.01", "35.02", "33.01"}, user=user)

    assert pages["35.01"].pk == normal_regency.pk
    bulk_regency, bulk_in_new_province = pages["35.02"], pages["33.01"]
    bulk_province = bulk_in_new_province.get_parent()
    assert isinstance(bulk_province.specific, ProvincePage) and bulk_province.specific.region_id == "33"
    assert bulk_regency.get_parent().pk == normal_province.pk
    for normal, bulk in ((normal_regency, bulk_regency), (normal_province, bulk_province)):
        expected, actual = page_snapshot(normal), page_snapshot(bulk)
        for part in expected:
            assert actual[part] == expected[part], part
        assert len(expected["log"]) == 3 and len(expected["search"]) == 1
    assert normal_province.get_children().count() == 2
    assert Page.find_problems() == ([], [], [], [], [])
    # Nothing new on a second call.
    count = Page.objects.count()
    assert region_pages_bulk_ensure(regency_codes={"35.02", "33.01"}, user=user)["35.02"].pk == bulk_regency.pk
    assert Page.objects.count() == count
    assert RegencyPage.objects.count() == 3

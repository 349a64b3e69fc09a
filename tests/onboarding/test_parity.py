"""A bulk-imported cooperative is stored exactly like one created through the normal service."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from cooperative_pages.models import CooperativePage
from cooperative_pages.onboarding.importer import registry_import
from cooperative_pages.onboarding.registry import RegistryRow
from cooperative_pages.services import cooperative_create
from tests.factories import make_user, region_chain

# The rows compared between the bulk path and the normal path (test_region_parity.py too).
LOG_ENTRY_FIELDS = (
    "page_id",
    "action",
    "content_type_id",
    "label",
    "data",
    "revision_id",
    "user_id",
    "uuid",
    "content_changed",
    "deleted",
    "timestamp",
)
REFERENCE_FIELDS = (
    "content_type_id",
    "base_content_type_id",
    "object_id",
    "to_content_type_id",
    "to_object_id",
    "model_path",
    "content_path",
    "content_path_hash",
)

# What add_child + save_revision + publish log for each page, in that order.
LOG_ACTION_ORDER = ["wagtail.create", "wagtail.edit", "wagtail.publish"]

pytestmark = pytest.mark.django_db

PROFILE = {
    "legal_entity_number": "AHU-0000101.AH.01.29.TAHUN 2025",
    "address": "Jl. Raya No. 1",
    "phone": "+6281234560001",
    "email": "kdmp@example.id",
    "chair_name": "Sutrisno",
}


def microsite_snapshot(cooperative: CooperativePage) -> dict:
    """Every row the microsite consists of, with its own identity (ids, path step,
    slug, names, timestamps, uuids) replaced by placeholders after checking it."""
    cooperative.refresh_from_db()
    pages = list(Page.objects.filter(path__startswith=cooperative.path).order_by("path"))
    page_type = ContentType.objects.get_for_model(Page)
    object_ids = [str(page.pk) for page in pages]
    revisions = list(
        Revision.objects.filter(base_content_type=page_type, object_id__in=object_ids).order_by("created_at", "pk")
    )
    normalise = _Placeholders(cooperative, pages=pages, revisions=revisions)
    return {
        "pages": _page_rows(pages, normalise),
        "revisions": [
            normalise({k: v for k, v in Revision.objects.filter(pk=r.pk).values()[0].items() if k != "id"})
            for r in revisions
        ],
        "log": sorted(
            (
                normalise(entry)
                for entry in PageLogEntry.objects.filter(page_id__in=[page.pk for page in pages]).values(
                    *LOG_ENTRY_FIELDS
                )
            ),
            key=lambda row: (row["page_id"], LOG_ACTION_ORDER.index(row["action"])),
        ),
        "search": sorted(
            (
                normalise(entry)
                for entry in IndexEntry.objects.filter(object_id__in=object_ids).values(
                    "content_type_id", "object_id", "title", "autocomplete", "body"
                )
            ),
            key=lambda row: row["object_id"],
        ),
        "references": sorted(
            (
                normalise(row)
                for row in ReferenceIndex.objects.filter(base_content_type=page_type, object_id__in=object_ids).values(
                    *REFERENCE_FIELDS
                )
            ),
            key=lambda row: (row["object_id"], row["model_path"]),
        ),
        "collection": _collection_row(cooperative, normalise),
    }


class _Placeholders:
    """Replaces a microsite's own identity in a row's values by placeholders."""

    def __init__(self, cooperative: CooperativePage, *, pages: list[Page], revisions: list[Revision]):
        self.cooperative = cooperative
        self.page_ids = {page.pk: f"page{number}" for number, page in enumerate(pages)}
        self.revision_ids = {revision.pk: f"rev{number}" for number, revision in enumerate(revisions)}
        self.names = {
            cooperative.title: "<name>",
            cooperative.slug: "<slug>",
            cooperative.registry_id: "<registry_id>",
            cooperative.village_id: "<village>",
            cooperative.path: "<path>",
            cooperative.url_path: "<url>",
            f"{cooperative.title} ({cooperative.registry_id})": "<collection>",
        }

    def __call__(self, value, key=""):
        if isinstance(value, dict):
            return {k: self(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v, key) for v in value]
        if key in {"id", "pk", "page_ptr_id", "page_id", "page", "object_id"} and value is not None:
            return self.page_ids.get(int(value), value)
        if key in {"latest_revision_id", "live_revision_id", "revision_id", "latest_revision", "live_revision"}:
            return self.revision_ids.get(value, value)
        if key == "collection_id":
            return value is not None and value == self.cooperative.collection_id
        if key == "translation_key":
            uuid.UUID(str(value))
            return "<uuid>"
        if key in {"first_published_at", "last_published_at", "latest_revision_created_at", "created_at", "timestamp"}:
            return value is not None
        if isinstance(value, str):
            for real, placeholder in self.names.items():
                if value == real:
                    return placeholder
                if key in {"path", "url_path"} and value.startswith(real):
                    return placeholder + value[len(real) :]
        return value


def _page_rows(pages: list[Page], normalise: _Placeholders) -> list[dict]:
    """Each page's own and subclass row, after checking it is published at its latest revision."""
    rows = []
    for page in pages:
        specific = type(page.specific)
        rows.append(normalise(specific.objects.filter(pk=page.pk).values()[0]))
        assert page.latest_revision_id == page.live_revision_id
        assert Revision.objects.get(pk=page.latest_revision_id).created_at == page.latest_revision_created_at
        assert page.first_published_at == page.last_published_at
    return rows


def _collection_row(cooperative: CooperativePage, normalise: _Placeholders) -> dict:
    collection = Collection.objects.get(pk=cooperative.collection_id)
    return {
        "name": normalise(collection.name),
        "parent": collection.get_parent().name,
        "depth": collection.depth,
        "numchild": collection.numchild,
    }


def _differences(expected, actual) -> list:
    if isinstance(expected, dict) and isinstance(actual, dict):
        return [
            (key, _differences(expected.get(key), actual.get(key)))
            for key in expected.keys() | actual.keys()
            if expected.get(key) != actual.get(key)
        ]
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [(n, _differences(e, a)) for n, (e, a) in enumerate(zip(expected, actual, strict=True)) if e != a]
    return [(expected, actual)]


@pytest.mark.parametrize("with_user", [False, True])
def test_bulk_imported_cooperative_equals_one_created_by_the_normal_path(portal, with_user):
    user = make_user("admin-nasional", is_superuser=True) if with_user else None
    normal = cooperative_create(
        registry_id="3501010000000001",
        name="Koperasi Desa Merah Putih Widoro",
        village=region_chain("35.01.01.2001"),
        user=user,
        **PROFILE,
    )
    region_chain("35.01.01.2002")
    summary = registry_import(
        rows=[
            RegistryRow(
                line=2,
                registry_id="3501010000000002",
                name="Koperasi Desa Merah Putih Widoro",  # same name: search text on PostgreSQL is a tsvector
                village_code="35.01.01.2002",
                **PROFILE,
            ),
        ],
        user=user,
    )
    assert summary.created == 1
    bulk = CooperativePage.objects.get(registry_id="3501010000000002")

    expected, actual = microsite_snapshot(normal), microsite_snapshot(bulk)

    for part in expected:
        assert actual[part] == expected[part], (part, _differences(expected[part], actual[part]))
    assert len(expected["pages"]) == 4
    assert len(expected["revisions"]) == 4
    assert len(expected["log"]) == 12
    assert len(expected["search"]) == 4
    assert len(expected["references"]) == 4
    assert bulk.get_parent().numchild == 2
    assert bulk.path[:-4] == normal.path[:-4] and bulk.path > normal.path
    assert Collection.objects.get(pk=bulk.collection_id).get_parent().numchild == 2
    assert Page.find_problems() == ([], [], [], [], [])
    assert Collection.find_problems() == ([], [], [], [], [])


def test_bulk_slug_follows_the_normal_rule_for_repeated_names(portal):
    normal = cooperative_create(
        registry_id="1", name="Koperasi Desa Merah Putih", village=region_chain("35.01.01.2001")
    )
    region_chain("35.01.01.2002")
    row = RegistryRow(line=2, registry_id="2", name="Koperasi Desa Merah Putih", village_code="35.01.01.2002")
    registry_import(rows=[row, RegistryRow(**{**row.__dict__, "line": 3, "registry_id": "3"})])

    slugs = list(Page.objects.child_of(normal.get_parent()).order_by("path").values_list("slug", flat=True))
    assert slugs == [
        "koperasi-desa-merah-putih",
        "koperasi-desa-merah-putih-3501012002",
        "koperasi-desa-merah-putih-3501012002-2",
    ]
    bulk = CooperativePage.objects.get(registry_id="2")
    assert bulk.url_path.endswith("/koperasi-desa-merah-putih-3501012002/")
    assert Page.find_problems() == ([], [], [], [], [])

"""Creating many cooperative microsites at once, with the same rows Wagtail's own path writes.

``cooperative_create`` (add_child + save_revision + publish, per page) manages ~17
pages/s; the registry has 80,605 cooperatives × 4 pages. Here one batch of
cooperatives (all in one regency) is written with a handful of bulk statements:
tree paths are computed like treebeard does, then page rows, subclass rows,
collections, revisions, audit log entries, search index entries and reference
index rows are inserted in bulk. The caller wraps a batch in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations, get_serializable_data_for_fields
from modelsearch.backends import get_search_backends
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex, Revision

from .. import compat
from ..models import CooperativePage, ProvincePage, RegencyPage, Region
from ..services import SECTION_PAGES, portal_page
from .registry import RegistryRow
from .rows import allocate_ids, insert_rows, insert_values


@dataclass
class _NewCooperative:
    row: RegistryRow
    page: CooperativePage
    sections: list[Page]


def cooperatives_bulk_create(
    *,
    groups: Sequence[tuple[RegencyPage, Sequence[RegistryRow]]],
    collection_root: Collection,
    user=None,
) -> list[CooperativePage]:
    """Create and publish one microsite per row under its regency page (call inside a transaction)."""
    using = router.db_for_write(Page)
    connection = connections[using]
    now = timezone.now()
    user_id = user.pk if user is not None else None
    groups = [(regency_page, rows) for regency_page, rows in groups if rows]
    if not groups:
        return []
    # Take the write lock first (SQLite) and lock the parents (PostgreSQL): nothing else may
    # add children, so the computed paths and the allocated ids stay ours.
    for regency_page, rows in groups:
        Page.objects.filter(pk=regency_page.pk).update(numchild=F("numchild") + len(rows))
    Collection.objects.filter(pk=collection_root.pk).update(numchild=F("numchild") + sum(len(r) for _p, r in groups))
    collection_root = Collection.objects.select_for_update().get(pk=collection_root.pk)

    new: list[_NewCooperative] = []
    for regency_page, rows in groups:
        parent = Page.objects.select_for_update().get(pk=regency_page.pk)
        new += _build_pages(parent=parent, rows=rows, now=now)
    pages = [page for item in new for page in (item.page, *item.sections)]

    # As in the normal path, the revision and the references are taken before the page
    # is published or has children or a collection; built from unsaved objects they cost no query.
    contents, references = _taken_before_publishing(pages)
    collections = _build_collections(root=collection_root, cooperatives=[item.page for item in new])
    for collection, pk in zip(collections, allocate_ids(Collection, len(collections), connection), strict=True):
        collection.id = pk
    for item, collection in zip(new, collections, strict=True):
        item.page.collection_id = collection.pk
    insert_rows(Collection, collections, connection)
    _write_published_pages(pages, contents, references, now=now, user_id=user_id, connection=connection)
    return [item.page for item in new]


def region_pages_bulk_ensure(*, regency_codes: Iterable[str], user=None) -> dict[str, RegencyPage]:
    """The regency page of each of ``regency_codes``, by code; the missing province and regency
    pages are created and published in two bulk steps, stored as ``region_pages_ensure``
    stores them (call inside a transaction)."""
    connection = connections[router.db_for_write(Page)]
    now = timezone.now()
    user_id = user.pk if user is not None else None
    regency_codes = set(regency_codes)
    found = {page.region_id: page for page in RegencyPage.objects.filter(region_id__in=regency_codes)}
    missing = sorted(regency_codes - found.keys())
    if not missing:
        return found
    province_codes = sorted({code[:2] for code in missing})
    regions = Region.objects.in_bulk([*province_codes, *missing], field_name="code")
    provinces = {page.region_id: page for page in ProvincePage.objects.filter(region_id__in=province_codes)}
    new_provinces = [
        ProvincePage(title=regions[code].name, slug=slugify(regions[code].name), region=regions[code])
        for code in province_codes
        if code not in provinces
    ]
    if new_provinces:
        _build_children(parent=portal_page(), pages=new_provinces, now=now)
        contents, references = _taken_before_publishing(new_provinces)
        _write_published_pages(new_provinces, contents, references, now=now, user_id=user_id, connection=connection)
        provinces.update({page.region_id: page for page in new_provinces})
    new_regencies = []
    for province_code in province_codes:
        pages = [
            RegencyPage(title=regions[code].name, slug=slugify(regions[code].name), region=regions[code])
            for code in missing
            if code[:2] == province_code
        ]
        _build_children(parent=provinces[province_code], pages=pages, now=now)
        new_regencies += pages
    contents, references = _taken_before_publishing(new_regencies)
    _write_published_pages(new_regencies, contents, references, now=now, user_id=user_id, connection=connection)
    return found | {page.region_id: page for page in new_regencies}


def _build_children(*, parent: Page, pages: list[Page], now) -> None:
    """Give ``pages`` the tree position, url path and publication fields that add_child and
    publish give them, as the last children of ``parent`` (locked here)."""
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    step, slugs = _children_so_far(parent)
    for number, page in enumerate(pages, start=1):
        if page.slug in slugs:  # the normal path's full_clean refuses it too
            raise ValueError(f"The slug {page.slug!r} is already in use under {parent.url_path}")
        slugs.add(page.slug)
        page.draft_title = page.title
        page.path = compat.tree_path(model=Page, parent_path=parent.path, depth=parent.depth + 1, step=step + number)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = now


def _children_so_far(parent: Page) -> tuple[int, set[str]]:
    """The path step of ``parent``'s last child (0 when none) and the slugs its children take."""
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last_path = children.order_by("-path").values_list("path", flat=True).first()
    step = compat.tree_step(model=Page, path=last_path) if last_path else 0
    return step, set(children.values_list("slug", flat=True))


def _taken_before_publishing(pages: list[Page]) -> tuple[list[dict], list[set]]:
    contents = [_content_before_publishing(page) for page in pages]
    references = [compat.references_of(page) for page in pages]
    return contents, references


def _write_published_pages(pages: list[Page], contents, references, *, now, user_id, connection) -> None:
    """Insert ``pages`` (paths and fields set) with what add_child + save_revision + publish
    write for each: page and subclass rows, revision, audit log, references, search entries."""
    page_ids = allocate_ids(Page, len(pages), connection)
    revision_ids = allocate_ids(Revision, len(pages), connection)
    for page, content, pk, revision_id in zip(pages, contents, page_ids, revision_ids, strict=True):
        page.id = page.page_ptr_id = pk
        page.latest_revision_id = page.live_revision_id = revision_id
        page._state.adding = False
        content["pk"] = pk

    page_type = ContentType.objects.get_for_model(Page)
    revisions = [
        {
            "id": revision_id,
            "content_type_id": page.content_type_id,
            "base_content_type_id": page_type.pk,
            "object_id": str(page.pk),
            "user_id": user_id,
            "content": content,
            "object_str": page.title,
            "created_at": now,
        }
        for page, content, revision_id in zip(pages, contents, revision_ids, strict=True)
    ]
    log_entries = [
        {
            "content_type_id": page.content_type_id,
            "label": page.draft_title,
            "action": action,
            "timestamp": now,
            "data": {},
            "user_id": actor,
            "page_id": page.pk,
            "revision_id": revision_id,
            "content_changed": True,
        }
        for page in pages
        # add_child logs the creation without a user, as the normal path does.
        for action, revision_id, actor in (
            ("wagtail.create", None, None),
            ("wagtail.edit", page.latest_revision_id, user_id),
            ("wagtail.publish", page.latest_revision_id, user_id),
        )
    ]
    reference_rows = [
        row for page, found in zip(pages, references, strict=True) for row in _reference_rows(page, found, page_type)
    ]

    insert_rows(Page, pages, connection)
    for model in {type(page) for page in pages}:
        insert_rows(model, [page for page in pages if type(page) is model], connection)
    insert_values(Revision, revisions, connection)
    insert_values(PageLogEntry, log_entries, connection)
    insert_values(ReferenceIndex, reference_rows, connection)
    _index_for_search(pages)


def _build_pages(*, parent: Page, rows: Sequence[RegistryRow], now) -> list[_NewCooperative]:
    step, slugs = _children_so_far(parent)
    published = {
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": now,
        "last_published_at": now,
        "latest_revision_created_at": now,
        "locale_id": parent.locale_id,
    }
    new = []
    for row in rows:
        step += 1
        slug = _unique_slug(slugs, row)
        path = compat.tree_path(model=Page, parent_path=parent.path, depth=parent.depth + 1, step=step)
        url_path = f"{parent.url_path}{slug}/"
        cooperative = CooperativePage(
            **row.cooperative_values(),
            draft_title=row.name,
            slug=slug,
            path=path,
            depth=parent.depth + 1,
            numchild=len(SECTION_PAGES),
            url_path=url_path,
            **published,
        )
        cooperative.province_id, cooperative.regency_id, cooperative.district_id = _region_codes(row.village_code)
        sections = [
            model(
                title=title,
                draft_title=title,
                slug=section_slug,
                path=compat.tree_path(model=Page, parent_path=path, depth=parent.depth + 2, step=number),
                depth=parent.depth + 2,
                numchild=0,
                url_path=f"{url_path}{section_slug}/",
                **published,
            )
            for number, (model, title, section_slug) in enumerate(SECTION_PAGES, start=1)
        ]
        new.append(_NewCooperative(row=row, page=cooperative, sections=sections))
    return new


_SET_BY_PUBLISHING = ("numchild", "first_published_at", "last_published_at", "latest_revision_created_at")


def _content_before_publishing(page: Page) -> dict:
    """``serializable_data()`` as ``save_revision`` records it: before publication, with
    no children, comments or many-to-many values yet (so no query is needed)."""
    values = {name: getattr(page, name) for name in _SET_BY_PUBLISHING}
    for name in _SET_BY_PUBLISHING:
        setattr(page, name, 0 if name == "numchild" else None)
    try:
        content = get_serializable_data_for_fields(page)
    finally:
        for name, value in values.items():
            setattr(page, name, value)
    content.update({name: [] for name in _empty_relations(type(page))})
    return content


@cache
def _empty_relations(model) -> tuple[str, ...]:
    """Names under which ``serializable_data`` lists child objects and many-to-many values."""
    return tuple(relation.get_accessor_name() for relation in get_all_child_relations(model)) + tuple(
        field.name for field in get_all_child_m2m_relations(model) if field.serialize
    )


def _unique_slug(taken: set[str], row: RegistryRow) -> str:
    """``cooperative_slug``'s rule (village names repeat within a regency), decided in memory."""
    base = slugify(row.name)[:200] or "koperasi"
    slug = base
    if slug in taken:
        slug = f"{base}-{row.village_code.replace('.', '')}"
    number = 1
    while slug in taken:  # two cooperatives registered for one village
        number += 1
        slug = f"{base}-{row.village_code.replace('.', '')}-{number}"
    taken.add(slug)
    return slug


def _region_codes(village_code: str) -> tuple[str, str, str]:
    parts = village_code.split(".")
    return parts[0], ".".join(parts[:2]), ".".join(parts[:3])


def _build_collections(*, root: Collection, cooperatives: list[CooperativePage]) -> list[Collection]:
    last_path = root.get_children().order_by("-path").values_list("path", flat=True).first()
    step = compat.tree_step(model=Collection, path=last_path) if last_path else 0
    return [
        Collection(
            name=f"{cooperative.title} ({cooperative.registry_id})",
            path=compat.tree_path(model=Collection, parent_path=root.path, depth=root.depth + 1, step=step + number),
            depth=root.depth + 1,
            numchild=0,
        )
        for number, cooperative in enumerate(cooperatives, start=1)
    ]


def _reference_rows(page: Page, references: set, page_type: ContentType) -> list[dict]:
    """What ``ReferenceIndex.create_or_update_for_object`` inserts for a new page."""
    if not references:
        return []
    content_type_id = ContentType.objects.get_for_model(page, for_concrete_model=False).pk
    return [
        {
            "content_type_id": content_type_id,
            "base_content_type_id": page_type.pk,
            "object_id": str(page.pk),
            "to_content_type_id": to_content_type_id,
            "to_object_id": to_object_id,
            "model_path": model_path,
            "content_path": content_path,
            "content_path_hash": compat.content_path_hash(content_path),
        }
        for to_content_type_id, to_object_id, model_path, content_path in references
    ]


def _index_for_search(pages: list[Page]) -> None:
    """What ``insert_or_update_object`` does per page, one bulk call per model and backend.

    The database backends re-average title lengths over the whole index after every
    call, which grows with the index; that is done once per import instead
    (``search_title_norms_refresh``): until then new entries keep the default norm.
    """
    by_model: dict[type, list[Page]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, objs in by_model.items():
            index = backend.get_index_for_model(model)
            compat.defer_title_norms(index)
            if compat.is_postgres_index(index) and model.get_search_fields():
                for start in range(0, len(objs), 1000):  # stays under PostgreSQL's 65,535 parameters
                    compat.postgres_add_new_items(index, model, objs[start : start + 1000])
            else:
                index.add_items(model, objs)


def search_title_norms_refresh() -> None:
    """Give the entries added in bulk their title norm (database search backends only)."""
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(Page)
        compat.refresh_title_norms(index)

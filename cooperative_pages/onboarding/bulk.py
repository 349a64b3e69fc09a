"""Creating many cooperative microsites at once, with the same rows Wagtail's own path writes.

``cooperative_create`` (add_child + save_revision + publish, per page) manages ~17
pages/s; the registry has 80,605 cooperatives × 4 pages. Here one batch of
cooperatives (all in one regency) is written with a handful of bulk statements:
tree paths are computed like treebeard does, then page rows, subclass rows,
collections, revisions, audit log entries, search index entries and reference
index rows are inserted in bulk. The caller wraps a batch in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from modelsearch.backends import get_search_backends
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex, Revision

from ..models import CooperativePage, RegencyPage
from ..services import SECTION_PAGES
from .registry import RegistryRow


@dataclass
class _NewCooperative:
    row: RegistryRow
    page: CooperativePage
    sections: list[Page]


def cooperatives_bulk_create(
    *, regency_page: RegencyPage, rows: Sequence[RegistryRow], collection_root: Collection, user=None
) -> list[CooperativePage]:
    """Create and publish one microsite per row under ``regency_page`` (call inside a transaction)."""
    if not rows:
        return []
    using = router.db_for_write(Page)
    now = timezone.now()
    # Lock the parents so concurrent page/collection creation cannot take the same paths.
    parent = Page.objects.select_for_update().get(pk=regency_page.pk)
    collection_root = Collection.objects.select_for_update().get(pk=collection_root.pk)

    new = _build_pages(parent=parent, rows=rows, user=user, now=now)
    pages = [page for item in new for page in (item.page, *item.sections)]

    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
        page._state.adding = False

    # As in the normal path: the revision and references are taken before the
    # cooperative has children or its collection.
    revision_content, references = {}, []
    for page in pages:
        revision_content[page.pk] = _content_before_publishing(page)
        references.extend(_reference_rows(page))

    collections = _build_collections(root=collection_root, cooperatives=[item.page for item in new])
    Collection.objects.bulk_create(collections)
    for item, collection in zip(new, collections, strict=True):
        item.page.collection_id = collection.pk

    for model in {type(page) for page in pages}:
        objs = [page for page in pages if type(page) is model]
        _insert_subclass_rows(model=model, objs=objs, using=using)

    page_type = ContentType.objects.get_for_model(Page)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=page_type,
                object_id=str(page.pk),
                user=user,
                content=revision_content[page.pk],
                object_str=str(page),
                created_at=now,
            )
            for page in pages
        ]
    )
    revision_by_page = {int(revision.object_id): revision for revision in revisions}
    for page in pages:
        page.latest_revision = page.live_revision = revision_by_page[page.pk]
    _link_revisions(page_ids=[page.pk for page in pages], page_type=page_type)

    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type_id=page.content_type_id,
                label=page.get_admin_display_title(),
                action=action,
                timestamp=now,
                data={},
                user=actor,
                page_id=page.pk,
                revision=revision,
                content_changed=True,
            )
            for page in pages
            # add_child logs the creation without a user, as the normal path does.
            for action, revision, actor in (
                ("wagtail.create", None, None),
                ("wagtail.edit", revision_by_page[page.pk], user),
                ("wagtail.publish", revision_by_page[page.pk], user),
            )
        ]
    )
    ReferenceIndex.objects.bulk_create(references)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(new))
    Collection.objects.filter(pk=collection_root.pk).update(numchild=F("numchild") + len(collections))
    _index_for_search(pages)
    return [item.page for item in new]


def _build_pages(*, parent: Page, rows: Sequence[RegistryRow], user, now) -> list[_NewCooperative]:
    children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last_path = children.order_by("-path").values_list("path", flat=True).first()
    step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
    slugs = set(children.values_list("slug", flat=True))
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
        path = Page._get_path(parent.path, parent.depth + 1, step)
        url_path = f"{parent.url_path}{slug}/"
        cooperative = CooperativePage(
            title=row.name,
            draft_title=row.name,
            slug=slug,
            path=path,
            depth=parent.depth + 1,
            numchild=len(SECTION_PAGES),
            url_path=url_path,
            registry_id=row.registry_id,
            village_id=row.village_code,
            legal_entity_number=row.legal_entity_number,
            legal_entity_date=row.legal_entity_date,
            address=row.address,
            phone=row.phone,
            email=row.email,
            chair_name=row.chair_name,
            **published,
        )
        cooperative.province_id, cooperative.regency_id, cooperative.district_id = _region_codes(row.village_code)
        sections = [
            model(
                title=title,
                draft_title=title,
                slug=section_slug,
                path=Page._get_path(path, parent.depth + 2, number),
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
    """``serializable_data()`` as ``save_revision`` records it: before publication and children."""
    values = {name: getattr(page, name) for name in _SET_BY_PUBLISHING}
    for name in _SET_BY_PUBLISHING:
        setattr(page, name, 0 if name == "numchild" else None)
    try:
        return page.serializable_data()
    finally:
        for name, value in values.items():
            setattr(page, name, value)


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
    step = Collection._str2int(last_path[-Collection.steplen :]) if last_path else 0
    return [
        Collection(
            name=f"{cooperative.title} ({cooperative.registry_id})",
            path=Collection._get_path(root.path, root.depth + 1, step + number),
            depth=root.depth + 1,
            numchild=0,
        )
        for number, cooperative in enumerate(cooperatives, start=1)
    ]


def _insert_subclass_rows(*, model, objs: list[Page], using: str) -> None:
    """The page types' own table rows; Django's bulk_create refuses multi-table inheritance."""
    connection = connections[using]
    fields = model._meta.local_concrete_fields
    batch_size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    for start in range(0, len(objs), batch_size):
        model._base_manager._insert(objs[start : start + batch_size], fields=fields, using=using)


def _link_revisions(*, page_ids: list[int], page_type: ContentType) -> None:
    revision_id = Subquery(
        Revision.objects.filter(base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField()))
        .order_by("-pk")
        .values("pk")[:1]
    )
    for start in range(0, len(page_ids), 1000):
        Page.objects.filter(pk__in=page_ids[start : start + 1000]).update(
            latest_revision_id=revision_id, live_revision_id=revision_id
        )


def _reference_rows(page: Page) -> list[ReferenceIndex]:
    """What ``ReferenceIndex.create_or_update_for_object`` would insert for a new page."""
    references = set(ReferenceIndex._extract_references_from_object(page))
    if not references:
        return []
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    base_content_type = ContentType.objects.get_for_model(Page)
    return [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for to_content_type_id, to_object_id, model_path, content_path in references
    ]


def _index_for_search(pages: list[Page]) -> None:
    by_model: dict[type, list[Page]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, objs in by_model.items():
            backend.add_bulk(model, objs)

"""The one rule for "public": a page is public when it is live, every ancestor is live and no
view restriction (password, login, groups) applies to it or an ancestor.

Wagtail's ``.live().public()`` looks at the page's own ``live`` flag only, so the products of an
unpublished cooperative stayed public in their HTML pages, ``/api/products/`` and
``/api/v2/pages/``. Every public listing, detail, API and the marketplace index ask this module.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet, Value
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag, TaggedItem
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.permissions import policy_registry

from .tenancy import paths_q


def hidden_path_prefixes() -> list[str]:
    """Tree paths at or below which no page is public although live: unpublished pages with
    children, and view-restricted pages. One query (index ``kmp_page_live_numchild``)."""
    # live = 0 rather than NOT live: SQLite only uses an index for the comparison.
    unpublished_parents = (
        Page.objects.filter(live=Value(False), numchild__gt=0).order_by().values_list("path", flat=True)
    )
    restricted = PageViewRestriction.objects.order_by().values_list("page__path", flat=True)
    return sorted(set(unpublished_parents.union(restricted)))


def not_public_q(prefixes: list[str] | None = None) -> Q:
    """Pages below an unpublished page or at/below a restricted one (``.exclude()`` it)."""
    return paths_q(paths=hidden_path_prefixes() if prefixes is None else prefixes)


def public_pages(queryset: QuerySet) -> QuerySet:
    """The public pages of ``queryset`` (two queries to list them, whatever their number)."""
    return queryset.live().exclude(not_public_q())


def path_is_public(path: str, prefixes: list[str]) -> bool:
    """For a live page: whether it is public, given :func:`hidden_path_prefixes`."""
    return not any(path.startswith(prefix) for prefix in prefixes)


def ancestors_are_live(page: Page) -> bool:
    """Whether every ancestor of ``page`` is live (one query). View restrictions are not asked:
    the HTML site lets Wagtail's own restriction check ask for the password or a login."""
    step = Page.steplen
    ancestors = [page.path[:end] for end in range(step, len(page.path), step)]
    return not Page.objects.filter(path__in=ancestors, live=Value(False)).exists()


def tags_visible_to(*, user) -> QuerySet[Tag]:
    """Tags the user may be suggested: those of public product and news pages, of any page of
    their own cooperatives, and of the images and documents they may choose. Everything for superusers."""
    if user.is_active and user.is_superuser:
        return Tag.objects.all()
    from .models import NewsPageTag, ProductPageTag
    from .tenancy import officer_cooperatives

    hidden = not_public_q()
    own = paths_q(paths=[cooperative.path for cooperative in officer_cooperatives(user=user)])
    visible = Q(pk__in=[])
    for through in (ProductPageTag, NewsPageTag):
        pages = through._meta.get_field("content_object").related_model.objects
        shown = pages.filter(Q(live=True) & ~hidden | own)
        visible |= Q(pk__in=through.objects.filter(content_object__in=shown).values("tag_id"))
    for model in (get_image_model(), get_document_model()):
        policy = policy_registry.get_by_type(model)
        mine = policy.instances_user_has_any_permission_for(user, ["choose", "change"])
        visible |= Q(
            pk__in=TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=mine.values("pk"),
            ).values("tag_id")
        )
    return Tag.objects.filter(visible)


def connect_restriction_changed(receiver, *, dispatch_uid: str) -> None:
    """Call ``receiver(sender, instance, **kwargs)`` when a view restriction is added, changed or
    removed: what is public changes (the change feed, the page cache and the marketplace index)."""
    for signal in (post_save, post_delete):
        signal.connect(receiver, sender=PageViewRestriction, dispatch_uid=f"{dispatch_uid}{id(signal)}")

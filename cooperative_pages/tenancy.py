"""Who may act where: the one place every app asks.

Officers act on their cooperatives (``OfficerMembership``); facilitators moderate the
cooperatives of their regions (``FacilitatorAssignment``); national moderators moderate
every region; officer managers invite officers. Everything is derived from those rows
(see models/roles.py), never from one group per cooperative. Results are cached on the
user object for the request, so every admin check costs a fixed number of queries
however many cooperatives exist, and every filter stays bounded (``paths_q``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast, Left
from django.db.models.lookups import In
from wagtail.models import Page, Task, TaskState

from .models import (
    CooperativePage,
    FacilitatorAssignment,
    OfficerMembership,
    ProvincePage,
    RegencyPage,
    RegionLevel,
    ancestor_codes,
)

MODERATE_ANY_REGION_PERMISSION = "cooperative_pages.moderate_any_region"
MANAGE_ANY_OFFICER_PERMISSION = "cooperative_pages.add_officermembership"
FACILITATED_LEVELS = (RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.DISTRICT)

_OFFICER_CACHE = "_kmp_officer_cooperatives"
_FACILITATOR_CACHE = "_kmp_facilitator_regions"
_FACILITATOR_PATHS_CACHE = "_kmp_facilitator_paths"
_MODERATE_CACHE = "_kmp_can_moderate_pages"


def _is_active_user(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


# --- Officers ---------------------------------------------------------------------------


def officer_cooperatives(*, user) -> list[CooperativePage]:
    """The cooperatives the user is an active officer of (cached per request)."""
    if not _is_active_user(user):
        return []
    if not hasattr(user, _OFFICER_CACHE):
        cooperatives = [
            membership.cooperative
            for membership in OfficerMembership.objects.filter(user=user, is_active=True)
            .select_related("cooperative")
            .order_by("cooperative__path")
        ]
        setattr(user, _OFFICER_CACHE, cooperatives)
    return getattr(user, _OFFICER_CACHE)


def user_is_officer_of(*, user, cooperative: CooperativePage) -> bool:
    return any(own.pk == cooperative.pk for own in officer_cooperatives(user=user))


def officers_for_page(*, page: Page) -> QuerySet:
    """Active officers of the cooperative that contains ``page``."""
    User = get_user_model()
    cooperative = cooperative_of_page(page=page)
    if cooperative is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True, officer_memberships__cooperative=cooperative, officer_memberships__is_active=True
    ).distinct()


def user_authors_page(*, user, page: Page) -> bool:
    """True when ``user`` edits ``page`` by their own permission (an officer of its cooperative,
    an admin), not only because it waits at a task they review."""
    if not _is_active_user(user):
        return False
    if user.is_superuser:
        return True
    permissions = page.permissions_for_user(user).permissions
    return "change" in permissions or ("add" in permissions and page.owner_id == user.pk)


# --- Facilitators and national moderators -----------------------------------------------


def is_national_moderator(*, user) -> bool:
    """Superusers and national admins may moderate every region."""
    return bool(user.is_active and (user.is_superuser or user.has_perm(MODERATE_ANY_REGION_PERMISSION)))


def facilitator_regions(*, user) -> list[tuple[str, str]]:
    """``(code, level)`` of every region the user facilitates (cached per request)."""
    if not _is_active_user(user):
        return []
    if not hasattr(user, _FACILITATOR_CACHE):
        regions = list(FacilitatorAssignment.objects.filter(user=user).values_list("region_id", "region__level"))
        setattr(user, _FACILITATOR_CACHE, regions)
    return getattr(user, _FACILITATOR_CACHE)


def regions_q(*, regions: Iterable[tuple[str, str]], prefix: str = "") -> Q:
    """Rows (cooperatives, activity rows, or through ``prefix`` their relations) in any of
    ``regions``; matches nothing for none. One ``IN`` per level, whatever their number."""
    q = Q(pk__in=[])
    regions = list(regions)
    for level in FACILITATED_LEVELS:
        codes = sorted({code for code, code_level in regions if code_level == level})
        if codes:
            q |= Q(**{f"{prefix}{level}_id__in": codes})
    return q


def facilitated_q(*, user, prefix: str = "") -> Q | None:
    """Rows of the cooperatives ``user`` facilitates: ``Q()`` for national moderators (all),
    ``None`` for a user who facilitates nothing."""
    if is_national_moderator(user=user):
        return Q()
    regions = facilitator_regions(user=user)
    if not regions:
        return None
    return regions_q(regions=regions, prefix=prefix)


def facilitated_cooperatives(*, user) -> QuerySet[CooperativePage]:
    """The cooperatives ``user`` facilitates (every one for a national moderator)."""
    q = facilitated_q(user=user)
    cooperatives = CooperativePage.objects.all()
    return cooperatives.none() if q is None else cooperatives.filter(q)


def _in_facilitator_regions(*, user, cooperative: CooperativePage) -> bool:
    codes = {code for code, _level in facilitator_regions(user=user)}
    return bool(codes.intersection(ancestor_codes(cooperative.village_id)))


def user_facilitates(*, user, cooperative: CooperativePage) -> bool:
    """True for a facilitator of the cooperative's province, regency or district (or a national moderator)."""
    if not _is_active_user(user):
        return False
    return is_national_moderator(user=user) or _in_facilitator_regions(user=user, cooperative=cooperative)


def user_can_moderate_page(*, user, page: Page) -> bool:
    """True when ``user`` may approve or reject ``page``: a facilitator of its region, or a national moderator."""
    if not _is_active_user(user):
        return False
    if is_national_moderator(user=user):
        return True
    if not facilitator_regions(user=user):
        return False
    # Wagtail asks this several times per page while rendering the review panel.
    cache = user.__dict__.setdefault(_MODERATE_CACHE, {})
    if page.pk not in cache:
        cooperative = cooperative_of_page(page=page)
        cache[page.pk] = bool(cooperative and _in_facilitator_regions(user=user, cooperative=cooperative))
    return cache[page.pk]


def facilitators_for_page(*, page: Page) -> QuerySet:
    """Active users assigned to the region of ``page``'s cooperative (any level)."""
    User = get_user_model()
    cooperative = cooperative_of_page(page=page)
    if cooperative is None:
        return User.objects.none()
    codes = ancestor_codes(cooperative.village_id)[:3]
    return User.objects.filter(is_active=True, facilitator_assignments__region_id__in=codes).distinct()


def facilitator_page_paths(*, user) -> list[str]:
    """Tree paths covering the user's regions: a province or regency is one region
    page; a district is the (few) cooperatives of that district."""
    if not hasattr(user, _FACILITATOR_PATHS_CACHE):
        by_level: dict[str, list[str]] = {}
        for code, level in facilitator_regions(user=user):
            by_level.setdefault(level, []).append(code)
        paths: list[str] = []
        for level, pages, field in (
            (RegionLevel.PROVINCE, ProvincePage.objects, "region_id__in"),
            (RegionLevel.REGENCY, RegencyPage.objects, "region_id__in"),
            (RegionLevel.DISTRICT, CooperativePage.objects, "district_id__in"),
        ):
            if by_level.get(level):
                paths += pages.filter(**{field: by_level[level]}).values_list("path", flat=True)
        setattr(user, _FACILITATOR_PATHS_CACHE, _without_nested(paths))
    return getattr(user, _FACILITATOR_PATHS_CACHE)


def moderatable_task_states(*, task: Task, user) -> QuerySet[TaskState]:
    """In-progress task states of ``task`` on pages in the user's regions."""
    states = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
    if not _is_active_user(user):
        return states.none()
    if is_national_moderator(user=user):
        return states
    paths = facilitator_page_paths(user=user)
    if not paths:
        return states.none()
    # WorkflowState.object_id is text; compare against page ids cast to text.
    page_ids = Page.objects.filter(paths_q(paths=paths)).annotate(text_id=Cast("id", CharField())).values("text_id")
    return states.filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id__in=page_ids,
    )


# --- Officer managers (who invites officers) ----------------------------------------------


def _manages_any_officer(user) -> bool:
    return bool(user.is_superuser or user.has_perm(MANAGE_ANY_OFFICER_PERMISSION))


def user_manages_officers(*, user) -> bool:
    """National admins, and facilitators (for their regions), manage officers."""
    if not _is_active_user(user):
        return False
    return _manages_any_officer(user) or bool(facilitator_regions(user=user))


def user_manages_officers_of(*, user, cooperative: CooperativePage) -> bool:
    """National admins everywhere; facilitators for cooperatives in their regions only."""
    if not _is_active_user(user):
        return False
    return _manages_any_officer(user) or _in_facilitator_regions(user=user, cooperative=cooperative)


def managed_officer_memberships(*, user) -> QuerySet[OfficerMembership]:
    """The officer memberships ``user`` may see and manage."""
    memberships = OfficerMembership.objects.all()
    if not _is_active_user(user):
        return memberships.none()
    if _manages_any_officer(user):
        return memberships
    return memberships.filter(paths_q(paths=facilitator_page_paths(user=user), field="cooperative__path"))


# --- Pages in reach: choosers ---------------------------------------------------------


def chooser_pages_q(*, user) -> Q:
    """Pages a non-superuser may see in choosers: their own microsites, those of their
    regions, and the (public) region pages above them."""
    own_paths = [cooperative.path for cooperative in officer_cooperatives(user=user)]
    own_paths += facilitator_page_paths(user=user)
    ancestor_paths = {ancestor for path in own_paths for ancestor in _ancestor_paths(path)}
    return paths_q(paths=own_paths) | Q(path__in=ancestor_paths)


def pages_in_chooser(*, user, page_ids: Iterable) -> bool:
    """True when every page of ``page_ids`` is one the user may see in choosers."""
    if user.is_active and user.is_superuser:
        return True
    ids = {int(pk) for pk in page_ids if str(pk).isdigit()}
    return Page.objects.filter(pk__in=ids).filter(chooser_pages_q(user=user)).count() == len(ids)


# --- Tree paths ----------------------------------------------------------------------


def cooperative_of_page(*, page: Page) -> CooperativePage | None:
    """The cooperative whose microsite contains ``page`` (itself included)."""
    return CooperativePage.objects.filter(path__in=_ancestor_paths(page.path)).only("path", "village_id").first()


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def _without_nested(paths: list[str]) -> list[str]:
    """Drop paths that lie under another path of the list (a regency inside an assigned province)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


# Up to this many paths of one length are matched with one prefix test each (which an
# index on the path serves); more become one IN over the path's first characters.
# SQLite refuses an OR of ~1,000 terms ("Expression tree is too large"), which a
# facilitator of many districts (one path per cooperative) would otherwise reach.
PREFIX_TESTS_PER_LENGTH = 50


def paths_q(*, paths: Iterable[str], field: str = "path") -> Q:
    """A filter for pages at or below any of ``paths``; matches nothing for none.

    Its size is bounded by the number of distinct path lengths (tree levels), not
    by the number of paths."""
    by_length: dict[int, list[str]] = {}
    for path in set(paths):
        by_length.setdefault(len(path), []).append(path)
    q = Q(pk__in=[])
    for length, group in sorted(by_length.items()):
        if len(group) <= PREFIX_TESTS_PER_LENGTH:
            for path in sorted(group):
                q |= Q(**{f"{field}__startswith": path})
        else:
            q |= Q(In(Left(field, length), sorted(group)))
    return q

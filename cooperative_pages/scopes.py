"""Where a user may act, resolved from officer memberships and facilitator
assignments (see models/roles.py). Results are cached on the user object for the
request, so every admin check costs a fixed number of queries however many
cooperatives exist."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast, Left
from django.db.models.lookups import In
from wagtail.models import Page, TaskState

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
_OFFICER_CACHE = "_kmp_officer_cooperatives"
_FACILITATOR_CACHE = "_kmp_facilitator_regions"
_FACILITATOR_PATHS_CACHE = "_kmp_facilitator_paths"
_MODERATE_CACHE = "_kmp_can_moderate_pages"


def is_national_moderator(user) -> bool:
    """Superusers and national admins may moderate every region."""
    return bool(user.is_active and (user.is_superuser or user.has_perm(MODERATE_ANY_REGION_PERMISSION)))


def officer_cooperatives(user) -> list[CooperativePage]:
    """The cooperatives the user is an active officer of (cached per request)."""
    if not (user.is_authenticated and user.is_active):
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


def facilitator_regions(user) -> list[tuple[str, str]]:
    """``(code, level)`` of every region the user facilitates (cached per request)."""
    if not (user.is_authenticated and user.is_active):
        return []
    if not hasattr(user, _FACILITATOR_CACHE):
        regions = list(FacilitatorAssignment.objects.filter(user=user).values_list("region_id", "region__level"))
        setattr(user, _FACILITATOR_CACHE, regions)
    return getattr(user, _FACILITATOR_CACHE)


def facilitator_page_paths(user) -> list[str]:
    """Tree paths covering the user's regions: a province or regency is one region
    page; a district is the (few) cooperatives of that district."""
    if not hasattr(user, _FACILITATOR_PATHS_CACHE):
        regions = facilitator_regions(user)
        by_level: dict[str, list[str]] = {}
        for code, level in regions:
            by_level.setdefault(level, []).append(code)
        paths: list[str] = []
        if by_level.get(RegionLevel.PROVINCE):
            paths += ProvincePage.objects.filter(region_id__in=by_level[RegionLevel.PROVINCE]).values_list(
                "path", flat=True
            )
        if by_level.get(RegionLevel.REGENCY):
            paths += RegencyPage.objects.filter(region_id__in=by_level[RegionLevel.REGENCY]).values_list(
                "path", flat=True
            )
        if by_level.get(RegionLevel.DISTRICT):
            paths += CooperativePage.objects.filter(district_id__in=by_level[RegionLevel.DISTRICT]).values_list(
                "path", flat=True
            )
        setattr(user, _FACILITATOR_PATHS_CACHE, _without_nested(paths))
    return getattr(user, _FACILITATOR_PATHS_CACHE)


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


def paths_q(paths: list[str], field: str = "path") -> Q:
    """A filter for pages at or below any of ``paths``; matches nothing for an empty list.

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


def cooperative_of_page(page: Page) -> CooperativePage | None:
    """The cooperative whose microsite contains ``page`` (itself included)."""
    return CooperativePage.objects.filter(path__in=_ancestor_paths(page.path)).only("path", "village_id").first()


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def user_can_moderate_page(*, user, page: Page) -> bool:
    """True when ``user`` may approve or reject ``page``: a facilitator of its region, or a national moderator."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_national_moderator(user):
        return True
    codes = {code for code, _level in facilitator_regions(user)}
    if not codes:
        return False
    # Wagtail asks this several times per page while rendering the review panel.
    cache = user.__dict__.setdefault(_MODERATE_CACHE, {})
    if page.pk not in cache:
        cooperative = cooperative_of_page(page)
        cache[page.pk] = bool(cooperative and codes.intersection(ancestor_codes(cooperative.village_id)))
    return cache[page.pk]


def moderatable_task_states(*, task, user) -> QuerySet[TaskState]:
    """In-progress task states of ``task`` on pages in the user's regions."""
    states = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
    if not (user.is_authenticated and user.is_active):
        return states.none()
    if is_national_moderator(user):
        return states
    paths = facilitator_page_paths(user)
    if not paths:
        return states.none()
    # WorkflowState.object_id is text; compare against page ids cast to text.
    page_ids = Page.objects.filter(paths_q(paths)).annotate(text_id=Cast("id", CharField())).values("text_id")
    return states.filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id__in=page_ids,
    )


def facilitators_for_page(page: Page) -> QuerySet:
    """Active users assigned to the region of ``page``'s cooperative (any level)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    cooperative = cooperative_of_page(page)
    if cooperative is None:
        return User.objects.none()
    codes = ancestor_codes(cooperative.village_id)[:3]
    return User.objects.filter(is_active=True, facilitator_assignments__region_id__in=codes).distinct()


def officers_for_page(page: Page) -> QuerySet:
    """Active officers of the cooperative that contains ``page``."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    cooperative = cooperative_of_page(page)
    if cooperative is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True, officer_memberships__cooperative=cooperative, officer_memberships__is_active=True
    ).distinct()


def page_chooser_scope_q(user) -> Q:
    """Pages a non-superuser may see in choosers: their own microsites and the
    (public) region pages above them."""
    cooperative_paths = [cooperative.path for cooperative in officer_cooperatives(user)]
    cooperative_paths += facilitator_page_paths(user)
    ancestor_paths = {ancestor for path in cooperative_paths for ancestor in _ancestor_paths(path)}
    return paths_q(cooperative_paths) | Q(path__in=ancestor_paths)

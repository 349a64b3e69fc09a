"""Writes with rules: building region pages and cooperative microsites through
Wagtail's own page API (revisions, reference index, search index, audit log)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection, Page, Site

from . import conf
from .models import (
    CooperativePage,
    GovernanceIndexPage,
    NewsIndexPage,
    ProductIndexPage,
    ProvincePage,
    RegencyPage,
    Region,
    RegionLevel,
)

SECTION_PAGES = (
    (ProductIndexPage, "Produk", "produk"),
    (NewsIndexPage, "Berita", "berita"),
    (GovernanceIndexPage, "Tata Kelola", "tata-kelola"),
)


def portal_page() -> Page:
    """The national portal page under which province pages live (the default site's root)."""
    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is None:
        raise ImproperlyConfigured("No default Wagtail site: create one whose root is the national portal page.")
    return site.root_page


def _publish_new_child(*, parent: Page, page: Page, user=None) -> Page:
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    return page


@transaction.atomic
def region_pages_ensure(*, village: Region, user=None) -> RegencyPage:
    """The regency page for ``village``, creating its province and regency pages if missing."""
    if village.level != RegionLevel.VILLAGE:
        raise ValueError(f"{village.code} is not a village")
    province_code, regency_code = village.code[:2], village.code[:5]
    regency_page = RegencyPage.objects.filter(region_id=regency_code).first()
    if regency_page is not None:
        return regency_page
    province_page = ProvincePage.objects.filter(region_id=province_code).first()
    if province_page is None:
        province = Region.objects.get(code=province_code)
        province_page = _publish_new_child(
            parent=portal_page(),
            page=ProvincePage(title=province.name, slug=slugify(province.name), region=province),
            user=user,
        )
    regency = Region.objects.get(code=regency_code)
    return _publish_new_child(
        parent=province_page,
        page=RegencyPage(title=regency.name, slug=slugify(regency.name), region=regency),
        user=user,
    )


def cooperative_collection_root() -> Collection:
    name = conf.get("COLLECTION_ROOT_NAME")
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def cooperative_slug(*, parent: Page, name: str, village_code: str) -> str:
    """A slug unique under ``parent``: village names repeat within a regency."""
    slug = slugify(name)[:200] or "koperasi"
    if Page.objects.child_of(parent).filter(slug=slug).exists():
        slug = f"{slug}-{village_code.replace('.', '')}"
    return slug


@transaction.atomic
def cooperative_sections_ensure(*, cooperative: CooperativePage, user=None) -> None:
    """Give ``cooperative`` its own collection and its three section pages (idempotent)."""
    if cooperative.collection_id is None:
        collection = cooperative_collection_root().add_child(name=f"{cooperative.title} ({cooperative.registry_id})")
        CooperativePage.objects.filter(pk=cooperative.pk).update(collection=collection)
        cooperative.collection = collection
    existing = set(Page.objects.child_of(cooperative).values_list("content_type__model", flat=True))
    for model, title, slug in SECTION_PAGES:
        if model._meta.model_name not in existing:
            _publish_new_child(parent=cooperative, page=model(title=title, slug=slug), user=user)


@transaction.atomic
def cooperative_create(
    *,
    registry_id: str,
    name: str,
    village: Region,
    user=None,
    legal_entity_number: str = "",
    legal_entity_date: date | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
    chair_name: str = "",
    **profile,
) -> CooperativePage:
    """Create and publish a cooperative microsite (profile, sections, collection) in its region."""
    if CooperativePage.objects.filter(registry_id=registry_id).exists():
        raise ValueError(_("A cooperative with registry ID %(id)s already exists.") % {"id": registry_id})
    regency_page = region_pages_ensure(village=village, user=user)
    cooperative = CooperativePage(
        title=name,
        slug=cooperative_slug(parent=regency_page, name=name, village_code=village.code),
        registry_id=registry_id,
        village=village,
        legal_entity_number=legal_entity_number,
        legal_entity_date=legal_entity_date,
        address=address,
        phone=phone,
        email=email,
        chair_name=chair_name,
        **profile,
    )
    _publish_new_child(parent=regency_page, page=cooperative, user=user)
    cooperative_sections_ensure(cooperative=cooperative, user=user)
    return cooperative


ROLE_GROUP_PERMISSIONS = {
    "OFFICER_GROUP": ["wagtailadmin.access_admin"],
    "FACILITATOR_GROUP": ["wagtailadmin.access_admin"],
    "NATIONAL_ADMIN_GROUP": [
        "wagtailadmin.access_admin",
        "cooperative_pages.moderate_any_region",
        "cooperative_pages.change_registry_data",
        "cooperative_pages.add_facilitatorassignment",
        "cooperative_pages.change_facilitatorassignment",
        "cooperative_pages.delete_facilitatorassignment",
        "cooperative_pages.view_facilitatorassignment",
        "cooperative_pages.add_officermembership",
        "cooperative_pages.change_officermembership",
        "cooperative_pages.delete_officermembership",
        "cooperative_pages.view_officermembership",
    ],
}


@transaction.atomic
def role_groups_ensure() -> dict:
    """The role groups (officer, facilitator, national admin) with their model permissions.

    They grant admin access only; where a member may act comes from their
    assignments (see tenancy.py).
    """
    from django.contrib.auth.models import Group, Permission

    groups = {}
    for key, permission_names in ROLE_GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=conf.get(key))
        for name in permission_names:
            app_label, codename = name.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        groups[key] = group
    return groups


def officer_add(*, user, cooperative: CooperativePage, activated: bool = True):
    """Make ``user`` an officer of ``cooperative`` (and give them admin access)."""
    from django.utils import timezone

    from .models import OfficerMembership

    role_groups_ensure()["OFFICER_GROUP"].user_set.add(user)
    membership, created = OfficerMembership.objects.get_or_create(
        user=user,
        cooperative=cooperative,
        defaults={"is_active": True, "activated_at": timezone.now() if activated else None},
    )
    # Adding an existing officer again re-activates the membership; when they first
    # activated their account stays as it was.
    changed = []
    if not created and not membership.is_active:
        membership.is_active = True
        changed.append("is_active")
    if not created and activated and membership.activated_at is None:
        membership.activated_at = timezone.now()
        changed.append("activated_at")
    if changed:
        membership.save(update_fields=changed)
    return membership


def facilitator_assign(*, user, region: Region):
    """Assign ``user`` as facilitator of ``region`` (province, regency or district)."""
    from .models import FacilitatorAssignment

    if region.level == RegionLevel.VILLAGE:
        raise ValueError("Facilitators are assigned to a province, regency or district.")
    role_groups_ensure()["FACILITATOR_GROUP"].user_set.add(user)
    assignment, _created = FacilitatorAssignment.objects.get_or_create(user=user, region=region)
    return assignment

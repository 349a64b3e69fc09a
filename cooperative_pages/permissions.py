"""Permission policies that derive officers' rights from their cooperative
membership instead of per-cooperative groups.

Wagtail's page and collection policies work from a list of permission records
(page or collection + codename). We hand them the user's real group records plus
records synthesised from ``OfficerMembership``: "add" and "change" (never
"publish") on the cooperative page, and add/change/choose on its collection.
Everything Wagtail builds on those records (explorer, editor, choosers, search,
media listings) then follows, at a fixed query cost per request.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from .compat import SynthesisedRecordsCollectionPolicyMixin
from .tenancy import officer_cooperatives, officers_for_page

OFFICER_PAGE_CODENAMES = ("add_page", "change_page")
OFFICER_COLLECTION_CODENAMES = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)


def _permission(codename: str) -> Permission:
    # Wagtail reads only ``permission.codename`` from these records.
    return Permission(codename=codename)


class CooperativePagePermissionPolicy(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        records = list(super().get_all_permissions_for_user(user))
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return records
        for cooperative in officer_cooperatives(user=user):
            records += [
                GroupPagePermission(page=cooperative, permission=_permission(codename))
                for codename in OFFICER_PAGE_CODENAMES
            ]
        return records

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        users = super().users_with_any_permission_for_instance(actions, instance, include_superusers)
        if not {"add", "change"} & set(actions):
            return users
        return (users | officers_for_page(page=instance)).distinct()


class CooperativeCollectionPermissionPolicy(
    SynthesisedRecordsCollectionPolicyMixin, CollectionOwnershipPermissionPolicy
):
    # Our own cache name: Wagtail's collection-management policy shares the default one.
    permission_cache_name = "_kmp_collection_permission_cache"

    def get_all_permissions_for_user(self, user):
        records = list(super().get_all_permissions_for_user(user))
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return records
        for cooperative in officer_cooperatives(user=user):
            if cooperative.collection_id is None:
                continue
            records += [
                GroupCollectionPermission(collection=cooperative.collection, permission=_permission(codename))
                for codename in OFFICER_COLLECTION_CODENAMES
            ]
        return records


def register_policies() -> None:
    """Install the policies for pages, images and documents (called from AppConfig.ready)."""
    from wagtail.models import Page

    register_permission_policy(Page, CooperativePagePermissionPolicy(Page))
    # wagtail.images and wagtail.documents register their own policies in their
    # ready(), which runs after ours when the plugin is listed first in
    # INSTALLED_APPS; an exact-class registration is looked up before theirs.
    register_permission_policy(
        get_image_model(),
        CooperativeCollectionPermissionPolicy(
            get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )
    register_permission_policy(
        get_document_model(),
        CooperativeCollectionPermissionPolicy(
            get_document_model(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )

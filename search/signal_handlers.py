"""Keep the marketplace index in step with publishing: publish, unpublish, move, delete, and
view restrictions added, changed or removed (any of which makes products public or not)."""

from django.db.models.signals import post_delete, pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cooperative_pages.models import CooperativePage, ProductPage
from cooperative_pages.visibility import connect_restriction_changed

from . import indexing, labels


def product_changed(sender, instance, **kwargs) -> None:
    if not indexing.is_being_deleted(instance.pk):
        indexing.index_products(page_ids=[instance.pk])


def cooperative_changed(sender, instance, **kwargs) -> None:
    if not indexing.is_being_deleted(instance.pk):
        indexing.index_cooperative(cooperative=instance)


def product_deleted(sender, instance, **kwargs) -> None:
    # The entry row went with the page (ON DELETE CASCADE); tell the engine.
    if not indexing.is_being_deleted(instance.pk):
        indexing.remove_products(page_ids=[instance.pk])


def cooperative_deleting(sender, instance, **kwargs) -> None:
    # Deleting a cooperative unpublishes and deletes each of its products (two
    # signals each): drop their entries at once and silence those signals...
    indexing.begin_cooperative_deletion(cooperative=instance)


def cooperative_deleted(sender, instance, **kwargs) -> None:
    # ...then send the engine one bulk delete for all of them.
    indexing.finish_cooperative_deletion(cooperative=instance)


def parent_page_changed(sender, instance, signal, **kwargs) -> None:
    # A region or product index page published or unpublished: its products follow it.
    if sender in (ProductPage, CooperativePage) or not instance.numchild or indexing.is_being_deleted(instance.pk):
        return
    if signal is page_unpublished and Page.objects.filter(pk=instance.pk, live=True).exists():
        # Wagtail unpublishes a page it is about to delete without saving it (pre_delete): the
        # delete signals drop its products' entries, for a cooperative in one bulk delete.
        return
    indexing.index_subtree(page=instance)


def view_restriction_changed(sender, instance, **kwargs) -> None:
    if not indexing.is_being_deleted(instance.page_id):
        indexing.index_subtree(page=instance.page)


def page_moved(sender, instance, **kwargs) -> None:
    # A move changes URLs and may change the cooperative or region of every product below.
    indexing.index_subtree(page=instance)


def register() -> None:
    for signal in (page_published, page_unpublished):
        signal.connect(product_changed, sender=ProductPage, dispatch_uid=f"kmp_search_product_{id(signal)}")
        signal.connect(cooperative_changed, sender=CooperativePage, dispatch_uid=f"kmp_search_coop_{id(signal)}")
        signal.connect(parent_page_changed, dispatch_uid=f"kmp_search_parent_{id(signal)}")
    connect_restriction_changed(view_restriction_changed, dispatch_uid="kmp_search_vr_")
    post_delete.connect(product_deleted, sender=ProductPage, dispatch_uid="kmp_search_product_deleted")
    pre_delete.connect(cooperative_deleting, sender=CooperativePage, dispatch_uid="kmp_search_coop_deleting")
    post_delete.connect(cooperative_deleted, sender=CooperativePage, dispatch_uid="kmp_search_coop_deleted")
    post_page_move.connect(page_moved, dispatch_uid="kmp_search_page_moved")
    labels.register()

"""Keep the marketplace index in step with publishing: publish, unpublish, move, delete."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from cooperative_pages.models import CooperativePage, ProductPage

from . import indexing, labels


def product_changed(sender, instance, **kwargs) -> None:
    indexing.index_products(page_ids=[instance.pk])


def cooperative_changed(sender, instance, **kwargs) -> None:
    indexing.index_cooperative(cooperative=instance)


def product_deleted(sender, instance, **kwargs) -> None:
    # The entry row went with the page (ON DELETE CASCADE); tell the engine.
    indexing.remove_products(page_ids=[instance.pk])


def page_moved(sender, instance, **kwargs) -> None:
    # A move changes URLs and may change the cooperative or region of every product below.
    indexing.index_subtree(page=instance)


def register() -> None:
    for signal in (page_published, page_unpublished):
        signal.connect(product_changed, sender=ProductPage, dispatch_uid=f"kmp_search_product_{id(signal)}")
        signal.connect(cooperative_changed, sender=CooperativePage, dispatch_uid=f"kmp_search_coop_{id(signal)}")
    post_delete.connect(product_deleted, sender=ProductPage, dispatch_uid="kmp_search_product_deleted")
    post_page_move.connect(page_moved, dispatch_uid="kmp_search_page_moved")
    labels.register()

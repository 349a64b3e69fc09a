"""Quick actions on a product from the product list: mark it sold out (or in stock again)
and change its price. Each is a new revision sent to the facilitator
(``services.product_quick_change``), so the review shows just that change."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.utils import get_valid_next_url_from_request

from .forms import RupiahField
from .models import ProductPage
from .rupiah import MAX_PRICE_RUPIAH
from .services import QuickChangeRefused, product_quick_change
from .submissions import changed_fields


class PriceForm(forms.Form):
    price = RupiahField(label=_("New price"), help_text=_("For example 15.000 or 15rb"), max_value=MAX_PRICE_RUPIAH)


class StockForm(forms.Form):
    available = forms.TypedChoiceField(
        label=_("Stock"),
        choices=[("1", _("In stock")), ("0", _("Sold out"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


QUICK_ACTIONS = {
    "price": (PriceForm, _("Change the price"), "price"),
    "stock": (StockForm, _("Change the stock"), "available"),
}


def quick_change(request, page_id: int, action: str):
    form_class, title, field = QUICK_ACTIONS[action]
    product = get_object_or_404(ProductPage, pk=page_id)
    if not product.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    latest = product.get_latest_revision_as_object()
    back = get_valid_next_url_from_request(request) or reverse("wagtailadmin_explore", args=[product.get_parent().pk])
    initial = {field: latest.price if field == "price" else ("1" if not latest.available else "0")}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            product_quick_change(product=product, user=request.user, changes={field: form.cleaned_data[field]})
        except QuickChangeRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(back)
        messages.success(
            request,
            gettext("“%(title)s” was sent to the facilitator with this change.")
            % {"title": latest.get_admin_display_title()},
        )
        return redirect(back)
    live = product.live_revision.as_object() if product.live_revision_id else None
    context = {
        "page_title": title,
        "header_title": title,
        "header_icon": "edit",
        "product": latest,
        "form": form,
        "back": back,
        "also_sent": changed_fields(before=live, after=latest, request=request) if live else [],
    }
    return TemplateResponse(request, "cooperative_pages/admin/quick_change.html", context)


urlpatterns = [
    path("<int:page_id>/harga/", quick_change, {"action": "price"}, name="product_price"),
    path("<int:page_id>/stok/", quick_change, {"action": "stock"}, name="product_stock"),
]


class QuickChangeButton(PageMenuItem):
    """A product's quick action in the product list's "more" menu."""

    def __init__(self, *, page, action: str, label, icon_name: str, priority: int, next_url=None):
        super().__init__(label=label, icon_name=icon_name, priority=priority, page=page, next_url=next_url)
        self.url = reverse(f"kmp_products:product_{action}", args=[page.pk])
        if next_url:
            self.url += "?" + urlencode({"next": next_url})

    def is_shown(self, user):
        return self.page.specific_class is ProductPage and self.page.permissions_for_user(user).can_edit()


def product_list_buttons(page, user, next_url=None):
    """For ``register_page_listing_more_buttons``."""
    yield QuickChangeButton(
        page=page, action="stock", label=_("Sold out / in stock"), icon_name="tag", priority=3, next_url=next_url
    )
    yield QuickChangeButton(
        page=page, action="price", label=_("Change the price"), icon_name="edit", priority=3, next_url=next_url
    )

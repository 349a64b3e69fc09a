"""Validation of marketplace search parameters (storefront and API share it)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cooperative_pages.models import ProductCategory
from cooperative_pages.models.product import MAX_PRICE_RUPIAH
from search.query import MAX_PAGE_SIZE, MAX_RESULT_WINDOW, SORTS, ProductQuery

DEFAULT_PAGE_SIZE = 24
BOOLEAN_VALUES = {"true": True, "1": True, "false": False, "0": False}


class ProductSearchForm(forms.Form):
    """``q, province, regency, category, business_unit, price_min, price_max,
    available, sort, page, page_size``: every one optional, every one checked."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    province = forms.RegexField(
        label=_("Province"),
        regex=r"^\d{2}$",
        required=False,
        error_messages={"invalid": _("Use a two-digit Kemendagri province code, e.g. 35.")},
    )
    regency = forms.RegexField(
        label=_("Regency/city"),
        regex=r"^\d{2}\.\d{2}$",
        required=False,
        error_messages={"invalid": _("Use a Kemendagri regency code, e.g. 35.07.")},
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", "")] + ProductCategory.choices, required=False)
    business_unit = forms.SlugField(label=_("Business unit"), max_length=40, required=False)
    price_min = forms.IntegerField(label=_("Minimum price"), min_value=0, max_value=MAX_PRICE_RUPIAH, required=False)
    price_max = forms.IntegerField(label=_("Maximum price"), min_value=0, max_value=MAX_PRICE_RUPIAH, required=False)
    available = forms.CharField(label=_("Available"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("relevance", _("Relevance")),
            ("price", _("Lowest price")),
            ("-price", _("Highest price")),
            ("newest", _("Newest")),
        ],
        required=False,
    )
    page = forms.IntegerField(min_value=1, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)

    def clean_available(self) -> bool | None:
        value = self.cleaned_data["available"].strip().lower()
        if not value:
            return None
        if value not in BOOLEAN_VALUES:
            raise ValidationError(_("Use true or false."), code="invalid")
        return BOOLEAN_VALUES[value]

    def clean(self) -> dict:
        data = super().clean()
        price_min, price_max = data.get("price_min"), data.get("price_max")
        if price_min is not None and price_max is not None and price_min > price_max:
            self.add_error("price_max", _("The maximum price is below the minimum price."))
        province, regency = data.get("province"), data.get("regency")
        if province and regency and not regency.startswith(province + "."):
            self.add_error("regency", _("This regency is not in the chosen province."))
        page, page_size = data.get("page") or 1, data.get("page_size") or DEFAULT_PAGE_SIZE
        if page * page_size > MAX_RESULT_WINDOW:
            self.add_error(
                "page",
                _("Results can be paged up to number %(max)s; narrow the search instead.") % {"max": MAX_RESULT_WINDOW},
            )
        return data

    def to_query(self) -> ProductQuery:
        data = self.cleaned_data
        sort = data.get("sort") or "relevance"
        assert sort in SORTS  # noqa: S101 - the choices above are the backends' sorts
        return ProductQuery(
            text=data.get("q") or "",
            province=data.get("province") or "",
            regency=data.get("regency") or "",
            category=data.get("category") or "",
            business_unit=data.get("business_unit") or "",
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            available=data.get("available"),
            sort=sort,
            page=data.get("page") or 1,
            page_size=data.get("page_size") or DEFAULT_PAGE_SIZE,
        )


class AutocompleteForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=True)

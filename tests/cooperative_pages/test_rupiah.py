"""Prices typed as Indonesians write them: the parser, the form field and the product form."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Revision

from cooperative_pages.forms import RupiahField
from cooperative_pages.models import ProductIndexPage, ProductPage
from cooperative_pages.rupiah import AmountError, format_rupiah, implausible_price, parse_amount
from tests.factories import make_cooperative, make_officer, make_product

from .isolation import page_form_data


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("15.000", 15000),
        ("15rb", 15000),
        ("15 rb", 15000),
        ("15 ribu", 15000),
        ("15k", 15000),
        ("Rp 15.000", 15000),
        ("Rp15.000", 15000),
        ("rp. 15.000", 15000),
        ("IDR 15000", 15000),
        ("15000", 15000),
        (" 15.000 ", 15000),
        ("Rp 15.000,-", 15000),
        ("Rp 15.000,00", 15000),
        ("15,000", 15000),
        ("1.500.000", 1_500_000),
        ("1,5jt", 1_500_000),
        ("1.5 juta", 1_500_000),
        ("2,5rb", 2500),
        ("12.345.678", 12_345_678),
        ("15 000", 15000),
    ],
)
def test_amounts_as_people_type_them(typed, amount):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    "typed, code",
    [
        ("15,5", "cents"),
        ("15.5", "cents"),
        ("1,2345rb", "cents"),
        ("lima belas ribu", "not_a_number"),
        ("Rp", "not_a_number"),
        ("", "not_a_number"),
        ("15.000.000,5,5", "not_a_number"),
        ("1.50.000", "grouping"),
        ("15.000.", "grouping"),
        ("-5000", "negative"),
    ],
)
def test_amounts_that_mean_no_whole_rupiah_are_refused(typed, code):
    with pytest.raises(AmountError) as error:
        parse_amount(typed)
    assert error.value.code == code


def test_refusals_are_explained_in_indonesian():
    with translation.override("id"), pytest.raises(AmountError) as error:
        parse_amount("15,5")
    assert str(error.value.message).startswith("Rupiah tidak memakai sen")
    with translation.override("id"), pytest.raises(AmountError) as error:
        parse_amount("lima belas ribu")
    assert "misalnya 15.000 atau 15rb" in str(error.value.message)


@pytest.mark.parametrize(
    "amount, suggestion",
    [(15, 15000), (99, 99000), (0, None), (150_000_000, 150_000), (100_000_001, None)],
)
def test_implausible_prices_come_with_a_suggestion(amount, suggestion):
    check = implausible_price(amount)
    assert check is not None and check.suggestion == suggestion


@pytest.mark.parametrize("amount", [100, 15000, 100_000_000])
def test_usual_prices_are_plausible(amount):
    assert implausible_price(amount) is None


def test_format():
    assert format_rupiah(15000) == "Rp 15.000"
    assert format_rupiah(1_500_000) == "Rp 1.500.000"
    assert format_rupiah(15) == "Rp 15"


def _field_clean(typed, confirmed=False, deferred=False):
    field = RupiahField()
    if deferred:
        field.is_deferred_validation = True
    return field.clean((typed, confirmed))


def test_field_asks_before_keeping_an_implausible_price():
    from django.core.exceptions import ValidationError

    with translation.override("id"), pytest.raises(ValidationError) as error:
        _field_clean("15")
    assert error.value.code == "implausible"
    assert "Maksud Anda Rp 15.000?" in error.value.messages[0]
    assert _field_clean("15", confirmed=True) == 15
    assert _field_clean("15", deferred=True) == 15  # a draft keeps what was typed
    assert _field_clean("15.000") == 15000


def test_field_widget_shows_the_question_and_the_fix():
    field = RupiahField()
    html = field.widget.render("price", ("15", False), attrs={"id": "id_price"})
    assert 'name="price_confirmed"' in html and 'data-kmp-rupiah-use="15.000"' in html
    assert 'inputmode="numeric"' in html
    plain = field.widget.render("price", 15000, attrs={"id": "id_price"})
    assert 'value="15.000"' in plain and "price_confirmed" not in plain


@pytest.fixture
def officer_side(portal):
    cooperative = make_cooperative(village_code="35.01.01.2001", name="Koperasi Desa Merah Putih Widoro")
    officer = make_officer("pengurus_rupiah", cooperative)
    product = make_product(cooperative, title="Beras Widoro", price=12000)
    return cooperative, officer, product


@pytest.mark.parametrize("typed", ["15.000", "15rb", "Rp 15.000", "15000"])
def test_product_form_saves_the_price_people_mean(officer_side, client, typed):
    _cooperative, officer, product = officer_side
    client.force_login(officer)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[product.pk]), page_form_data(product, price=typed))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object().price == 15000


def test_product_form_refuses_cents_with_an_indonesian_error(officer_side, client):
    _cooperative, officer, product = officer_side
    client.force_login(officer)
    revisions = Revision.objects.count()
    response = client.post(reverse("wagtailadmin_pages:edit", args=[product.pk]), page_form_data(product, price="15,5"))
    assert response.status_code == 200
    assert "Rupiah tidak memakai sen" in response.content.decode()
    assert Revision.objects.count() == revisions


def test_submitting_an_implausible_price_asks_first(officer_side, client):
    _cooperative, officer, product = officer_side
    client.force_login(officer)
    url = reverse("wagtailadmin_pages:edit", args=[product.pk])
    response = client.post(url, page_form_data(product, price="15", **{"action-submit": "1"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Maksud Anda Rp 15.000?" in html and 'name="price_confirmed"' in html
    assert not ProductPage.objects.get(pk=product.pk).workflow_in_progress

    confirmed = client.post(url, page_form_data(product, price="15", price_confirmed="1", **{"action-submit": "1"}))
    assert confirmed.status_code == 302
    page = ProductPage.objects.get(pk=product.pk)
    assert page.workflow_in_progress and page.get_latest_revision_as_object().price == 15


def test_a_draft_with_an_implausible_price_is_kept(officer_side, client):
    _cooperative, officer, product = officer_side
    client.force_login(officer)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[product.pk]), page_form_data(product, price="15"))
    assert response.status_code == 302
    assert ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object().price == 15


def test_a_new_products_url_follows_its_name_until_published(officer_side, client):
    cooperative, officer, _product = officer_side
    client.force_login(officer)
    index = ProductIndexPage.objects.child_of(cooperative).get()
    data = page_form_data(make_product(cooperative, title="Contoh", publish=False), title="Keripik", price="12.500")
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cooperative_pages", "productpage", index.pk]),
        data,
        headers={"accept": "application/json"},  # as the editor's autosave posts it
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    page = ProductPage.objects.get(pk=response.json()["pk"])
    assert page.slug == "keripik"
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    renamed = client.post(edit_url, page_form_data(page, title="Keripik Tempe", price="12.500"))
    assert renamed.status_code == 302
    page.refresh_from_db()
    assert page.slug == "keripik-tempe"
    page.get_latest_revision().publish(skip_permission_checks=True)
    client.post(edit_url, page_form_data(page, title="Keripik Tempe Pedas", price="12.500"))
    page.refresh_from_db()
    assert page.slug == "keripik-tempe"  # a published product keeps its address

"""Product, news and governance pages are built on one abstract base, and every page type
renders the template Wagtail derives from its name (or the one it names)."""

from django.template.loader import get_template
from wagtail.models import get_page_models

from cooperative_pages.models import CooperativeContentPage, GovernancePage, NewsPage, ProductPage
from cooperative_pages.models.page_forms import ProductPageForm, ScopedMediaPageForm


def test_content_pages_share_the_abstract_base():
    assert CooperativeContentPage._meta.abstract
    assert CooperativeContentPage not in get_page_models()
    for model in (ProductPage, NewsPage, GovernancePage):
        assert issubclass(model, CooperativeContentPage), model
        assert model.subpage_types == [], model
    assert NewsPage.base_form_class is GovernancePage.base_form_class is ScopedMediaPageForm
    assert ProductPage.base_form_class is ProductPageForm


def test_every_page_type_has_its_template():
    for model in get_page_models():
        if model._meta.app_label in {"cooperative_pages", "home"}:
            assert get_template(model.template), model

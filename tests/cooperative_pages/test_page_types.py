"""Page-type rules: only the designed tree shape (portal → province → regency →
cooperative → three sections → items) can be built, by hand or through the admin."""

from django.urls import reverse
from wagtail.models import Collection, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cooperative_pages.models import (
    CooperativePage,
    GovernanceIndexPage,
    GovernancePage,
    NewsIndexPage,
    NewsPage,
    ProductIndexPage,
    ProductPage,
    ProvincePage,
    RegencyPage,
)
from cooperative_pages.services import portal_page, role_groups_ensure
from cooperative_pages.workflow import national_workflow_ensure
from home.models import HomePage
from tests.factories import make_cooperative, region_chain

SECTION_TYPES = (ProductIndexPage, NewsIndexPage, GovernanceIndexPage)


def add_url(model, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


class PageTypeRuleTests(WagtailPageTestCase):
    def setUp(self):
        self.portal = portal_page()
        national_workflow_ensure(portal=self.portal)
        role_groups_ensure()
        self.cooperative = make_cooperative(village_code="35.01.01.2001")
        self.regency_page = self.cooperative.get_parent().specific
        self.superuser = self.login()

    def test_tree_shape_is_fixed(self):
        self.assertAllowedSubpageTypes(HomePage, [ProvincePage])
        self.assertAllowedSubpageTypes(ProvincePage, [RegencyPage])
        self.assertAllowedSubpageTypes(RegencyPage, [CooperativePage])
        self.assertAllowedSubpageTypes(CooperativePage, SECTION_TYPES)
        self.assertAllowedSubpageTypes(ProductIndexPage, [ProductPage])
        self.assertAllowedSubpageTypes(NewsIndexPage, [NewsPage])
        self.assertAllowedSubpageTypes(GovernanceIndexPage, [GovernancePage])
        for leaf in (ProductPage, NewsPage, GovernancePage):
            self.assertAllowedSubpageTypes(leaf, [])

        self.assertAllowedParentPageTypes(ProvincePage, [HomePage])
        self.assertAllowedParentPageTypes(RegencyPage, [ProvincePage])
        self.assertAllowedParentPageTypes(CooperativePage, [RegencyPage])
        for section in SECTION_TYPES:
            self.assertAllowedParentPageTypes(section, [CooperativePage])
        self.assertAllowedParentPageTypes(ProductPage, [ProductIndexPage])
        self.assertAllowedParentPageTypes(NewsPage, [NewsIndexPage])
        self.assertAllowedParentPageTypes(GovernancePage, [GovernanceIndexPage])

    def test_wrong_places_are_refused(self):
        self.assertCanNotCreateAt(Page, CooperativePage)
        self.assertCanNotCreateAt(HomePage, CooperativePage)
        self.assertCanNotCreateAt(ProvincePage, CooperativePage)
        self.assertCanNotCreateAt(CooperativePage, ProductPage)
        self.assertCanNotCreateAt(NewsIndexPage, ProductPage)
        self.assertCanNotCreateAt(ProductIndexPage, NewsPage)
        self.assertCanNotCreateAt(RegencyPage, ProductIndexPage)
        self.assertCanCreateAt(RegencyPage, CooperativePage)
        self.assertCanCreateAt(ProductIndexPage, ProductPage)

    def test_sections_and_regions_cannot_be_created_by_hand(self):
        other_regency = make_cooperative(village_code="35.02.01.2001").get_parent()
        for model in SECTION_TYPES:
            assert not model.can_create_at(self.cooperative), model
        for model in (ProvincePage, RegencyPage):
            assert not model.can_create_at(self.portal)
        # Even an empty cooperative (sections deleted) gets no hand-made section.
        bare = self.cooperative
        section_ids = list(Page.objects.child_of(bare).values_list("pk", flat=True))
        for section in Page.objects.filter(pk__in=section_ids):
            section.delete()
        for model in SECTION_TYPES:
            assert not model.can_create_at(bare)
        # And through the admin, as a superuser: refused, nothing created.
        before = Page.objects.count()
        for model, parent in [
            (ProductIndexPage, bare),
            (NewsIndexPage, bare),
            (ProvincePage, self.portal),
            (RegencyPage, other_regency.get_parent()),
        ]:
            response = self.client.post(add_url(model, parent), {"title": "Buatan tangan", "slug": "buatan-tangan"})
            assert response.status_code in (302, 403, 404), (model, response.status_code)
        assert Page.objects.count() == before

    def test_second_section_of_a_kind_is_impossible(self):
        for model in SECTION_TYPES:
            assert not model.can_create_at(self.cooperative)
            assert model.objects.child_of(self.cooperative).count() == 1

    def test_superuser_creates_cooperative_through_admin_and_gets_sections_and_collection(self):
        village = region_chain("35.01.01.2002")
        collections_before = Collection.objects.count()
        data = nested_form_data(
            {
                "title": "Koperasi Desa Merah Putih Gedompol",
                "slug": "kdmp-gedompol",
                "registry_id": "3501012002000",
                "legal_entity_number": "AHU-0001234.AH.01.29.TAHUN 2025",
                "village": village.pk,
                "description": "Koperasi desa",
                "phone": "+6281234567890",
                "address": "Jl. Raya Gedompol",
                "comments": inline_formset([]),
            }
        )
        self.assertCanCreate(self.regency_page, CooperativePage, data)

        cooperative = CooperativePage.objects.get(registry_id="3501012002000")
        assert cooperative.live
        assert cooperative.get_parent().pk == self.regency_page.pk
        assert {page.specific_class for page in cooperative.get_children()} == set(SECTION_TYPES)
        assert all(page.live for page in cooperative.get_children())
        assert cooperative.collection is not None
        assert Collection.objects.count() == collections_before + 1
        assert (cooperative.province_id, cooperative.regency_id, cooperative.district_id) == (
            "35",
            "35.01",
            "35.01.01",
        )

    def test_cooperative_village_must_lie_in_the_regency(self):
        foreign_village = region_chain("33.01.01.2001")
        data = nested_form_data(
            {
                "title": "Koperasi Salah Tempat",
                "slug": "koperasi-salah-tempat",
                "registry_id": "9999",
                "village": foreign_village.pk,
                "comments": inline_formset([]),
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(add_url(CooperativePage, self.regency_page), data)
        assert response.status_code == 200  # form re-shown with an error
        assert not CooperativePage.objects.filter(registry_id="9999").exists()

    def test_product_created_through_admin_under_its_section(self):
        section = ProductIndexPage.objects.child_of(self.cooperative).get()
        data = nested_form_data(
            {
                "title": "Gula Aren",
                "price": "25000",
                "unit": "kg",
                "category": "perkebunan",
                "available": "on",
                "gallery_images": inline_formset([]),
                "comments": inline_formset([]),
            }
        )
        self.assertCanCreate(section, ProductPage, data)
        assert ProductPage.objects.child_of(section).filter(title="Gula Aren").exists()

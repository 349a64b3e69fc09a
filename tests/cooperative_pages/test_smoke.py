from cooperative_pages.models import GovernanceIndexPage, NewsIndexPage, ProductIndexPage
from tests.factories import make_cooperative, make_product


def test_cooperative_gets_sections_collection_and_region_pages(portal, client):
    cooperative = make_cooperative(village_code="35.01.01.2001")
    children = {page.specific_class for page in cooperative.get_children()}
    assert children == {ProductIndexPage, NewsIndexPage, GovernanceIndexPage}
    assert cooperative.collection is not None
    assert cooperative.get_parent().specific.region_id == "35.01"
    assert cooperative.province_id == "35" and cooperative.district_id == "35.01.01"
    make_product(cooperative, title="Kopi Robusta", price=35000)
    response = client.get(cooperative.url)
    assert response.status_code == 200
    assert "Kopi Robusta" in response.content.decode()
    assert "Rp 35.000" in response.content.decode()

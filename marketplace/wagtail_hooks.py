"""Page wiring: the newest products and product counts on the portal and region pages."""

from wagtail import hooks


@hooks.register("region_page_context")
def products_on_region_pages(page, request, region_code, children):
    from .portal import region_products

    return region_products(region_code=region_code, children=children)

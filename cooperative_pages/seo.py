"""What a public page tells search engines and chat apps: its title, description,
canonical URL, Open Graph / Twitter tags and schema.org JSON-LD.

Built in Python from what the page's context already holds (no query of its own beyond
image renditions prefetched with the page's other images); ``_head.html`` prints it.
Absolute URLs (canonical, Open Graph, JSON-LD) start with the page's public base from ``page_urls``,
as the API's links do (``KMP["PUBLIC_BASE_URL"]`` for the default site).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .public import Identity
from .templatetags.cooperative_tags import rupiah

SITE_NAME = "Koperasi Merah Putih"
OG_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-80"
LOGO_IMAGE_SPEC = "max-600x600"
DEFAULT_OG_IMAGE = "cooperative_pages/og-default.png"
DESCRIPTION_CHARS = 160
SCHEMA = "https://schema.org"


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    og_type: str = "website"
    og_title: str = ""  # what a chat app's preview shows (defaults to the title)
    image_url: str = ""
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""
    og_extra: list[tuple[str, str]] = field(default_factory=list)  # (property, content)
    json_ld: list[dict] = field(default_factory=list)


def describe(*texts: str) -> str:
    """The first non-empty text, without markup, cut at a word near 160 characters."""
    for text in texts:
        plain = " ".join(strip_tags(text or "").split())
        if plain:
            return Truncator(plain).chars(DESCRIPTION_CHARS)
    return ""


def absolute(identity: Identity, url: str) -> str:
    """``url`` (a media or static path) made absolute against the site's root URL."""
    return urljoin(identity.root_url + "/", url) if url else ""


def with_image(meta: PageMeta, identity: Identity, rendition=None, *, alt: str = "") -> PageMeta:
    """Point the Open Graph image at ``rendition``, or at the portal's default picture."""
    if rendition is not None:
        meta.image_url = absolute(identity, rendition.url)
        meta.image_width, meta.image_height = rendition.width, rendition.height
        meta.image_alt = alt
    else:
        meta.image_url = absolute(identity, static(DEFAULT_OG_IMAGE))
        meta.image_width, meta.image_height, meta.image_alt = 1200, 630, SITE_NAME
    return meta


def breadcrumb_ld(identity: Identity) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": crumb.title, "item": absolute(identity, crumb.url)}
            for number, crumb in enumerate(identity.crumbs, start=1)
        ],
    }


def organization_ld(identity: Identity, *, logo=None, full: bool = True) -> dict:
    """The cooperative as a schema.org Organization with its postal address."""
    cooperative = identity.cooperative
    url = absolute(identity, identity.cooperative_url)
    data = {
        "@type": "Organization",
        "@id": url + "#organisasi",
        "name": cooperative.title,
        "url": url,
    }
    if not full:  # a reference inside another item
        return data
    data = {"@context": SCHEMA, **data}
    village = cooperative.village
    address = {
        "@type": "PostalAddress",
        "streetAddress": cooperative.address,
        "addressLocality": ", ".join(region.name for region in identity.regions[:3]),
        "addressRegion": cooperative.province.name if cooperative.province else "",
        "postalCode": village.postal_code if village else "",
        "addressCountry": "ID",
    }
    optional = {
        "legalName": cooperative.title,
        "identifier": cooperative.legal_entity_number,
        "description": describe(cooperative.description),
        "telephone": cooperative.phone,
        "email": cooperative.email,
        "foundingDate": cooperative.founding_date.isoformat() if cooperative.founding_date else "",
        "logo": absolute(identity, logo.url) if logo else "",
        "address": {key: value for key, value in address.items() if value},
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def product_meta(*, page, identity: Identity, photo=None, tags=()) -> PageMeta:
    """Title "Keripik Pisang — Koperasi … Widoro, Pacitan"; Open Graph with price; Product + Offer in IDR."""
    canonical = absolute(identity, identity.url)
    price = f"{rupiah(page.price)} / {page.unit}"
    cooperative = identity.cooperative
    meta = PageMeta(
        title=page.seo_title or f"{page.title} — {identity.cooperative_label}",
        description=describe(
            page.search_description,
            f"{price}. {page.description} "
            + (_("From %(name)s.") % {"name": identity.cooperative_label} if cooperative else ""),
        ),
        canonical=canonical,
        og_type="product",
        og_extra=[
            ("product:price:amount", str(page.price)),
            ("product:price:currency", "IDR"),
            ("product:availability", "instock" if page.available else "oos"),
        ],
    )
    with_image(meta, identity, photo, alt=page.title)
    meta.og_title = f"{page.title} · {price}"
    offer = {
        "@type": "Offer",
        "price": str(page.price),
        "priceCurrency": "IDR",
        "availability": f"{SCHEMA}/{'InStock' if page.available else 'OutOfStock'}",
        "url": canonical,
        "priceSpecification": {
            "@type": "UnitPriceSpecification",
            "price": str(page.price),
            "priceCurrency": "IDR",
            "unitText": page.unit,
        },
    }
    product = {
        "@context": SCHEMA,
        "@type": "Product",
        "name": page.title,
        "description": describe(page.description, page.title),
        "url": canonical,
        "sku": str(page.pk),
        "category": str(page.get_category_display()),
        "offers": offer,
    }
    if photo is not None:
        product["image"] = [meta.image_url]
    if tags:
        product["keywords"] = ", ".join(str(tag) for tag in tags)
    if cooperative is not None:
        offer["seller"] = organization_ld(identity, full=False)
        product["brand"] = {"@type": "Brand", "name": cooperative.title}
    meta.json_ld = [product, breadcrumb_ld(identity)]
    return meta


def cooperative_meta(*, page, identity: Identity, logo=None) -> PageMeta:
    place = identity.place
    meta = PageMeta(
        title=page.seo_title or f"{page.title} — {place}",
        description=describe(
            page.search_description,
            page.description,
            _("%(name)s in %(place)s: products, news and governance documents.") % {"name": page.title, "place": place},
        ),
        canonical=absolute(identity, identity.url),
    )
    with_image(meta, identity, logo, alt=page.title)
    meta.json_ld = [organization_ld(identity, logo=logo), breadcrumb_ld(identity)]
    return meta


def news_meta(*, page, identity: Identity, picture=None) -> PageMeta:
    canonical = absolute(identity, identity.url)
    meta = PageMeta(
        title=page.seo_title or f"{page.title} — {identity.cooperative_label}",
        description=describe(
            page.search_description, page.intro, _("News from %(name)s.") % {"name": identity.cooperative_label}
        ),
        canonical=canonical,
        og_type="article",
    )
    with_image(meta, identity, picture, alt=page.title)
    published = page.last_published_at or page.first_published_at
    article = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": Truncator(page.title).chars(110),
        "description": meta.description,
        "datePublished": page.date.isoformat(),
        "mainEntityOfPage": canonical,
        "url": canonical,
        "image": [meta.image_url],
        "inLanguage": "id",
    }
    if published:
        article["dateModified"] = published.isoformat()
        meta.og_extra.append(("article:published_time", page.date.isoformat()))
    if identity.cooperative is not None:
        article["author"] = article["publisher"] = organization_ld(identity, full=False)
    meta.json_ld = [article, breadcrumb_ld(identity)]
    return meta


def section_meta(*, page, identity: Identity, summary: str = "") -> PageMeta:
    """Index pages, governance documents and region pages: title, description, breadcrumb."""
    label = identity.cooperative_label
    title = f"{page.title} — {label}" if label else f"{page.title} — {SITE_NAME}"
    meta = PageMeta(
        title=page.seo_title or title,
        description=describe(page.search_description, summary),
        canonical=absolute(identity, identity.url),
    )
    with_image(meta, identity)
    meta.json_ld = [breadcrumb_ld(identity)]
    if identity.cooperative is not None:
        meta.json_ld.append(organization_ld(identity))
    return meta

"""The portal's own metadata: a title that is not doubled, and a schema.org WebSite with its search."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cooperative_pages.seo import SCHEMA, SITE_NAME, PageMeta, absolute, describe, with_image


def portal_meta(*, page, identity, context) -> PageMeta:
    home = absolute(identity, identity.url)
    meta = PageMeta(
        title=page.seo_title or _("%(site)s — village cooperative products and microsites") % {"site": SITE_NAME},
        description=describe(
            page.search_description,
            _(
                "Find village products from Koperasi Desa/Kelurahan Merah Putih across Indonesia, "
                "their microsites, and open figures on every cooperative."
            ),
        ),
        canonical=home,
    )
    with_image(meta, identity)
    search_url = context.get("marketplace_url") or ""
    website = {"@context": SCHEMA, "@type": "WebSite", "name": SITE_NAME, "url": home, "inLanguage": "id"}
    if search_url:
        website["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(identity, search_url) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        }
    meta.json_ld = [website]
    return meta

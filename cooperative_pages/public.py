"""What every public page says about itself: whose it is, where it lies and how to get back.

``page_identity`` reads it in three queries (the page's ancestors; the cooperative with its
regions; the cooperative's section pages), so templates print breadcrumbs, names and places
without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import CooperativePage, RegencyPage, Region, region_bare_name, region_short_name
from .page_urls import PageUrlBuilder
from .visibility import public_pages

_KIND_PREFIX = {"desa": "Desa ", "kelurahan": "Kel. ", "kecamatan": "Kec. "}
ANCESTOR_FIELDS = ("id", "title", "url_path", "depth", "path", "content_type_id", "live")


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str
    current: bool = False  # a section link: the page lies in that section


@dataclass
class Identity:
    """The cooperative a page belongs to (``None`` above the cooperatives), the breadcrumb
    from the portal to the page itself, and the root URL of the site serving it."""

    cooperative: CooperativePage | None
    crumbs: list[Crumb] = field(default_factory=list)
    root_url: str = ""
    cooperative_url: str = ""
    sections: list[Page] = field(default_factory=list)  # the cooperative's live section pages
    section_links: list[Crumb] = field(default_factory=list)  # profile, then the sections

    @property
    def url(self) -> str:
        """The page's own URL (as ``get_url`` gives it: relative on a one-site install)."""
        return self.crumbs[-1].url if self.crumbs else ""

    @property
    def regions(self) -> list[Region]:
        """Village, district, regency and province of the cooperative (those it has)."""
        if self.cooperative is None:
            return []
        cooperative = self.cooperative
        return [r for r in (cooperative.village, cooperative.district, cooperative.regency, cooperative.province) if r]

    @property
    def place(self) -> str:
        """``Desa Widoro, Kec. Donorojo, Kab. Pacitan, Jawa Timur``."""
        return ", ".join(region_label(region) for region in self.regions)

    @property
    def regency_name(self) -> str:
        """``Pacitan``: the short place name titles carry."""
        regency = self.cooperative.regency if self.cooperative else None
        return region_bare_name(regency.name) if regency else ""

    @property
    def cooperative_label(self) -> str:
        """``Koperasi Desa Merah Putih Widoro, Pacitan``."""
        if self.cooperative is None:
            return ""
        return ", ".join(part for part in (self.cooperative.title, self.regency_name) if part)


def region_label(region: Region) -> str:
    """A region as an address names it: ``Desa Widoro``, ``Kec. Donorojo``, ``Kab. Pacitan``, ``Jawa Timur``."""
    prefix = _KIND_PREFIX.get(region.kind, "")
    return prefix + region_short_name(region.name) if prefix else region_short_name(region.name)


def _crumb_title(page: Page, *, regency_type_id: int) -> str:
    if page.depth == 2:  # the national portal
        return _("Indonesia")
    if page.content_type_id == regency_type_id:
        return region_short_name(page.title)
    return page.title


def page_identity(*, page: Page, request=None) -> Identity:
    """Breadcrumb, cooperative, place and the cooperative's sections of ``page`` in three queries."""
    ancestors = list(Page.objects.ancestor_of(page).filter(depth__gt=1).only(*ANCESTOR_FIELDS).order_by("path")) + [
        page
    ]
    types = ContentType.objects.get_for_models(CooperativePage, RegencyPage)
    cooperative_type_id, regency_type_id = types[CooperativePage].pk, types[RegencyPage].pk
    crumbs = [
        Crumb(_crumb_title(item, regency_type_id=regency_type_id), item.get_url(request) or "") for item in ancestors
    ]
    position = next((i for i, item in enumerate(ancestors) if item.content_type_id == cooperative_type_id), None)
    cooperative, sections = None, []
    if position is not None:
        cooperative = CooperativePage.objects.select_related("village", "district", "regency", "province").get(
            pk=ancestors[position].pk
        )
        sections = list(public_pages(Page.objects.child_of(cooperative)).only(*ANCESTOR_FIELDS).order_by("path"))
    cooperative_url = crumbs[position].url if position is not None else ""
    own_url = crumbs[-1].url
    links = [Crumb(_("Profile"), cooperative_url, current=own_url == cooperative_url)] if cooperative else []
    for section in sections:
        url = section.get_url(request) or ""
        links.append(Crumb(section.title, url, current=bool(url) and own_url.startswith(url)))
    return Identity(
        cooperative=cooperative,
        crumbs=crumbs,
        root_url=PageUrlBuilder(request=request).base_for(page.url_path) or "",
        cooperative_url=cooperative_url,
        sections=sections,
        section_links=links,
    )


@dataclass
class ListingRow:
    """A child page of a region listing with the figures other apps add (``region_page_context``)."""

    page: Page
    figures: dict = field(default_factory=dict)


def region_listing_context(*, page: Page, request, children: list[Page], region_code: str = "") -> dict:
    """Rows for the children of the portal or a region page, with what other plugin apps add.

    Each ``region_page_context`` hook gets ``page``, ``request``, ``region_code`` (empty for the
    nation) and ``children``; it returns a dict whose ``child_figures`` ({child pk: {name: value}})
    and ``totals`` are merged, whose ``sections`` lists templates to include, and whose other keys
    go into the context as they are.
    """
    from wagtail import hooks

    context: dict = {"extra_sections": [], "totals": {}}
    figures: dict[int, dict] = {child.pk: {} for child in children}
    for hook in hooks.get_hooks("region_page_context"):
        extra = dict(hook(page=page, request=request, region_code=region_code, children=children) or {})
        context["extra_sections"] += extra.pop("sections", [])
        context["totals"].update(extra.pop("totals", {}))
        for pk, values in extra.pop("child_figures", {}).items():
            figures.setdefault(pk, {}).update(values)
        context.update(extra)
    context["rows"] = [ListingRow(page=child, figures=figures[child.pk]) for child in children]
    return context

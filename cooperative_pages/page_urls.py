"""Public URLs of pages and files: the one place every app builds them.

A page's path is exactly Wagtail's (``Page.get_url_parts``: the ``wagtail_serve`` prefix,
quoting, ``WAGTAIL_APPEND_SLASH``, the request's site when a page is under several), built
from its ``url_path`` alone: Wagtail runs ``reverse()`` for every page, a fifth of a
100-item API listing's time. Absolute URLs start with one configured public base,
``KMP["PUBLIC_BASE_URL"]`` (the reference site reads ``KMP_PUBLIC_BASE_URL``), for pages of
the default site; pages of other sites keep their ``Site`` record's root URL, and without a
configured base every page does (Wagtail's ``get_full_url``).
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Site

from . import conf

# What Django's reverse() leaves unquoted in a path argument (RFC 3986 sub-delims + "/~:@").
_SAFE = "!$&'()*+,;=/~:@"


def public_base_url() -> str:
    """``KMP["PUBLIC_BASE_URL"]`` without its trailing slash; empty when not configured."""
    return (conf.get("PUBLIC_BASE_URL") or "").rstrip("/")


def absolute_url(url: str, *, base: str | None = None) -> str:
    """``url`` made absolute from the public base; already absolute URLs (a media CDN,
    S3) are returned unchanged. Without a configured base the URL stays as given."""
    if not url or "://" in url or url.startswith("//"):
        return url
    return (public_base_url() if base is None else base) + url


class PageUrlBuilder:
    """Call with a page's ``url_path``: its public URL, or ``None`` when the page is not
    under any site or Wagtail's page views are not mounted.

    ``absolute=False`` gives the path alone (for links inside the site's own pages).
    One builder per response: it reads the site root paths once (Wagtail caches them).
    """

    def __init__(self, *, request=None, absolute: bool = True):
        self.request = request
        self.absolute = absolute
        self.roots = Site.get_site_root_paths()
        self.single_site = len({root.site_id for root in self.roots}) <= 1
        self.base = public_base_url()
        self._default_site_id: int | None = None
        self._request_site_id: int | None = None
        try:
            self.prefix = reverse("wagtail_serve", args=("",))
        except NoReverseMatch:
            self.prefix = None
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)

    def __call__(self, url_path: str) -> str | None:
        parts = self._parts(url_path)
        if parts is None:
            return None
        root, path = parts
        if not self.absolute:
            return path
        return self._base(root) + path

    def base_for(self, url_path: str) -> str | None:
        """The scheme and host this page's absolute URL starts with (what its relative links join)."""
        parts = self._parts(url_path)
        return self._base(parts[0]) if parts else None

    def _base(self, root) -> str:
        if self.base and self._is_default_site(root.site_id):
            return self.base
        return root.root_url

    def path(self, url_path: str) -> str | None:
        """The path alone (what a frontend routes on), whatever ``absolute`` says."""
        parts = self._parts(url_path)
        return parts[1] if parts else None

    def _parts(self, url_path: str):
        matches = [root for root in self.roots if url_path.startswith(root.root_path)]
        if not matches or self.prefix is None:
            return None
        root = matches[0]
        if not self.single_site and self.request is not None and len({match.site_id for match in matches}) > 1:
            site_id = self._request_site()
            root = next((match for match in matches if match.site_id == site_id), root)
        path = self.prefix + quote(url_path[len(root.root_path) :], safe=_SAFE)
        if not self.append_slash and path != "/":
            path = path.rstrip("/")
        return root, path

    def _is_default_site(self, site_id: int) -> bool:
        if self.single_site:
            return True
        if self._default_site_id is None:  # several sites: one query, once
            default = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
            self._default_site_id = default or 0
        return site_id == self._default_site_id

    def _request_site(self) -> int:
        if self._request_site_id is None:
            site = Site.find_for_request(self.request)
            self._request_site_id = site.pk if site else 0
        return self._request_site_id


def page_url(page: Page, *, request=None, absolute: bool = True) -> str | None:
    """One page's public URL (see :class:`PageUrlBuilder`)."""
    return PageUrlBuilder(request=request, absolute=absolute)(page.url_path)

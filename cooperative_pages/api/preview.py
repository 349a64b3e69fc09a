"""Headless preview (wagtail-headless-preview) as an extra preview mode of the page types.

The admin's normal preview keeps rendering the microsite; the "decoupled frontend" mode,
offered when ``WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]`` names a frontend, hands that
frontend a signed token which ``/api/v2/preview/`` exchanges for the draft until the token
expires (``KMP["API_PREVIEW_MAX_AGE"]``). Without a valid token no draft is served.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_headless_preview.settings import headless_preview_settings

HEADLESS_MODE = "headless"


class HeadlessPreviewModeMixin(HeadlessPreviewMixin):
    @property
    def preview_modes(self):
        modes = list(super().preview_modes)
        if headless_preview_settings.CLIENT_URLS:
            modes.append((HEADLESS_MODE, _("Decoupled frontend")))
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name == HEADLESS_MODE:
            return HeadlessPreviewMixin.serve_preview(self, request, mode_name)
        return super(HeadlessPreviewMixin, self).serve_preview(request, mode_name)

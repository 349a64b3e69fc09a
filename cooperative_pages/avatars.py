"""Avatars drawn from a user's initials, so the admin loads nothing from gravatar.com
(``WAGTAIL_GRAVATAR_PROVIDER_URL = None``): it would not load offline, and it would learn
the hash of every officer's e-mail address."""

from __future__ import annotations

import zlib
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.core.exceptions import ObjectDoesNotExist

# Background colours with white text at WCAG AA contrast.
PALETTE = ("#1d4ed8", "#047857", "#b91c1c", "#7c3aed", "#a16207", "#0e7490", "#be185d", "#374151")


def initials(user) -> str:
    name = (user.get_full_name() or user.get_username() or "?").strip()
    letters = [part[0] for part in name.replace(".", " ").split() if part[0].isalnum()][:2]
    return "".join(letters).upper() or "?"


def initials_avatar_url(user, size: int = 50) -> str | None:
    """A data URL of the user's initials on a colour of their own; ``None`` when they uploaded an
    avatar, or for no user (Wagtail then shows its own default picture)."""
    if user is None or not hasattr(user, "get_username"):
        return None
    try:
        if user.wagtail_userprofile.avatar:
            return None
    except (AttributeError, ObjectDoesNotExist):
        pass
    colour = PALETTE[zlib.crc32(user.get_username().encode()) % len(PALETTE)]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(size)}" height="{int(size)}" viewBox="0 0 40 40">'
        f'<rect width="40" height="40" fill="{colour}"/>'
        '<text x="20" y="20" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="16" '
        f'font-weight="600" fill="#fff">{escape(initials(user))}</text></svg>'
    )
    return "data:image/svg+xml," + quote(svg)

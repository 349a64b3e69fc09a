"""One shape for every image the API shows: alt text and three renditions with their sizes.

Originals are never linked: a phone photo is 4–8 MB and may carry the place it was taken
in its metadata; renditions are re-encoded WebP without it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.images import get_image_model

from ..page_urls import absolute_url

PHOTO_RENDITIONS = {
    "small": "fill-480x360|format-webp|webpquality-70",
    "medium": "max-960x960|format-webp|webpquality-75",
    "large": "max-1600x1600|format-webp|webpquality-80",
}
LOGO_RENDITIONS = {
    "small": "max-240x240|format-webp",
    "medium": "max-480x480|format-webp",
    "large": "max-960x960|format-webp",
}


def rendition(image, spec: str):
    """The image's ``spec`` rendition, taken from the prefetched ones when there (Wagtail's
    ``get_rendition`` would recompute the filter's cache key for every row), else made."""
    for candidate in getattr(image, "prefetched_renditions", ()):
        if candidate.filter_spec == spec:
            return candidate
    return image.get_rendition(spec)


def images_with_renditions(image_ids, *, specs: dict[str, str]) -> dict[int, object]:
    """Images by id with the renditions of ``specs`` prefetched (two queries)."""
    if not image_ids:
        return {}
    queryset = get_image_model().objects.filter(pk__in=image_ids).prefetch_renditions(*specs.values())
    return {image.pk: image for image in queryset}


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class RenditionsSerializer(serializers.Serializer):
    small = RenditionSerializer(help_text=_("About 480 pixels wide (cards, lists)."))
    medium = RenditionSerializer(help_text=_("At most 960 pixels."))
    large = RenditionSerializer(help_text=_("At most 1600 pixels (product photos) or 960 (logos)."))


class ImageSerializer(serializers.Serializer):
    """Built by :func:`image_json`; declared for the schema."""

    id = serializers.IntegerField()
    alt = serializers.CharField(help_text=_("Text for people who cannot see the image."))
    renditions = RenditionsSerializer()


def image_json(image, *, specs: dict[str, str], alt: str = "") -> dict | None:
    if image is None:
        return None
    renditions = {}
    for size, spec in specs.items():
        made = rendition(image, spec)
        renditions[size] = {"url": absolute_url(made.url), "width": made.width, "height": made.height}
    return {"id": image.pk, "alt": alt or image.default_alt_text, "renditions": renditions}

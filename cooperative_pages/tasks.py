"""Background work of the cooperative pages: the public renditions of an uploaded photo."""

from __future__ import annotations

from django_tasks import task
from wagtail.images import get_image_model

from .selectors import PUBLIC_IMAGE_SPECS


@task()
def renditions_prepare(image_id: int) -> list[str]:
    """Make the renditions public pages show (product card, gallery), so the first buyer does not wait.

    Returns their file names; an image deleted meanwhile has none."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return []
    return [rendition.file.name for rendition in image.get_renditions(*PUBLIC_IMAGE_SPECS).values()]

"""Admin widgets for officers on phones."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from wagtail.images import get_image_model

PREVIEW_SPEC = "fill-320x240"
# The long edge the browser scales a phone photo down to before uploading it.
SCALED_LONG_EDGE = 1600


class PhotoUploadWidget(forms.Widget):
    """A product photo taken or chosen in the form itself and uploaded at once.

    The browser scales the photo down (``SCALED_LONG_EDGE``) and posts it, with a progress
    bar, to Wagtail's own multiple-upload view (``wagtailimages:add_multiple``), which
    checks it and stores it in the officer's collection; the widget keeps the new image's
    id. A browser that cannot scale the photo uploads it as it is. No chooser modal.
    """

    template_name = "cooperative_pages/widgets/photo_upload.html"
    # The collection uploads go to; set per form (``PhotoInlinePanel``) for officers of several
    # cooperatives. Without it Wagtail uses the uploader's only collection.
    collection_id: int | None = None

    class Media:
        js = ["cooperative_pages/admin/photo.js"]

    def format_value(self, value):
        if value in (None, ""):
            return ""
        return str(getattr(value, "pk", value))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image_id = context["widget"]["value"]
        image = get_image_model().objects.filter(pk=image_id).first() if str(image_id).isdigit() else None
        context["widget"].update(
            preview_url=image.get_rendition(PREVIEW_SPEC).url if image else "",
            upload_url=reverse("wagtailimages:add_multiple"),
            collection_id=self.collection_id or "",
            max_size=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
            max_size_text=filesizeformat(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE),
            long_edge=SCALED_LONG_EDGE,
        )
        return context

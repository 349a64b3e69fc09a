"""Admin panels for the officer's phone-sized editor."""

from __future__ import annotations

from wagtail.admin.panels import InlinePanel

from .widgets import PhotoUploadWidget


class PhotoInlinePanel(InlinePanel):
    """The product's photos, uploaded from the form itself (``PhotoUploadWidget``) into
    the collection of the cooperative whose page is edited.

    Without any photo yet, the panel starts with the photo button itself: choosing a
    photo uploads it and adds the first row (Wagtail's own "add" of the inline panel),
    so the common case is one tap and the file choice, with no row to add first.
    """

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "cooperative_pages/panels/photo_inline_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is None:
                return
            self.collection_id = _collection_of(self.form)
            for child in [*self.children, self.empty_child]:
                for field in child.form.fields.values():
                    if isinstance(field.widget, PhotoUploadWidget):
                        field.widget.collection_id = self.collection_id

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            starter = PhotoUploadWidget()
            starter.collection_id = self.collection_id
            context["starter"] = starter.render("", None, attrs={"id": f"id_{self.formset.prefix}-START"})
            return context


def _collection_of(form) -> int | None:
    from .tenancy import cooperative_of_page

    page = form.instance if form.instance.pk else getattr(form, "parent_page", None)
    if page is None:
        return None
    cooperative = cooperative_of_page(page=page)
    return cooperative.collection_id if cooperative else None

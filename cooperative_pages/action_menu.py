"""The editor for officers on phones: the one primary button of the footer sends the
page to the region's facilitator, and ``editor.js`` keeps what was typed."""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.action_menu import SubmitForModerationMenuItem


class SendToFacilitatorMenuItem(SubmitForModerationMenuItem):
    """Wagtail's "Submit to <workflow>" item, named for what happens."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page and page.pk else None
        if state and state.status == state.STATUS_NEEDS_CHANGES:
            context["label"] = _("Send to the facilitator again")
        else:
            context["label"] = _("Send to the facilitator")
        return context


def submit_first(menu_items: list) -> None:
    """Make submitting the default action when the user cannot publish (``construct_page_action_menu``)."""
    names = [item.name for item in menu_items]
    if "action-submit" not in names or "action-publish" in names:
        return
    position = names.index("action-submit")
    submit = SendToFacilitatorMenuItem(order=menu_items[position].order)
    del menu_items[position]
    menu_items.insert(0, submit)


def editor_script() -> str:
    """``editor.js`` with its texts in the user's language."""
    texts = {
        "offer": gettext("You have changes from %(time)s that were not sent. Restore them?"),
        "restore": gettext("Restore"),
        "discard": gettext("Discard"),
        "photoKept": gettext("Photo uploaded."),
    }
    return format_html(
        "{}<script src='{}' defer></script>",
        json_script(texts, "kmp-editor-text"),
        static("cooperative_pages/admin/editor.js"),
    )

"""The facilitator's next useful work on the admin home, below the review list: the
cooperatives of their regions not updated for ``ACTIVE_DAYS`` and those furthest from
financing readiness, a few of each with a ready WhatsApp reminder, and the way into
the facilitator console. With nothing to review, the home is never blank."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from cooperative_pages import conf
from cooperative_pages.tenancy import facilitated_q

from .admin_views import follow_up_details
from .selectors import console_rows

SHOWN = 5


class NextWorkPanel(Component):
    name = "kmp_next_work"
    template_name = "dashboard/admin/next_work.html"
    order = 230  # after the review list (220)

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        stale, counts = console_rows(user=request.user, show="stale")
        gaps, _counts = console_rows(user=request.user, show="gaps")
        lists = {"stale": list(stale[:SHOWN]), "gaps": list(gaps[:SHOWN])}
        follow_up_details([*lists["stale"], *lists["gaps"]], request=request)
        console = reverse("dashboard_facilitator_console")
        return {
            **lists,
            "counts": counts,
            "active_days": conf.get("ACTIVE_DAYS"),
            "stale_url": f"{console}?show=stale",
            "gaps_url": f"{console}?show=gaps",
        }

    def render_html(self, parent_context=None):
        if facilitated_q(user=parent_context["request"].user) is None:
            return ""
        return super().render_html(parent_context)


def show_next_work(request, panels: list) -> None:
    """Facilitators and national moderators get their next useful work (``construct_homepage_panels``)."""
    if facilitated_q(user=request.user) is not None:
        panels.append(NextWorkPanel())

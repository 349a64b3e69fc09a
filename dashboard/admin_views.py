"""The facilitator console in the Wagtail admin: the cooperatives of the user's regions with
pending approvals, stale for ``ACTIVE_DAYS``, or with readiness gaps; a ready-to-send
WhatsApp reminder per cooperative; and the facilitator's verification switch."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperative_pages import conf, whatsapp
from cooperative_pages.models import CooperativePage
from cooperative_pages.tenancy import facilitated_q

from . import readiness
from .selectors import CONSOLE_VIEWS, active_cutoff, console_rows, page_url_builder
from .services import verification_set

ROWS_PER_PAGE = 50


def reminder_text(*, activity, url: str) -> str:
    """The WhatsApp message a facilitator sends an officer (Indonesian by default)."""
    cooperative = activity.cooperative
    if activity.last_approved_publication_at:
        lead = _("Hello officers of %(name)s, your microsite was last updated on %(date)s.") % {
            "name": cooperative.title,
            "date": activity.last_approved_publication_at.strftime("%d-%m-%Y"),
        }
    else:
        lead = _("Hello officers of %(name)s, your microsite has no approved update yet.") % {"name": cooperative.title}
    parts = [lead, _("Please post news, products or reports so the cooperative stays active.")]
    if activity.pending_approvals:
        parts.append(_("%(count)s submission(s) are waiting for my approval.") % {"count": activity.pending_approvals})
    missing = [str(item.label) for item in readiness.CHECKLIST if not getattr(activity, item.field)]
    if missing:
        parts.append(_("Still missing for financing readiness: %(items)s.") % {"items": ", ".join(missing)})
    parts.append(url)
    return " ".join(parts)


def facilitator_console(request: HttpRequest) -> HttpResponse:
    if facilitated_q(user=request.user) is None:
        raise PermissionDenied
    show = request.GET.get("show") if request.GET.get("show") in CONSOLE_VIEWS else "pending"
    rows, counts = console_rows(user=request.user, show=show)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("p"))
    url = page_url_builder(request)
    cutoff = active_cutoff()
    for activity in page:
        activity.public_url = url(activity.cooperative.url_path)
        activity.is_active = bool(
            activity.last_approved_publication_at and activity.last_approved_publication_at >= cutoff
        )
        activity.missing = [item.label for item in readiness.CHECKLIST if not getattr(activity, item.field)]
        activity.whatsapp_url = whatsapp.chat_url(
            phone=activity.cooperative.phone, text=reminder_text(activity=activity, url=activity.public_url)
        )
    tabs = [
        ("pending", _("Pending approvals"), counts["pending"]),
        ("stale", _("Not updated for %(days)s days") % {"days": conf.get("ACTIVE_DAYS")}, counts["stale"]),
        ("gaps", _("Readiness gaps"), counts["gaps"]),
    ]
    return TemplateResponse(
        request,
        "dashboard/admin/console.html",
        {"page_title": _("Facilitator console"), "header_icon": "group", "tabs": tabs, "show": show, "rows": page},
    )


@require_POST
def verify_cooperative(request: HttpRequest, cooperative_id: int) -> HttpResponse:
    cooperative = get_object_or_404(CooperativePage.objects.only("id", "title", "village_id"), pk=cooperative_id)
    verified = request.POST.get("verified") == "1"
    verification_set(cooperative=cooperative, user=request.user, verified=verified, note=request.POST.get("note", ""))
    if verified:
        messages.success(request, _("%(name)s is marked as verified.") % {"name": cooperative.title})
    else:
        messages.success(request, _("Verification of %(name)s withdrawn.") % {"name": cooperative.title})
    show = request.POST.get("show") if request.POST.get("show") in CONSOLE_VIEWS else "gaps"
    return redirect(f"{reverse('dashboard_facilitator_console')}?{urlencode({'show': show})}")

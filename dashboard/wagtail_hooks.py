"""Admin and page wiring: readiness on the cooperative page, the facilitator console, agency applications."""

from wagtail import hooks

from .selectors import readiness_for


@hooks.register("cooperative_page_context")
def readiness_on_cooperative_page(page, request):
    return {"readiness": readiness_for(cooperative_id=page.pk), "sections": ["dashboard/_cooperative_readiness.html"]}

"""Template tags of the plugin's admin screens."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name() -> str:
    """The site's name (``WAGTAIL_SITE_NAME``), for the admin's tab titles and login page."""
    return getattr(settings, "WAGTAIL_SITE_NAME", "")


@register.simple_tag(takes_context=True)
def admin_home_title(context, default: str) -> str:
    """The dashboard's heading: an officer's cooperative by name, else ``default`` (the site's name)."""
    from ..tenancy import officer_cooperatives

    request = context.get("request")
    cooperatives = officer_cooperatives(user=request.user) if request is not None else []
    return cooperatives[0].title if len(cooperatives) == 1 else default


# Page bulk actions only a user with publish permission can complete.
_PUBLISHING_BULK_ACTIONS = ("publish", "unpublish")


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def bulk_actions_for_user(context, app_label: str, model_name: str) -> dict:
    """Wagtail's bulk action buttons without the page actions the user cannot complete
    (an officer is offered "publish" and then told they may not)."""
    from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    choices = bulk_action_choices(context, app_label, model_name)
    user = context["request"].user
    if (app_label, model_name) != ("wagtailcore", "page") or user.is_superuser:
        return choices
    if policy_registry.get_by_type(Page).user_has_permission(user, "publish"):
        return choices
    refused = [f"/{action}/" for action in _PUBLISHING_BULK_ACTIONS]
    choices["buttons"] = [
        button for button in choices["buttons"] if not any(getattr(button, "url", "").endswith(r) for r in refused)
    ]
    return choices

"""Admin screens for partner API keys (Settings → API keys): the key is shown once, on creation."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PartnerApiKey


class ApiKeyCreateView(generic.CreateView):
    def save_instance(self):
        self.raw_key = PartnerApiKey.objects.assign_key(self.form.instance)
        return super().save_instance()

    def save_action(self):
        # Only the hash is stored: this page is the one chance to copy the key.
        return TemplateResponse(
            self.request,
            "cooperative_api/api_key_created.html",
            {"api_key": self.object, "raw_key": self.raw_key, "index_url": self.get_success_url()},
            headers={"Cache-Control": "no-store"},
        )


class ApiKeyViewSet(ModelViewSet):
    model = PartnerApiKey
    icon = "key"
    menu_label = _("API keys")
    add_to_settings_menu = True
    form_fields = ["name", "rate", "expiry_date", "revoked"]
    list_display = ["name", "prefix", "rate", "revoked", "expiry_date", "created", "last_used_at"]
    list_filter = ["revoked"]
    search_fields = ["name"]
    add_view_class = ApiKeyCreateView


api_key_viewset = ApiKeyViewSet("api_keys")

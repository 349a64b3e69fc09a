"""Agency applications in the admin (wagtail-modeladmin), scoped per role.

Officers list their cooperatives' applications and file new ones; facilitators list their
regions' and verify; admins list all and approve or reject. Nobody edits or deletes:
each transition is an action that goes through ``services``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, HistoryView, InstanceSpecificView

from cooperative_pages.models import CooperativePage
from cooperative_pages.tenancy import facilitator_regions, officer_cooperatives
from search.wagtail_backend import typed_text_clean

from . import services
from .models import AgencyApplication


class AgencyPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return bool(
            user.is_active
            and (services.can_decide_agency(user) or officer_cooperatives(user=user) or facilitator_regions(user=user))
        )

    def user_can_create(self, user):
        return services.can_file_agency(user=user)

    def user_can_inspect_obj(self, user, obj):
        return services.agency_applications_for(user).filter(pk=obj.pk).exists()

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_verify_obj(self, user, obj):
        return services.can_verify_agency(user=user, application=obj)

    def user_can_decide_obj(self, user, obj):
        return services.can_decide_agency_application(user=user, application=obj)


class AgencyButtonHelper(ButtonHelper):
    def _action(self, action: str, label: str, pk) -> dict:
        return {
            "url": self.url_helper.get_action_url(action, pk),
            "label": label,
            "classname": "button button-small button-secondary",
            "title": label,
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        user = self.request.user
        if self.permission_helper.user_can_verify_obj(user, obj):
            buttons.append(self._action("verify", _("Verify"), obj.pk))
        if self.permission_helper.user_can_decide_obj(user, obj):
            if obj.status == "verified":
                buttons.append(self._action("approve", _("Approve"), obj.pk))
            buttons.append(self._action("reject", _("Reject"), obj.pk))
        return buttons


class AgencyCreateView(CreateView):
    """Officers file for one of their own cooperatives; the choice list holds only those."""

    def get_form(self):
        form = super().get_form()
        ids = [cooperative.pk for cooperative in officer_cooperatives(user=self.request.user)]
        form.fields["cooperative"].queryset = CooperativePage.objects.filter(pk__in=ids).order_by("title")
        return form

    def form_valid(self, form):
        application = services.agency_application_file(
            user=self.request.user,
            cooperative=form.cleaned_data["cooperative"],
            kind=form.cleaned_data["kind"],
            partner=form.cleaned_data.get("partner", ""),
            note=form.cleaned_data.get("note", ""),
        )
        messages.success(self.request, _("Agency application filed: %(object)s.") % {"object": application})
        return redirect(self.get_success_url())


class AgencyHistoryView(HistoryView):
    """The application's history, for those who may inspect it (modeladmin's history view asks no one)."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


class TypedTextSearchHandler(DjangoORMSearchHandler):
    """The listing's search, with typed text cleaned as every search box's is (a NUL was a 500 on PostgreSQL)."""

    def search_queryset(self, queryset, search_term, **kwargs):
        return super().search_queryset(queryset, typed_text_clean(search_term or ""), **kwargs)


class AgencyActionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea)


class AgencyActionView(InstanceSpecificView):
    """Confirm and perform one transition: ``verify``, ``approve`` or ``reject``."""

    action = ""

    def check_action_permitted(self, user):
        helper = self.permission_helper
        if self.action == "verify":
            return helper.user_can_verify_obj(user, self.instance)
        if self.action == "approve":
            return helper.user_can_decide_obj(user, self.instance) and self.instance.status == "verified"
        return helper.user_can_decide_obj(user, self.instance)

    def get(self, request, *args, **kwargs):
        return self.render(AgencyActionForm())

    def post(self, request, *args, **kwargs):
        form = AgencyActionForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            if self.action == "verify":
                services.agency_application_verify(user=request.user, application=self.instance)
            else:
                services.agency_application_decide(
                    user=request.user,
                    application=self.instance,
                    approve=self.action == "approve",
                    note=form.cleaned_data["note"],
                )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(self.index_url)
        messages.success(request, _("Agency application updated: %(object)s.") % {"object": self.instance})
        return redirect(self.index_url)

    def render(self, form):
        labels = {"verify": _("Verify"), "approve": _("Approve"), "reject": _("Reject")}
        return TemplateResponse(
            self.request,
            "dashboard/admin/agency_action.html",
            {**self.get_context_data(), "form": form, "action_label": labels[self.action]},
        )


class AgencyApplicationAdmin(ModelAdmin):
    model = AgencyApplication
    menu_label = gettext_lazy("Agency applications")
    menu_icon = "doc-full"
    menu_order = 260
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_fields = [
        "cooperative",
        "kind",
        "partner",
        "note",
        "status",
        "submitted_by",
        "submitted_at",
        "verified_by",
        "verified_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    list_display = ("cooperative", "kind", "partner", "status", "submitted_at")
    list_filter = ("status", "kind")
    search_fields = ("cooperative__title", "partner")
    permission_helper_class = AgencyPermissionHelper
    button_helper_class = AgencyButtonHelper
    create_view_class = AgencyCreateView
    history_view_class = AgencyHistoryView
    search_handler_class = TypedTextSearchHandler
    # A plain select: an officer has one or a few cooperatives (and a page chooser widget would
    # look up any posted value, so "abc" would be a 500).
    edit_handler = ObjectList(
        [
            FieldPanel("cooperative", widget=forms.Select),
            FieldPanel("kind"),
            FieldPanel("partner"),
            FieldPanel("note"),
        ]
    )

    def get_queryset(self, request):
        return services.agency_applications_for(request.user).select_related("cooperative")

    def action_view(self, request, instance_pk, action: str):
        view_class = type("BoundAgencyActionView", (AgencyActionView,), {"action": action})
        return view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        for action in ("verify", "approve", "reject"):
            urls += (
                re_path(
                    self.url_helper.get_action_url_pattern(action),
                    lambda request, instance_pk, action=action: self.action_view(request, instance_pk, action),
                    name=self.url_helper.get_action_url_name(action),
                ),
            )
        return urls

"""Admin screens: the region chooser and the role assignment screens."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import FacilitatorAssignment, OfficerMembership, Region


class RegionSearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Search by name or code"), required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        term = self.cleaned_data.get("q", "").strip()
        if term:
            objects = objects.filter(Q(name__icontains=term) | Q(code__startswith=term))
        return objects


class RegionChooserViewSet(ChooserViewSet):
    model = Region
    icon = "site"
    choose_one_text = _("Choose a region")
    choose_another_text = _("Choose another region")
    edit_item_text = _("Edit this region")
    per_page = 30
    url_filter_parameters = ["level"]
    preserve_url_parameters = ["multiple", "level"]

    @property
    def choose_view_class(self):
        from wagtail.admin.views.generic.chooser import ChooseView

        return type("RegionChooseView", (ChooseView,), {"filter_form_class": RegionSearchForm})

    @property
    def choose_results_view_class(self):
        from wagtail.admin.views.generic.chooser import ChooseResultsView

        return type("RegionChooseResultsView", (ChooseResultsView,), {"filter_form_class": RegionSearchForm})


region_chooser_viewset = RegionChooserViewSet("region_chooser")
RegionChooserWidget = region_chooser_viewset.widget_class


class FacilitatorAssignmentViewSet(ModelViewSet):
    model = FacilitatorAssignment
    icon = "group"
    menu_label = _("Facilitators")
    list_display = ["user", "region", "created_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "region__name"]
    panels = [FieldPanel("user"), FieldPanel("region", widget=RegionChooserWidget)]
    add_to_admin_menu = False


class OfficerMembershipViewSet(ModelViewSet):
    model = OfficerMembership
    icon = "user"
    menu_label = _("Officers")
    list_display = ["user", "cooperative", "is_active", "activated_at"]
    list_filter = ["is_active"]
    search_fields = ["user__username", "cooperative__title"]
    form_fields = ["user", "cooperative", "is_active"]
    add_to_admin_menu = False


class RolesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Roles")
    menu_icon = "group"
    menu_order = 300
    items = (FacilitatorAssignmentViewSet("facilitator_assignments"), OfficerMembershipViewSet("officer_memberships"))

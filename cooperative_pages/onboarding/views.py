"""Officer invitation screens: the facilitator's list/invite/deactivate (admin) and the
officer's one-time set-password page (public)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ..models import CooperativePage, OfficerMembership
from ..tenancy import managed_officer_memberships, user_manages_officers, user_manages_officers_of
from .invitations import (
    invitation_accept,
    invitation_user,
    officer_deactivate,
    officer_invite,
)


class InviteForm(forms.Form):
    registry_id = forms.CharField(label=gettext_lazy("Cooperative registry ID"), max_length=32)
    email = forms.EmailField(label=gettext_lazy("Officer's e-mail"))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_registry_id(self):
        cooperative = CooperativePage.objects.filter(registry_id=self.cleaned_data["registry_id"].strip()).first()
        # One message for "unknown" and "outside your regions": the form does not reveal other regions.
        if cooperative is None or not user_manages_officers_of(user=self.user, cooperative=cooperative):
            raise ValidationError(_("No cooperative with this registry ID in your regions."))
        self.cooperative = cooperative
        return cooperative.registry_id


def _managed_memberships(user):
    return (
        managed_officer_memberships(user=user)
        .select_related("user", "cooperative")
        .order_by("cooperative__path", "user__email")
    )


def _require_officer_manager(user) -> None:
    if not user_manages_officers(user=user):
        raise PermissionDenied


def officer_index(request):
    _require_officer_manager(request.user)
    if request.method == "POST":
        form = InviteForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                officer_invite(
                    inviter=request.user,
                    cooperative=form.cooperative,
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s for %(cooperative)s.")
                    % {"email": form.cleaned_data["email"], "cooperative": form.cooperative.title},
                )
                return redirect("kmp_officers:index")
    else:
        form = InviteForm(user=request.user, initial={"registry_id": request.GET.get("registry_id", "")})
    page = Paginator(_managed_memberships(request.user), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "cooperative_pages/onboarding/officer_index.html",
        {"form": form, "memberships": page, "page_obj": page},
        status=400 if form.errors else 200,
    )


@require_POST
def officer_deactivate_view(request, pk: int):
    _require_officer_manager(request.user)
    membership = get_object_or_404(OfficerMembership.objects.select_related("cooperative", "user"), pk=pk)
    officer_deactivate(actor=request.user, membership=membership)  # PermissionDenied outside the regions
    messages.success(
        request,
        _("%(user)s is no longer an officer of %(cooperative)s.")
        % {
            "user": membership.user.email or membership.user.get_username(),
            "cooperative": membership.cooperative.title,
        },
    )
    return redirect("kmp_officers:index")


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept_view(request, uidb64: str, token: str):
    user = invitation_user(uidb64, token)
    if user is None:
        return render(request, "cooperative_pages/onboarding/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        return render(request, "cooperative_pages/onboarding/invitation_done.html", {"invited": user})
    return render(
        request,
        "cooperative_pages/onboarding/invitation_accept.html",
        {"form": form, "invited": user},
        status=400 if form.errors else 200,
    )

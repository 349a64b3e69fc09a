"""Officer invitations: a facilitator creates an officer account for a cooperative in
their regions; the officer sets a password through a one-time link, which activates
the membership ("has a microsite account" means at least one activated officer)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from .. import conf
from ..models import CooperativePage, OfficerMembership
from ..services import officer_add
from ..tenancy import user_manages_officers_of


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Like a password-reset token (it changes once the password is set, so it works
    once), with its own salt and lifetime (``KMP["INVITATION_DAYS"]``)."""

    key_salt = "cooperative_pages.onboarding.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.email}{user.is_active}{timestamp}"

    def check_token(self, user, token) -> bool:
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - timestamp <= conf.get("INVITATION_DAYS") * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


@transaction.atomic
def officer_invite(
    *, inviter, cooperative: CooperativePage, email: str, first_name: str = "", last_name: str = ""
) -> OfficerMembership:
    """Create an officer account (no password yet) for ``cooperative`` and e-mail the set-password link."""
    if not user_manages_officers_of(user=inviter, cooperative=cooperative):
        raise PermissionDenied(_("You may only invite officers for cooperatives in your regions."))
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and (user.has_usable_password() or user.is_staff or user.is_superuser):
        # Sending a set-password link to an existing account would hand it to whoever reads the mail.
        raise ValidationError(_("An account with this e-mail address already exists."))
    if user is None:
        user = User(
            username=_free_username(email),
            email=email,
            first_name=first_name[:150],
            last_name=last_name[:150],
            is_active=True,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    membership = officer_add(user=user, cooperative=cooperative, activated=False)
    invitation_send(user=user, cooperative=cooperative)
    return membership


def invitation_url(user) -> str:
    path = reverse(
        "kmp_invitation_accept",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_tokens.make_token(user)},
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def invitation_send(*, user, cooperative: CooperativePage) -> None:
    subject = _("Your account for the %(cooperative)s microsite") % {"cooperative": cooperative.title}
    body = "\n".join(
        [
            _("You have been registered as an officer of %(cooperative)s.") % {"cooperative": cooperative.title},
            "",
            _("Open this link to choose your password (it works once and expires in %(days)d days):")
            % {"days": conf.get("INVITATION_DAYS")},
            invitation_url(user),
            "",
        ]
    )
    send_mail(subject, body, None, [user.email])


def invitation_user(uidb64: str, token: str):
    """The invited user the link belongs to, or None for a forged, used or expired link."""
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None
    if not user.is_active or user.has_usable_password() or not invitation_tokens.check_token(user, token):
        return None
    return user


@transaction.atomic
def invitation_accept(*, user, password: str) -> int:
    """Set the password and activate the user's pending memberships; returns how many."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return OfficerMembership.objects.filter(user=user, is_active=True, activated_at__isnull=True).update(
        activated_at=timezone.now()
    )


def officer_deactivate(*, actor, membership: OfficerMembership) -> None:
    """End an officer's rights on one cooperative (the account itself stays)."""
    if not user_manages_officers_of(user=actor, cooperative=membership.cooperative):
        raise PermissionDenied(_("You may only manage officers of cooperatives in your regions."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])


def _free_username(email: str) -> str:
    User = get_user_model()
    base = email.lower()[:140]
    username, number = base, 1
    while User.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username

"""Admin forms and form fields the plugin adjusts."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from .rupiah import AmountError, format_rupiah, implausible_price, parse_amount


class AdminLoginForm(LoginForm):
    """Wagtail's login form leaves the password field without a translatable label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


def _group_thousands(amount: int) -> str:
    return format_rupiah(amount).removeprefix("Rp ")


class RupiahInput(forms.TextInput):
    """A text box for a rupiah amount (digits keypad on phones) that, for an implausible
    amount, shows the question "Did you mean Rp 15.000?" with a one-tap fix and a box to
    confirm the amount as typed (posted as ``<name>_confirmed``)."""

    template_name = "cooperative_pages/widgets/rupiah_input.html"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    class Media:
        js = ["cooperative_pages/admin/rupiah.js"]

    def value_from_datadict(self, data, files, name):
        return (data.get(name), data.get(f"{name}_confirmed") == "1")

    def format_value(self, value):
        if isinstance(value, tuple):
            value = value[0]
        if isinstance(value, int):
            return _group_thousands(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed, confirmed = value if isinstance(value, tuple) else (value, False)
        amount = typed if isinstance(typed, int) else _parse_or_none(typed)
        check = implausible_price(amount) if amount is not None else None
        context["widget"].update(
            implausible=check,
            amount=format_rupiah(amount) if amount is not None else "",
            suggestion=_group_thousands(check.suggestion) if check and check.suggestion is not None else "",
            confirmed=confirmed,
        )
        return context


def _parse_or_none(text) -> int | None:
    if text in (None, ""):
        return None
    try:
        return parse_amount(str(text))
    except AmountError:
        return None


class RupiahField(forms.Field):
    """A whole rupiah amount typed as people write it (``15.000``, ``15rb``, ``Rp 15.000``).

    An amount under Rp 100 or over Rp 100.000.000 is refused until the ``_confirmed`` box
    is ticked, except while Wagtail validates a draft (``is_deferred_validation``), so that
    autosave and "Simpan draf" keep what was typed; submitting asks.
    """

    widget = RupiahInput
    default_error_messages = {
        "implausible": _("%(amount)s looks unusual for a price. %(question)s"),
    }

    def __init__(self, *, max_value: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None:
            self.validators.append(MaxValueValidator(max_value))

    def to_python(self, value):
        typed = value[0] if isinstance(value, tuple) else value
        if typed in self.empty_values or (isinstance(typed, str) and not typed.strip()):
            return None
        if isinstance(typed, int):
            return typed
        try:
            return parse_amount(typed)
        except AmountError as error:
            raise ValidationError(error.message, code=error.code) from error

    def clean(self, value):
        amount = super().clean(value)
        confirmed = isinstance(value, tuple) and value[1]
        check = implausible_price(amount) if amount is not None else None
        if check and not confirmed and not getattr(self, "is_deferred_validation", False):
            raise ValidationError(
                self.error_messages["implausible"],
                code="implausible",
                params={"amount": format_rupiah(amount), "question": check.question},
            )
        return amount

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (int(initial) if initial not in (None, "") else None)
        except (ValidationError, ValueError):
            return True

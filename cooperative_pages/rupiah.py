"""Rupiah amounts as Indonesians type them, and as they read them.

``15.000``, ``15rb``, ``Rp 15.000``, ``Rp15.000,-``, ``1,5jt`` and ``15000`` all mean
fifteen thousand (or one and a half million) whole rupiah: the dot groups thousands,
the comma starts the (always zero) cents. An amount with real cents (``15,5``) or
words (``lima belas ribu``) is refused with an Indonesian explanation, and an
implausible price (under Rp 100, over Rp 100.000.000) is returned with a suggestion
so the form can ask "Maksud Anda Rp 15.000?" before it is saved.

One parser for every place a price or a count is typed: the product form, the
quick price change and any number column of an import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

MAX_PRICE_RUPIAH = 1_000_000_000_000  # one trillion: anything above is a typing error
PLAUSIBLE_MIN = 100
PLAUSIBLE_MAX = 100_000_000

_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*")
_NO_CENTS = re.compile(r"(?:,|\.)-+$")  # "15.000,-" is written on price tags
_MULTIPLIERS = {"rb": 1_000, "ribu": 1_000, "k": 1_000, "jt": 1_000_000, "juta": 1_000_000}
_SUFFIX = re.compile(r"\s*(rb|ribu|k|jt|juta)\.?$")
_NUMBER = re.compile(r"^\d[\d., ]*$")
NO_CENTS = _(
    "Rupiah amounts have no cents: write 15.000 for fifteen thousand, or 15.500 for fifteen thousand five hundred."
)
NO_CENTS = _(
    "Rupiah amounts have no cents: write 15.000 for fifteen thousand, or 15.500 for fifteen thousand five hundred."
)
NOT_A_NUMBER = _("Write the amount in digits, for example 15.000 or 15rb.")


class AmountError(ValueError):
    """A typed amount that is not a whole number of rupiah; ``message`` says why in the user's language."""

    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def parse_amount(text: str) -> int:
    """The whole amount ``text`` means (``"15rb"`` -> 15000); ``AmountError`` when it means none."""
    cleaned = _PREFIX.sub("", " ".join(str(text).lower().split()))
    cleaned = _NO_CENTS.sub("", cleaned).strip()
    multiplier = 1
    suffix = _SUFFIX.search(cleaned)
    if suffix:
        multiplier = _MULTIPLIERS[suffix.group(1)]
        cleaned = cleaned[: suffix.start()].strip()
    if cleaned.startswith("-"):
        raise AmountError(_("The amount cannot be negative."), "negative")
    if not cleaned or not _NUMBER.match(cleaned):
        raise AmountError(NOT_A_NUMBER, "not_a_number")
    whole, fraction = _split(cleaned)
    try:
        amount = Decimal(f"{whole}.{fraction or 0}") * multiplier
    except InvalidOperation as error:  # pragma: no cover - the patterns above admit only digits
        raise AmountError(NOT_A_NUMBER, "not_a_number") from error
    if amount != amount.to_integral_value():
        raise AmountError(NO_CENTS, "cents")
    return int(amount)


def _split(number: str) -> tuple[str, str]:
    """Whole digits and fraction digits of ``number``.

    The dot groups thousands and the comma starts decimals, as Indonesians write; a lone
    mark followed by exactly three digits groups thousands either way (``15,000``), and
    with both marks the last one starts the decimals (``1.500,00``, ``1,500.00``)."""
    marks = [char for char in number if char in ".,"]
    decimal_mark = None
    if len(set(marks)) == 2:
        decimal_mark = marks[-1]
    elif len(marks) == 1 and len(number.split(marks[0])[1].replace(" ", "")) != 3:
        decimal_mark = marks[0]
    if decimal_mark and number.count(decimal_mark) > 1:
        raise AmountError(NOT_A_NUMBER, "not_a_number")
    whole, _mark, fraction = number.partition(decimal_mark) if decimal_mark else (number, "", "")
    groups = re.split(r"[., ]", whole.strip())
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:])):
        raise AmountError(_("Group the thousands with dots: 15.000 or 1.500.000."), "grouping")
    fraction = fraction.strip()
    if fraction and not fraction.isdigit():
        raise AmountError(NOT_A_NUMBER, "not_a_number")
    return "".join(groups), fraction


def format_rupiah(amount: int) -> str:
    """``15000`` -> ``Rp 15.000``."""
    return "Rp " + f"{int(amount):,}".replace(",", ".")


@dataclass(frozen=True)
class Implausible:
    """A price outside the usual range, and the amount the officer probably meant (or ``None``)."""

    amount: int
    suggestion: int | None

    @property
    def question(self) -> str:
        if self.suggestion is not None:
            return str(_("Did you mean %(suggestion)s?")) % {"suggestion": format_rupiah(self.suggestion)}
        return str(_("Is %(amount)s right?")) % {"amount": format_rupiah(self.amount)}


def implausible_price(amount: int) -> Implausible | None:
    """``Implausible`` when ``amount`` is under Rp 100 or over Rp 100.000.000 (thousands probably mistyped)."""
    if amount < PLAUSIBLE_MIN:
        return Implausible(amount, amount * 1000 if amount > 0 else None)
    if amount > PLAUSIBLE_MAX:
        return Implausible(amount, amount // 1000 if amount % 1000 == 0 else None)
    return None

"""WhatsApp click-to-chat links ("Pesan via WhatsApp")."""

from urllib.parse import quote

from . import conf


def wa_number(phone: str) -> str:
    """``+6281234560001`` or ``081234560001`` -> ``6281234560001`` (wa.me wants digits only)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def chat_url(*, phone: str, text: str = "") -> str:
    """A wa.me link to ``phone`` with an optional prefilled message; empty when there is no number."""
    number = wa_number(phone or "")
    if not number:
        return ""
    url = f"https://wa.me/{number}"
    return f"{url}?text={quote(text)}" if text else url


def order_message(*, product: str, cooperative: str) -> str:
    return conf.get("WHATSAPP_MESSAGE").format(product=product, cooperative=cooperative)

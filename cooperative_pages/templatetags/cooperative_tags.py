from django import template

from ..rupiah import format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """``15000`` -> ``Rp 15.000`` (Indonesian thousands separator)."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return format_rupiah(amount)

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from ..rupiah import format_rupiah

register = template.Library()

# As Django's json_script: nothing in the data can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def rupiah(value) -> str:
    """``15000`` -> ``Rp 15.000`` (Indonesian thousands separator)."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    return format_rupiah(amount)


@register.filter
def json_ld(value) -> str:
    """``value`` as the body of a ``<script type="application/ld+json">`` element."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped above, as json_script does


@register.filter
def startswith(value, prefix) -> bool:
    """Whether ``value`` starts with a non-empty ``prefix`` (the header marks the current section)."""
    return bool(prefix) and str(value or "").startswith(str(prefix))


@register.simple_tag
def search_examples() -> str:
    """The first example searches of ``KMP["SEARCH_EXAMPLES"]`` (each finds products), as the
    storefront's search box shows them."""
    from .. import conf

    return ", ".join(conf.get("SEARCH_EXAMPLES")[:3])

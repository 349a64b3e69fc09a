"""Query parameters of the API, declared once per endpoint as a DRF serializer.

Every endpoint (and the storefront page, which shares the marketplace's) validates its
query string through a :class:`QueryParameters` subclass: an unknown parameter and a
repeated one are errors naming the parameter, never silently ignored or overwritten.
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from ..models import GovernanceKind, ProductCategory


class TextQueryField(serializers.CharField):
    """Free text (``q``): the schema says a NUL character is not text (DRF refuses it)."""


class NullBooleanQueryField(serializers.BooleanField):
    """``true``/``false`` (also ``1``/``0``); absent means "no filter". DRF's BooleanField
    reads a missing query parameter as false."""

    TRUE_VALUES = {"true", "1"}
    FALSE_VALUES = {"false", "0"}
    NULL_VALUES: set = set()

    def __init__(self, **kwargs):
        super().__init__(required=False, default=None, allow_null=True, **kwargs)
        self.error_messages["invalid"] = gettext_lazy("Use true or false.")

    def validate_empty_values(self, data):
        if data == "":  # given but empty: not "no filter"
            self.fail("invalid")
        return super().validate_empty_values(data)


class QueryParameters(serializers.Serializer):
    """Base of every endpoint's parameters.

    Context: ``ignore_unknown`` (the storefront: links shared on social media carry
    ``fbclid``/``utm_*``) and ``blank_is_absent`` (an HTML form submits empty fields).
    """

    def to_internal_value(self, data):
        errors = {}
        if isinstance(data, QueryDict):
            errors.update(self._parameter_errors(data))
            data = self._single_values(data)
        try:
            validated = super().to_internal_value(data)
        except ValidationError as error:
            errors = {**error.detail, **errors}
            validated = None
        if errors:
            raise ValidationError(errors)
        return validated

    def _parameter_errors(self, data: QueryDict) -> dict:
        allowed = sorted(self.fields)
        errors = {}
        for name, values in data.lists():
            if name not in self.fields:
                if not self.context.get("ignore_unknown"):
                    errors[name] = [_("Unknown parameter. Allowed: %s.") % (", ".join(allowed) or "-")]
            elif len(values) > 1:
                errors[name] = [_("Give this parameter once.")]
        return errors

    def _single_values(self, data: QueryDict) -> dict:
        values = {name: data[name] for name in data if name in self.fields}
        if self.context.get("blank_is_absent"):
            values = {name: value for name, value in values.items() if value.strip() != ""}
        return values


def validated_parameters(serializer_class: type[QueryParameters], query_params: QueryDict, **context) -> dict:
    """The validated parameters, or a 400 (``ValidationError``) naming each bad one."""
    serializer = serializer_class(data=query_params, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# ---------------------------------------------------------------- the listings' parameters

# Every listing's page, the marketplace's included (cooperative_pages.api.pagination).
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

# level: (pattern, help text, message for a malformed code, message for an unknown code)
REGION_PATTERNS = {
    "province": (
        r"^[0-9]{2}$",
        gettext_lazy("Kemendagri province code, e.g. `35`."),
        gettext_lazy("Not a province code; write it like 35."),
        gettext_lazy("Unknown province code: %s."),
    ),
    "regency": (
        r"^[0-9]{2}\.[0-9]{2}$",
        gettext_lazy("Kemendagri regency code, e.g. `35.07`."),
        gettext_lazy("Not a regency code; write it like 35.07."),
        gettext_lazy("Unknown regency code: %s."),
    ),
    "district": (
        r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$",
        gettext_lazy("Kemendagri district code, e.g. `35.07.12`."),
        gettext_lazy("Not a district code; write it like 35.07.12."),
        gettext_lazy("Unknown district code: %s."),
    ),
    "village": (
        r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$",
        gettext_lazy("Kemendagri village code, e.g. `35.07.12.2001`."),
        gettext_lazy("Not a village code; write it like 35.07.12.2001."),
        gettext_lazy("Unknown village code: %s."),
    ),
}


def pattern_field(pattern: str, *, help_text: str, invalid: str, **kwargs) -> serializers.RegexField:
    """An optional value written to ``pattern``; ``invalid`` tells how to write it."""
    return serializers.RegexField(
        pattern, required=False, help_text=help_text, error_messages={"invalid": invalid}, **kwargs
    )


def region_code_field(level: str) -> serializers.RegexField:
    pattern, help_text, message, _unknown = REGION_PATTERNS[level]
    return pattern_field(pattern, help_text=help_text, invalid=message, max_length=13)


def counting_field(*, max_value: int, help_text: str = "") -> serializers.IntegerField:
    """An optional whole number from 1 to ``max_value``: a page number, a page size, an id."""
    return serializers.IntegerField(required=False, min_value=1, max_value=max_value, help_text=help_text)


class ListingParameters(QueryParameters):
    """Paging and ``updated_since``, shared by every listing."""

    page = counting_field(
        max_value=10**9, help_text=gettext_lazy("Page number, from 1. A page past the last one is empty.")
    )
    page_size = counting_field(
        max_value=MAX_PAGE_SIZE, help_text=gettext_lazy("Items per page, 1–100 (20 by default).")
    )
    updated_since = serializers.DateTimeField(
        required=False,
        help_text=gettext_lazy(
            "Only objects created or changed at or after this time (ISO 8601, e.g. `2026-12-01T00:00:00+07:00`). "
            "For an exact mirror, follow `/api/changes/`."
        ),
    )


class RegionParameters(ListingParameters):
    province = region_code_field("province")
    regency = region_code_field("regency")
    district = region_code_field("district")
    village = region_code_field("village")


class CooperativeParameters(RegionParameters):
    """Directory filters; ``active`` and ``readiness_min`` are answered by the
    ``filter_cooperative_directory`` hook (the dashboard app registers it)."""

    business_unit = serializers.SlugField(
        required=False, max_length=40, help_text=gettext_lazy("Business unit code, e.g. `gerai-sembako`.")
    )
    q = TextQueryField(
        required=False, allow_blank=True, max_length=100, help_text=gettext_lazy("Words in the cooperative's name.")
    )
    active = NullBooleanQueryField(
        help_text=gettext_lazy("Only cooperatives with (true) or without (false) a recent approved publication.")
    )
    readiness_min = serializers.IntegerField(
        required=False, min_value=0, max_value=100, help_text=gettext_lazy("Minimum financing-readiness score (0-100).")
    )


class CooperativeContentParameters(RegionParameters):
    """Filters of the pages a cooperative publishes (products, news, governance)."""

    cooperative = counting_field(max_value=2**53, help_text=gettext_lazy("Only this cooperative's pages (its `id`)."))


class ProductParameters(CooperativeContentParameters):
    business_unit = serializers.SlugField(
        required=False, max_length=40, help_text=gettext_lazy("The product's business unit code.")
    )
    category = serializers.ChoiceField(required=False, choices=ProductCategory.choices)
    available = NullBooleanQueryField()
    q = TextQueryField(
        required=False, allow_blank=True, max_length=100, help_text=gettext_lazy("Words in the product's name.")
    )


class NewsParameters(CooperativeContentParameters):
    year = serializers.IntegerField(
        required=False, min_value=1945, max_value=2100, help_text=gettext_lazy("Year of the news' date.")
    )


class GovernanceParameters(CooperativeContentParameters):
    kind = serializers.ChoiceField(required=False, choices=GovernanceKind.choices)
    year = serializers.IntegerField(
        required=False, min_value=1945, max_value=2100, help_text=gettext_lazy("The period's year.")
    )


class ChangesParameters(QueryParameters):
    cursor = pattern_field(
        r"^[0-9]{1,18}$",
        help_text=gettext_lazy("`next_cursor` of the previous answer; none to start from the beginning."),
        invalid=gettext_lazy("Not a cursor of this feed; use a next_cursor it gave."),
    )
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=1000, help_text=gettext_lazy("Entries per answer (100 by default).")
    )


class DetailParameters(QueryParameters):
    """Detail views take no parameter: any one is an error."""

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

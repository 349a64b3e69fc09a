"""Small DRF serializers shared by the Wagtail API v2 ``api_fields``, the directory API and
the marketplace API: one shape per concept (a coded thing is ``{code, name}``).

Imports nothing from the models so the page models can use them in ``api_fields``.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


# A listing nests several of these per row: reading the attributes directly instead of
# through DRF's per-field machinery keeps them cheap; the declared fields still make the schema.
class CodedSerializer(serializers.Serializer):
    """A thing from a fixed list: its code (stable, for filters) and its name (for people)."""

    code = serializers.CharField()
    name = serializers.CharField()


class RegionSerializer(CodedSerializer):
    code = serializers.CharField(help_text=_("Kemendagri code, e.g. 35.07.12.2001"))
    level = serializers.ChoiceField(choices=["province", "regency", "district", "village"])

    def to_representation(self, region) -> dict:
        return {"code": region.code, "name": region.name, "level": region.level}


class BusinessUnitSerializer(CodedSerializer):
    code = serializers.SlugField(help_text=_("e.g. `gerai-sembako`; the `business_unit` filter takes it."))

    def to_representation(self, unit) -> dict:
        return {"code": unit.slug, "name": unit.name}

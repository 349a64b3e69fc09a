"""Small DRF serializers shared by the Wagtail API v2 ``api_fields`` and the directory API.

Imports nothing from the models so the page models can use them in ``api_fields``.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


# A listing nests several of these per row: reading the attributes directly instead of
# through DRF's per-field machinery keeps them cheap; the declared fields still make the schema.
class RegionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Kemendagri code, e.g. 35.07.12.2001"))
    name = serializers.CharField()
    level = serializers.CharField()

    def to_representation(self, region) -> dict:
        return {"code": region.code, "name": region.name, "level": region.level}


class BusinessUnitSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()

    def to_representation(self, unit) -> dict:
        return {"slug": unit.slug, "name": unit.name}

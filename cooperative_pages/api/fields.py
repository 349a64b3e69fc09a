"""Small DRF serializers shared by the Wagtail API v2 ``api_fields`` and the directory API.

Imports nothing from the models so the page models can use them in ``api_fields``.
"""

from rest_framework import serializers


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kemendagri code, e.g. 35.07.12.2001")
    name = serializers.CharField()
    level = serializers.CharField()


class BusinessUnitSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()

"""``GET /api/dashboard/?province=&regency=``: the dashboard's figures as JSON (DRF, in the OpenAPI schema)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cooperative_pages.api.parameters import QueryParameters, region_code_field, validated_parameters
from cooperative_pages.api.problems import UnknownReference

from .models import AgencyStatus
from .selectors import UnknownRegion, dashboard_figures, scope_resolve


class DashboardFilterSerializer(QueryParameters):
    province = region_code_field("province")
    regency = region_code_field("regency")


class ScopeSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["national", "province", "regency"])
    code = serializers.CharField(help_text=gettext_lazy("Empty for the nation."))
    name = serializers.CharField()


class ReadinessBandSerializer(serializers.Serializer):
    band = serializers.CharField(help_text=gettext_lazy("Score range, e.g. `60-79`."))
    count = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    registered = serializers.IntegerField(help_text=gettext_lazy("Cooperatives in the registry."))
    with_account = serializers.IntegerField(
        help_text=gettext_lazy("Cooperatives with at least one activated officer login.")
    )
    active = serializers.IntegerField(
        help_text=gettext_lazy("Cooperatives with an approved publication within `active_days`.")
    )
    pending_approvals = serializers.IntegerField(help_text=gettext_lazy("Submissions waiting for a facilitator."))
    cooperatives_with_pending = serializers.IntegerField()
    oldest_pending_since = serializers.DateTimeField(allow_null=True)
    oldest_pending_days = serializers.IntegerField(allow_null=True)
    ready = serializers.IntegerField(
        help_text=gettext_lazy("Cooperatives whose readiness score is at least `ready_score`.")
    )
    readiness = ReadinessBandSerializer(many=True)


class AgencyCountsSerializer(serializers.Serializer):
    # One count per AgencyStatus, then their total: the keys the figures count (selectors.figures).
    def get_fields(self) -> dict:
        return {key: serializers.IntegerField() for key in [*AgencyStatus.values, "total"]}


class RegionFiguresSerializer(FiguresSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    agency_applications = AgencyCountsSerializer(required=False)


class TrendPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    registered = serializers.IntegerField()
    with_account = serializers.IntegerField()
    active = serializers.IntegerField()
    pending_approvals = serializers.IntegerField()
    ready = serializers.IntegerField()
    agency_applications = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    active_days = serializers.IntegerField()
    ready_score = serializers.IntegerField()
    generated_at = serializers.DateTimeField()
    totals = FiguresSerializer()
    agency_applications = AgencyCountsSerializer()
    regions = RegionFiguresSerializer(
        many=True, help_text=gettext_lazy("Provinces (national), regencies (province) or districts.")
    )
    trend = TrendPointSerializer(
        many=True, help_text=gettext_lazy("Daily snapshots of this scope (`snapshot_activity`).")
    )


class DashboardAPIView(APIView):
    """Open dashboard figures for the nation, a province or a regency."""

    @extend_schema(
        operation_id="dashboard_figures",
        summary=gettext_lazy("Dashboard figures"),
        description=gettext_lazy(
            "Registered cooperatives, with a microsite account, active, pending approvals (and the oldest one's "
            "age), financing-readiness distribution and agency applications by status — nationally, for a "
            "province or for a regency, with one row per child region and the daily trend."
        ),
        parameters=[DashboardFilterSerializer],
        responses={200: DashboardSerializer},
        tags=["dashboard"],
    )
    def get(self, request: Request) -> Response:
        filters = validated_parameters(DashboardFilterSerializer, request.query_params)
        try:
            scope = scope_resolve(**filters)
        except UnknownRegion as error:
            raise UnknownReference({"region": [_("Unknown region code: %s.") % error]}) from error
        return Response(DashboardSerializer(dashboard_figures(scope=scope)).data)

"""The public dashboard (``/dashboard/``), its CSV downloads, the readiness explanation
and the bank CSV. Views stay thin: figures come from ``selectors``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cooperative_pages.ratelimit import rate_limited

from . import readiness
from .csvexport import csv_response
from .models import AgencyStatus
from .selectors import (
    NATIONAL,
    Scope,
    UnknownRegion,
    active_cutoff,
    bank_rows,
    cooperative_rows,
    dashboard_figures,
    page_url_builder,
    scope_resolve,
)

COOPERATIVES_PER_PAGE = 100
_TREND_WIDTH, _TREND_HEIGHT = 300, 100


def _scope_or_404(request: HttpRequest) -> Scope:
    try:
        return scope_resolve(province=request.GET.get("province"), regency=request.GET.get("regency"))
    except UnknownRegion as error:
        raise Http404(_("Unknown region.")) from error


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _with_bars(regions: list[dict]) -> list[dict]:
    """Widths (0–100) of each region's bars, relative to the largest region."""
    largest = max((row["registered"] for row in regions), default=0)
    for row in regions:
        row["bar"] = {name: _percent(row[name], largest) for name in ("registered", "with_account", "active", "ready")}
    return regions


def _trend_lines(trend: list[dict]) -> dict:
    """SVG polyline points of the trend series, scaled into a 300×100 box."""
    if len(trend) < 2:
        return {}
    top = max(max(day["with_account"], day["active"], day["ready"]) for day in trend) or 1
    step = _TREND_WIDTH / (len(trend) - 1)

    def points(name: str) -> str:
        return " ".join(
            f"{round(i * step, 1)},{round(_TREND_HEIGHT - _TREND_HEIGHT * day[name] / top, 1)}"
            for i, day in enumerate(trend)
        )

    return {
        "with_account": points("with_account"),
        "active": points("active"),
        "ready": points("ready"),
        "top": top,
        "first": trend[0]["date"],
        "last": trend[-1]["date"],
    }


def _query(scope: Scope) -> str:
    if scope.level == NATIONAL:
        return ""
    key = "regency" if scope.level == "regency" else "province"
    return f"?{key}={scope.code}"


@require_GET
@rate_limited
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_404(request)
    figures = dashboard_figures(scope=scope)
    totals = figures["totals"]
    context = {
        "scope": scope,
        "figures": figures,
        "totals": totals,
        "regions": _with_bars(figures["regions"]),
        "trend_lines": _trend_lines(figures["trend"]),
        "agency": [
            {"status": label, "count": figures["agency_applications"][value]} for value, label in AgencyStatus.choices
        ],
        "agency_total": figures["agency_applications"]["total"],
        "shares": {
            "with_account": _percent(totals["with_account"], totals["registered"]),
            "active": _percent(totals["active"], totals["registered"]),
            "active_of_account": _percent(totals["active"], totals["with_account"]),
        },
        "band_max": max((band["count"] for band in totals["readiness"]), default=0) or 1,
        "query": _query(scope),
        "child_param": "province" if scope.level == NATIONAL else "regency",
    }
    if scope.level == "regency":
        paginator = Paginator(cooperative_rows(scope=scope), COOPERATIVES_PER_PAGE)
        cooperatives = paginator.get_page(request.GET.get("page"))
        url = page_url_builder()
        for row in cooperatives:
            row.url = url(row.cooperative.url_path)
        context["cooperatives"] = cooperatives
        context["active_since"] = figures["generated_at"] - timezone.timedelta(days=figures["active_days"])
    return render(request, "dashboard/dashboard.html", context)


_REGION_HEADER = [
    "code",
    "name",
    "registered",
    "with_account",
    "active",
    "pending_approvals",
    "cooperatives_with_pending",
    "oldest_pending_days",
    "ready",
    *[f"readiness_{low}_{high}" for low, high in readiness.BANDS],
]


def _region_cells(row: dict) -> list:
    return [
        row["code"],
        row["name"],
        row["registered"],
        row["with_account"],
        row["active"],
        row["pending_approvals"],
        row["cooperatives_with_pending"],
        row["oldest_pending_days"] if row["oldest_pending_days"] is not None else "",
        row["ready"],
        *[band["count"] for band in row["readiness"]],
    ]


_COOPERATIVE_HEADER = [
    "registry_id",
    "name",
    "district",
    "url",
    "with_account",
    "active",
    "last_approved_publication",
    "pending_approvals",
    "readiness_score",
]


@require_GET
@rate_limited
def dashboard_csv(request: HttpRequest, table: str) -> HttpResponse:
    """Every dashboard table as CSV: ``regions``, ``agency``, ``trend`` and (regency) ``cooperatives``."""
    scope = _scope_or_404(request)
    table_csv = _CSV_TABLES.get(table)
    if table_csv is None:
        raise Http404(_("Unknown table."))
    return table_csv(request, scope, suffix=scope.code.replace(".", "-") or "nasional")


def _cooperatives_csv(request: HttpRequest, scope: Scope, *, suffix: str) -> HttpResponse:
    if scope.level != "regency":
        raise Http404(_("The cooperative list needs a regency."))
    cutoff = active_cutoff()
    url = page_url_builder(request)
    rows = (
        [
            row.cooperative.registry_id,
            row.cooperative.title,
            row.district.name if row.district else "",
            url(row.cooperative.url_path),
            int(row.has_activated_officer),
            int(bool(row.last_approved_publication_at and row.last_approved_publication_at >= cutoff)),
            row.last_approved_publication_at.isoformat() if row.last_approved_publication_at else "",
            row.pending_approvals,
            row.readiness_score,
        ]
        for row in cooperative_rows(scope=scope).iterator(chunk_size=2000)
    )
    return csv_response(filename=f"koperasi-{suffix}.csv", header=_COOPERATIVE_HEADER, rows=rows)


def _regions_csv(request: HttpRequest, scope: Scope, *, suffix: str) -> HttpResponse:
    figures = dashboard_figures(scope=scope)
    totals = {**figures["totals"], "code": scope.code, "name": scope.name}
    rows = [_region_cells(row) for row in figures["regions"]] + [_region_cells(totals)]
    return csv_response(filename=f"wilayah-{suffix}.csv", header=_REGION_HEADER, rows=rows)


def _agency_csv(request: HttpRequest, scope: Scope, *, suffix: str) -> HttpResponse:
    figures = dashboard_figures(scope=scope)
    statuses = list(AgencyStatus.values)

    def cells(code: str, name: str, applications: dict) -> list:
        return [code, name, *[applications[status] for status in statuses], applications["total"]]

    rows = [
        cells(row["code"], row["name"], row["agency_applications"])
        for row in figures["regions"]
        if "agency_applications" in row
    ]
    rows.append(cells(scope.code, scope.name, figures["agency_applications"]))
    return csv_response(filename=f"keagenan-{suffix}.csv", header=["code", "name", *statuses, "total"], rows=rows)


def _trend_csv(request: HttpRequest, scope: Scope, *, suffix: str) -> HttpResponse:
    figures = dashboard_figures(scope=scope)
    names = ["registered", "with_account", "active", "pending_approvals", "ready", "agency_applications"]
    rows = [[day["date"].isoformat(), *[day[name] for name in names]] for day in figures["trend"]]
    return csv_response(filename=f"tren-{suffix}.csv", header=["date", *names], rows=rows)


_CSV_TABLES = {
    "cooperatives": _cooperatives_csv,
    "regions": _regions_csv,
    "agency": _agency_csv,
    "trend": _trend_csv,
}


@require_GET
def readiness_explained(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboard/readiness.html",
        {"checklist": readiness.CHECKLIST, "ready_score": readiness.ready_score(), "bands": readiness.BANDS},
    )


@require_GET
@rate_limited
def bank_csv(request: HttpRequest) -> HttpResponse:
    """Ready cooperatives of a province or regency with links to their evidence."""
    scope = _scope_or_404(request)
    if scope.level == NATIONAL:
        return HttpResponseBadRequest(_("Choose a province or regency."), content_type="text/plain; charset=utf-8")
    header = [
        "registry_id",
        "name",
        "legal_entity_number",
        "province",
        "regency",
        "village_code",
        "readiness_score",
        "active",
        "last_approved_publication",
        "microsite",
        "board_of_officers",
        "articles_of_association",
        "annual_meeting_report",
        "financial_statement",
        "products",
        "facilitator_verified_at",
    ]
    return csv_response(
        filename=f"koperasi-siap-pembiayaan-{scope.code.replace('.', '-')}.csv",
        header=header,
        rows=bank_rows(scope=scope, request=request),
    )

"""Reads for the dashboard, the API, the bank CSV and the facilitator console.

National and regional figures are GROUP BY aggregates over ``CooperativeActivity``:
a fixed number of queries however many cooperatives exist.
"""

from .figures import dashboard_figures, figures_changed, region_listing_figures
from .lists import CONSOLE_VIEWS, bank_rows, console_rows, cooperative_rows, cooperatives_filter, readiness_for
from .scope import NATIONAL, Scope, UnknownRegion, active_cutoff, active_q, scope_resolve

__all__ = [
    "CONSOLE_VIEWS",
    "NATIONAL",
    "Scope",
    "UnknownRegion",
    "active_cutoff",
    "active_q",
    "bank_rows",
    "console_rows",
    "cooperative_rows",
    "cooperatives_filter",
    "dashboard_figures",
    "figures_changed",
    "readiness_for",
    "region_listing_figures",
    "scope_resolve",
]

"""Which public page shows each readiness item: one rule for the bank CSV and the API."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from cooperative_pages.models import GovernanceKind, GovernancePage, ProductIndexPage

# Readiness item -> the governance kind whose latest live page is its evidence.
GOVERNANCE_EVIDENCE = {
    "has_board": GovernanceKind.BOARD,
    "has_articles": GovernanceKind.ARTICLES,
    "has_recent_annual_meeting": GovernanceKind.ANNUAL_MEETING,
    "has_financial_statement": GovernanceKind.FINANCIAL_STATEMENT,
}
# Items shown by the cooperative's own page.
PROFILE_EVIDENCE = ("profile_complete", "has_legal_entity_number", "updates_regularly")


def evidence_pages(
    *, pages_q: Q, cooperative_length: int, url: Callable[[str], str | None]
) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """The URL of the latest live governance page of each evidence kind per (cooperative path,
    kind), and of each cooperative's product list, for the pages ``pages_q`` selects (two queries)."""
    governance: dict[tuple[str, str], str] = {}
    # Latest first, so the first page seen per cooperative and kind is the newest one.
    for path, kind, url_path in (
        GovernancePage.objects.live()
        .filter(pages_q, kind__in=GOVERNANCE_EVIDENCE.values())
        .order_by("-date", "-first_published_at")
        .values_list("path", "kind", "url_path")
    ):
        governance.setdefault((path[:cooperative_length], kind), url(url_path))
    products = {
        path[:cooperative_length]: url(url_path)
        # No ordering: ordered by path (Page's default), SQLite walks the whole page table on the
        # case-sensitive path index instead of the prefixes on kmp_page_path_nocase.
        for path, url_path in ProductIndexPage.objects.filter(pages_q).order_by().values_list("path", "url_path")
    }
    return governance, products


def item_evidence(
    *, field: str, cooperative_path: str, cooperative_url: str | None, governance, products
) -> str | None:
    if field in GOVERNANCE_EVIDENCE:
        return governance.get((cooperative_path, GOVERNANCE_EVIDENCE[field]))
    if field == "has_products":
        return products.get(cooperative_path)
    if field in PROFILE_EVIDENCE:
        return cooperative_url
    return None  # facilitator_verified: no public page

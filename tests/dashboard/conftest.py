"""Builders for dashboard tests: publications through the real national workflow."""

from __future__ import annotations

from datetime import datetime

import pytest
from wagtail.models import Page, PageLogEntry

from cooperative_pages.models import CooperativePage, GovernanceIndexPage, GovernancePage, NewsIndexPage, NewsPage


def submit(page: Page, officer) -> None:
    """The officer saves a draft and submits it to the national workflow."""
    page.save_revision(user=officer)
    page.get_workflow().start(page, officer)


def approve(page: Page, facilitator) -> None:
    """The facilitator approves the page's in-progress task (which publishes it)."""
    state = Page.objects.get(pk=page.pk).current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, facilitator, "approve")


def add_news(cooperative: CooperativePage, *, officer, facilitator=None, title: str = "Kabar koperasi") -> NewsPage:
    """An officer writes news; when ``facilitator`` is given it is approved (published)."""
    index = NewsIndexPage.objects.child_of(cooperative).get()
    page = NewsPage(title=title, live=False)
    index.add_child(instance=page)
    submit(page, officer)
    if facilitator is not None:
        approve(page, facilitator)
    return page


def add_governance(cooperative: CooperativePage, *, kind: str, document_date=None, year=None) -> GovernancePage:
    """A published governance page, as the system publishes it (no user: not activity)."""
    index = GovernanceIndexPage.objects.child_of(cooperative).get()
    page = GovernancePage(title=f"Dokumen {kind}", kind=kind, date=document_date, year=year)
    index.add_child(instance=page)
    page.save_revision().publish(skip_permission_checks=True)
    return page


def backdate_publications(cooperative: CooperativePage, when: datetime) -> None:
    """Move every user-made publish of the cooperative's tree to ``when``."""
    PageLogEntry.objects.filter(page__path__startswith=cooperative.path, action="wagtail.publish").update(
        timestamp=when
    )


@pytest.fixture(autouse=True)
def _fresh_figures_cache(fresh_cache):
    """Cached dashboard figures must not leak from one test's database into the next."""


@pytest.fixture
def workflow_people(portal):
    """A cooperative in Kab. Pacitan (35.01) with an officer and the regency's facilitator."""
    from tests.factories import make_cooperative, make_facilitator, make_officer

    cooperative = make_cooperative(village_code="35.01.01.2001")
    officer = make_officer("pengurus-a", cooperative)
    facilitator = make_facilitator("pendamping-a", "35.01")
    return cooperative, officer, facilitator

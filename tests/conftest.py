import pytest
from wagtail.models import Page

from cooperative_pages.services import portal_page, role_groups_ensure
from cooperative_pages.workflow import national_workflow_ensure


@pytest.fixture
def portal(db) -> Page:
    """The national portal with the national workflow and role groups, as after `seed_demo`."""
    page = portal_page()
    national_workflow_ensure(portal=page)
    role_groups_ensure()
    return page

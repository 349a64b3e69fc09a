import pytest


@pytest.fixture
def portal(db):
    """The national portal with the national workflow and role groups, as after `seed_demo`."""
    from cooperative_pages.services import portal_page, role_groups_ensure
    from cooperative_pages.workflow import national_workflow_ensure

    page = portal_page()
    national_workflow_ensure(portal=page)
    role_groups_ensure()
    return page

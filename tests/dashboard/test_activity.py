from datetime import timedelta

from django.utils import timezone

from dashboard.activity import activity_rebuild
from dashboard.models import CooperativeActivity
from tests.dashboard.conftest import add_news, backdate_publications, submit


def test_new_cooperative_is_registered_but_not_active(workflow_people):
    cooperative, _officer, _facilitator = workflow_people
    activity = CooperativeActivity.objects.get(cooperative=cooperative)
    assert activity.has_activated_officer is True
    assert activity.last_approved_publication_at is None
    assert activity.province_id == "35" and activity.regency_id == "35.01"


def test_submission_is_pending_until_approved_then_active(workflow_people):
    cooperative, officer, facilitator = workflow_people
    news = add_news(cooperative, officer=officer)
    activity = CooperativeActivity.objects.get(cooperative=cooperative)
    assert activity.pending_approvals == 1
    assert activity.oldest_pending_since is not None
    assert activity.last_approved_publication_at is None

    from tests.dashboard.conftest import approve

    approve(news, facilitator)
    activity.refresh_from_db()
    assert activity.pending_approvals == 0
    assert activity.oldest_pending_since is None
    assert activity.last_approved_publication_at is not None


def test_rebuild_matches_signal_maintained_rows(workflow_people):
    cooperative, officer, facilitator = workflow_people
    add_news(cooperative, officer=officer, facilitator=facilitator)
    add_news(cooperative, officer=officer, title="Menunggu")
    before = CooperativeActivity.objects.values().get(cooperative=cooperative)
    CooperativeActivity.objects.all().delete()
    assert activity_rebuild() == 1
    after = CooperativeActivity.objects.values().get(cooperative=cooperative)
    before.pop("refreshed_at"), after.pop("refreshed_at")
    assert before == after


def test_submission_alone_counts_no_activity(workflow_people):
    cooperative, officer, _facilitator = workflow_people
    page = add_news(cooperative, officer=officer)
    submit  # noqa: B018 - imported for the helper's documentation
    backdate_publications(cooperative, timezone.now() - timedelta(days=1))
    activity_rebuild()
    assert CooperativeActivity.objects.get(cooperative=cooperative).last_approved_publication_at is None
    assert page.live is False

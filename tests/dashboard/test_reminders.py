"""send_update_reminders: who gets what, and never twice a day."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from dashboard.models import ReminderLog
from dashboard.reminders import reminders_send
from tests.dashboard.conftest import add_news
from tests.factories import make_cooperative, make_facilitator, make_officer


def _run() -> str:
    out = io.StringIO()
    call_command("send_update_reminders", stdout=out)
    return out.getvalue()


def test_officers_of_stale_cooperatives_and_facilitator_digest(workflow_people):
    stale, stale_officer, facilitator = workflow_people
    active = make_cooperative(village_code="35.01.01.2002", name="Koperasi Rajin")
    active_officer = make_officer("pengurus-rajin", active)
    add_news(active, officer=active_officer, facilitator=facilitator)
    other_region = make_cooperative(village_code="33.01.01.2001", name="Koperasi Jateng")
    make_officer("pengurus-jateng", other_region)
    other_facilitator = make_facilitator("pendamping-jateng", "33")
    mail.outbox.clear()  # workflow notifications of the setup

    assert "2 officer reminders, 2 facilitator digests sent" in _run()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {
        stale_officer.email,
        "pengurus-jateng@example.id",
        facilitator.email,
        other_facilitator.email,
    }
    officer_mail = by_recipient[stale_officer.email]
    assert officer_mail.subject == "Pengingat: perbarui microsite koperasi Anda"
    assert stale.title in officer_mail.body and "30 hari" in officer_mail.body
    digest = by_recipient[facilitator.email].body
    assert stale.title in digest and "Koperasi Rajin" not in digest and "Koperasi Jateng" not in digest
    assert "Koperasi Jateng" in by_recipient[other_facilitator.email].body


def test_running_twice_the_same_day_sends_nothing_twice(workflow_people):
    _run()
    sent = len(mail.outbox)
    assert sent == 2
    assert "0 officer reminders, 0 facilitator digests sent" in _run()
    assert len(mail.outbox) == sent
    assert ReminderLog.objects.count() == 2


@override_settings(KMP={"ACTIVE_DAYS": 30, "REMINDER_INTERVAL_DAYS": 1})
def test_next_day_reminds_again(workflow_people):
    reminders_send()
    result = reminders_send(now=timezone.now() + timedelta(days=1))
    assert (result.officers, result.facilitators) == (1, 1)
    assert len(mail.outbox) == 4


def test_recently_updated_cooperative_gets_no_reminder(workflow_people):
    cooperative, officer, facilitator = workflow_people
    add_news(cooperative, officer=officer, facilitator=facilitator)
    mail.outbox.clear()
    assert "0 officer reminders, 0 facilitator digests sent" in _run()
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_PORT=1)
def test_failed_mail_releases_its_claim(workflow_people):
    result = reminders_send()
    assert len(result.failed) == 2
    assert not ReminderLog.objects.exists()

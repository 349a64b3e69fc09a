"""Workflow e-mails reach exactly the right people: a submission the facilitators
of the cooperative's region (any level), a decision the submitting officer."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from tests.factories import make_facilitator, make_officer, make_user

from .test_workflow_routing import NEW_TITLE, action_url, submit


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to + message.cc + message.bcc}


def _regional_cast(world):
    """Facilitators at every level of A's region, and some who must stay silent."""
    inside = {
        make_facilitator("pendamping_jatim", "35").email,
        world.facilitator_a.email,  # regency 35.01
        make_facilitator("pendamping_donorojo", "35.01.01").email,
    }
    make_facilitator("pendamping_ponorogo", "35.02")
    make_facilitator("pendamping_pringkuku", "35.01.02")
    make_user("admin_kedua", is_superuser=True, is_staff=True)
    make_officer("pengurus_a_kedua", world.a.cooperative)  # a second officer of A
    return inside


def test_submission_mails_exactly_the_regions_facilitators(world, client):
    inside = _regional_cast(world)
    mail.outbox.clear()
    submit(client, world.a)
    assert recipients() == inside
    assert all(NEW_TITLE in message.body or NEW_TITLE in message.subject for message in mail.outbox)


def test_submission_in_the_other_province_mails_only_its_facilitator(world, client):
    _regional_cast(world)
    mail.outbox.clear()
    submit(client, world.b, title="Beras Tambakreja Baru")
    assert recipients() == {world.facilitator_b.email}


def _decide(client, world, action: str, comment: str) -> None:
    """A's facilitator approves or rejects A's submission, with the whole regional cast around;
    only the mails of the decision stay in the outbox."""
    _regional_cast(world)
    task_state = submit(client, world.a)
    mail.outbox.clear()
    client.force_login(world.facilitator_a)
    client.post(action_url(world.a.product, action, task_state), {"comment": comment})


def test_approval_mails_only_the_submitting_officer(world, client):
    _decide(client, world, "approve", "Bagus")
    assert recipients() == {world.a.officer.email}


def test_rejection_mails_the_officer_with_the_comment(world, client):
    _decide(client, world, "reject", "Foto produk kurang jelas")
    assert recipients() == {world.a.officer.email}
    assert any("Foto produk kurang jelas" in message.body for message in mail.outbox)


def test_refused_actions_send_nothing(world, client):
    task_state = submit(client, world.a)
    mail.outbox.clear()
    for user in (world.facilitator_b, world.a.officer):
        client.force_login(user)
        client.post(action_url(world.a.product, "approve", task_state), {"comment": ""})
        client.post(action_url(world.a.product, "reject", task_state), {"comment": ""})
    assert mail.outbox == []


def test_saving_a_draft_sends_nothing(world, client):
    from .isolation import page_form_data

    mail.outbox.clear()
    client.force_login(world.a.officer)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[world.a.product.pk]),
        page_form_data(world.a.product, title="Draf saja"),
    )
    assert mail.outbox == []

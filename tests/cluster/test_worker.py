"""The database task queue and its worker (cluster.worker): work leaves the request, failures are
retried and shown to administrators, a task of a dead worker is taken over, e-mail is queued."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.images import get_image_model
from wagtail.models import Collection

from cluster.models import WorkerHeartbeat
from cluster.worker import recover_lost_tasks
from cooperative_pages.selectors import PUBLIC_IMAGE_SPECS
from search.tasks import engine_sync
from tests.cluster.conftest import run_worker
from tests.factories import make_cooperative, make_image, make_product, make_user

pytestmark = pytest.mark.django_db
# The worker runs as in production, closing connections between tasks (close_old_connections): on
# PostgreSQL that ends a test's enclosing transaction, so the tests that run it commit for real.
runs_worker = pytest.mark.django_db(transaction=True)


def test_publishing_leaves_the_engine_work_to_the_worker(portal, task_queue):
    task_queue.KMP = {**task_queue.KMP, "SEARCH_URL": "http://127.0.0.1:9", "SEARCH_TIMEOUT": 0.5}
    product = make_product(make_cooperative(), title="Madu Hutan")
    queued = DBTaskResult.objects.filter(task_path="search.tasks.engine_sync", status=TaskResultStatus.READY)
    assert [row.args_kwargs["args"] for row in queued] == [[[product.pk]]]


@runs_worker
def test_a_failing_task_is_retried_later_then_shown_as_failed_and_can_be_queued_again(client, task_queue):
    task_queue.KMP = {**task_queue.KMP, "SEARCH_URL": "http://127.0.0.1:9", "SEARCH_TIMEOUT": 0.5}
    engine_sync.enqueue([1, 2])
    admin = make_user("admin-nasional", is_superuser=True, is_staff=True)
    client.force_login(admin)
    for attempt in (1, 2):
        run_worker()
        row = DBTaskResult.objects.get()
        assert row.status == TaskResultStatus.READY and len(row.worker_ids) == attempt
        assert row.run_after > timezone.now() + timedelta(seconds=50)  # not before the retry delay
        assert row.exception_class_path == "search.backends.base.SearchBackendUnavailable"
        page = client.get("/admin/tugas/?show=retrying").content.decode()
        assert "engine_sync" in page and "SearchBackendUnavailable" in page
        DBTaskResult.objects.update(run_after=timezone.now())  # the delay has passed
    run_worker()
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.FAILED and len(row.worker_ids) == 3
    page = client.get("/admin/tugas/?show=failed").content.decode()
    assert "engine_sync" in page and "SearchBackendUnavailable" in page
    response = client.post(f"/admin/tugas/{row.pk}/ulangi/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and row.worker_ids == []


def test_the_task_list_is_for_administrators_only(client, task_queue):
    client.force_login(make_user("pendamping", is_staff=True))
    assert client.get("/admin/tugas/").status_code in (302, 403)


@runs_worker
def test_a_task_whose_worker_died_is_given_to_another_worker(task_queue):
    lost = engine_sync.enqueue([7]).db_result
    kept = engine_sync.enqueue([8]).db_result
    long_ago = timezone.now() - timedelta(minutes=5)
    WorkerHeartbeat.objects.create(worker_id="alive", hostname="node-b", pid=2, seen_at=timezone.now())
    DBTaskResult.objects.filter(pk=lost.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["dead"]
    )
    DBTaskResult.objects.filter(pk=kept.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["alive"]
    )
    assert recover_lost_tasks(lease_seconds=60, attempts=3) == 1
    lost.refresh_from_db()
    kept.refresh_from_db()
    assert lost.status == TaskResultStatus.READY and kept.status == TaskResultStatus.RUNNING
    run_worker()
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.SUCCESSFUL and lost.worker_ids[0] == "dead" and len(lost.worker_ids) == 2


def test_a_task_lost_too_often_fails_with_the_reason(task_queue):
    task = engine_sync.enqueue([9]).db_result
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=5), worker_ids=["a", "b", "c"]
    )
    assert recover_lost_tasks(lease_seconds=60, attempts=3) == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and task.exception_class_path == "cluster.worker.WorkerLost"


@runs_worker
def test_email_is_queued_and_delivered_by_the_worker(task_queue):
    message = mail.EmailMultiAlternatives("Pengingat", "Teks", "kmp@example.id", ["pengurus@example.id"])
    message.attach_alternative("<p>Teks</p>", "text/html")
    message.attach("laporan.csv", "a,b\n1,2\n", "text/csv")
    assert message.send() == 1
    assert mail.outbox == [] and DBTaskResult.objects.filter(task_path="cluster.mail.deliver_email").count() == 1
    run_worker()
    [delivered] = mail.outbox
    assert (delivered.subject, delivered.body, delivered.to) == ("Pengingat", "Teks", ["pengurus@example.id"])
    assert delivered.alternatives[0][0] == "<p>Teks</p>"
    assert delivered.attachments[0][0] == "laporan.csv" and delivered.attachments[0][1] == "a,b\n1,2\n"


@runs_worker
def test_an_undeliverable_email_is_retried(task_queue):
    task_queue.KMP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    task_queue.EMAIL_HOST, task_queue.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    mail.send_mail("Pengingat", "Teks", "kmp@example.id", ["pengurus@example.id"])
    run_worker()
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.READY and len(row.worker_ids) == 1 and "ConnectionRefused" in row.traceback


@runs_worker
def test_the_worker_makes_the_public_renditions_of_an_upload(task_queue):
    if not Collection.objects.exists():  # a transactional test starts without the migrations' rows
        Collection.add_root(name="Root")
    image = make_image()
    assert not image.renditions.exists()
    run_worker()
    made = set(get_image_model().objects.get(pk=image.pk).renditions.values_list("filter_spec", flat=True))
    assert made == set(PUBLIC_IMAGE_SPECS)


def test_inline_tasks_make_no_renditions_at_upload(db):
    assert not make_image().renditions.exists()

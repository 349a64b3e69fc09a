"""An import killed with SIGKILL in the middle and run again finishes the job: whole
batches only, no duplicate, orphan or half-created cooperative, a clean tree."""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

ROWS = 1200
CHECK = """
from django.db import connection
from wagtail.models import Collection, Page, PageLogEntry, Revision
from cooperative_pages.models import CooperativePage, GovernanceIndexPage, NewsIndexPage, ProductIndexPage
print("cooperatives", CooperativePage.objects.count(), CooperativePage.objects.values("registry_id").distinct().count())
for model in (ProductIndexPage, NewsIndexPage, GovernanceIndexPage):
    print(model.__name__, model.objects.count())
print("no-sections", CooperativePage.objects.filter(numchild=0).count())
print("page-problems", Page.find_problems())
print("collection-problems", Collection.find_problems())
print("collections", Collection.objects.filter(depth=3).count())
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM wagtailcore_page p LEFT JOIN cooperative_pages_cooperativepage c"
                   " ON c.page_ptr_id = p.id WHERE p.content_type_id = %s AND c.page_ptr_id IS NULL",
                   [CooperativePage().content_type_id])
    print("orphan-base-rows", cursor.fetchone()[0])
print("pages-without-revision", Page.objects.filter(depth__gte=5, live_revision__isnull=True).count())
print("revisions", Revision.page_revisions.filter(object_id__in=[str(pk) for pk in
      Page.objects.filter(depth__gte=5).values_list("pk", flat=True)]).count())
print("publish-log", PageLogEntry.objects.filter(action="wagtail.publish", page__depth__gte=5).count())
"""


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, **kwargs
    )


def test_import_killed_midway_resumes_without_damage(tmp_path):
    database = tmp_path / "resume.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "KMP_VAR_DIR": str(tmp_path),
    }
    assert manage(env, "migrate", "--noinput").returncode == 0
    assert manage(env, "load_regions").returncode == 0
    with sqlite3.connect(database) as db:
        villages = db.execute(
            "SELECT code, name FROM cooperative_pages_region WHERE level = 'village' AND code LIKE '33.%' "
            "ORDER BY code LIMIT ?",
            [ROWS],
        ).fetchall()
    registry = tmp_path / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["registry_id", "name", "village_code", "phone"])
        for number, (code, name) in enumerate(villages):
            writer.writerow([f"33{number:014d}", f"Koperasi Desa Merah Putih {name}", code, "081234560001"])

    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_cooperatives", str(registry), "--batch-size", "50"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    created = _wait_for_cooperatives(database, at_least=200, process=process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert created < ROWS, "the import finished before it could be killed"
    with sqlite3.connect(database) as db:
        after_kill = db.execute("SELECT count(*) FROM cooperative_pages_cooperativepage").fetchone()[0]
    assert 0 < after_kill < ROWS

    resumed = manage(env, "import_cooperatives", str(registry))
    assert resumed.returncode == 0, resumed.stderr
    assert f"{ROWS - after_kill} created, 0 updated, {after_kill} unchanged, 0 rejected" in resumed.stdout

    report = dict(
        line.split(" ", 1) for line in manage(env, "shell", "--verbosity", "0", "-c", CHECK).stdout.strip().splitlines()
    )
    assert report["cooperatives"] == f"{ROWS} {ROWS}"
    for model in ("ProductIndexPage", "NewsIndexPage", "GovernanceIndexPage"):
        assert report[model] == str(ROWS)
    assert report["no-sections"] == "0"
    assert report["page-problems"] == "([], [], [], [], [])"
    assert report["collection-problems"] == "([], [], [], [], [])"
    assert report["collections"] == str(ROWS)
    assert report["orphan-base-rows"] == "0"
    assert report["pages-without-revision"] == "0"
    assert report["revisions"] == str(ROWS * 4)
    assert report["publish-log"] == str(ROWS * 4)

    again = manage(env, "import_cooperatives", str(registry))
    assert f"0 created, 0 updated, {ROWS} unchanged" in again.stdout


def _wait_for_cooperatives(database: Path, *, at_least: int, process, timeout: float = 300) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the import ended before it could be killed"
        try:
            with sqlite3.connect(database, timeout=1) as db:
                count = db.execute("SELECT count(*) FROM cooperative_pages_cooperativepage").fetchone()[0]
        except sqlite3.OperationalError:
            count = 0
        if count >= at_least:
            return count
        time.sleep(0.05)
    raise AssertionError("the import did not progress")

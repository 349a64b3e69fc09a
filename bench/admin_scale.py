"""Admin screens (and the public microsite) in a small country and in the whole country:
``python bench/admin_scale.py [N] [--small 200] [--postgres URL] [--repeat 5] [--portal-repeat 100]``.

Builds a fresh database (temporary SQLite file, or a new database on the
PostgreSQL server of ``--postgres``) with every region, imports a small country of
``--small`` cooperatives, times the officer's, the facilitator's and the national
admin's admin screens, grows the country to N cooperatives (default 80,605, the
registry's size) through ``import_cooperatives`` and times the same screens again.
Prints p50 / max milliseconds and query counts, and the ratio big / small, of the wall-clock
time and of the process's CPU time (the test client, the views and SQLite run in this process, so
the CPU ratio is what grows with the country; the wall-clock one also holds the machine's load).

The screens are the ones FINDINGS.md measured growing with one group per
cooperative (the user edit page, the approval task form) and the ones an officer
and a facilitator open all day (explorer, editor, choosers, dashboard, review).

For the public face (issue 14) it also prints the portal home's p50/p95 over
``--portal-repeat`` requests, with the dashboard's figures cached (as visitors get them)
and recomputed before every request (the worst case, once a minute), and the time
and peak memory to generate the whole sitemap (the index and every file it lists).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Jawa Tengah: the province with the most villages, so its facilitator covers the most cooperatives.
FACILITATOR_PROVINCE = "33"
SUBMISSIONS_PER_STEP = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cooperatives", type=int, nargs="?", default=80_605)
    parser.add_argument("--small", type=int, default=200, help="cooperatives in the first (baseline) country")
    parser.add_argument("--postgres", help="postgres://… of a server; a fresh database is created on it")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--portal-repeat", type=int, default=100, help="requests for the portal home's p95")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    from bench.fresh_database import fresh_database

    with fresh_database(prefix="kmp-bench-admin", postgres=args.postgres, keep=args.keep) as workdir:
        run(args, workdir)


def run(args, workdir: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bench.onboarding import _write_registry
    from cooperative_pages.models import Region, RegionLevel

    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)

    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", "name"))
    rng = random.Random(20251128)
    rng.shuffle(villages)
    registry = workdir / "registry.csv"
    # One registry for both steps: the first --small rows, then all of them (rows already in are unchanged).
    _write_registry(registry, villages, args.cooperatives, rng)
    small_registry = workdir / "registry-small.csv"
    with registry.open(encoding="utf-8") as source, small_registry.open("w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            if number > args.small:
                break
            target.write(line)

    call_command("import_cooperatives", str(small_registry), verbosity=0)
    people = _people()
    _submit(people, count=SUBMISSIONS_PER_STEP, rng=rng)
    small = measure(people, repeat=args.repeat)
    small_public = measure_public(repeat=args.portal_repeat)
    small_size = _country()

    started = time.monotonic()
    call_command("import_cooperatives", str(registry), verbosity=0)
    print(f"grew the country in {time.monotonic() - started:.0f} s")
    _submit(people, count=SUBMISSIONS_PER_STEP, rng=rng)
    big = measure(people, repeat=args.repeat)
    big_public = measure_public(repeat=args.portal_repeat)
    big_size = _country()

    print(f"\nsmall: {small_size}\nbig:   {big_size}\n")
    print(
        f"{'screen':<44} {'small p50/max ms':>17} {'q':>4} {'big p50/max ms':>17} {'q':>4} {'p50 ratio':>9}"
        f" {'cpu ms small/big':>17} {'cpu ratio':>9}"
    )
    for name, (small_times, small_queries, small_cpu) in small.items():
        big_times, big_queries, big_cpu = big[name]
        ratio = statistics.median(big_times) / statistics.median(small_times)
        cpu_ratio = statistics.median(big_cpu) / statistics.median(small_cpu)
        cpu = f"{statistics.median(small_cpu):.1f} / {statistics.median(big_cpu):.1f}"
        print(
            f"{name:<44} {_ms(small_times):>17} {small_queries:>4} {_ms(big_times):>17} {big_queries:>4} {ratio:>8.2f}x"
            f" {cpu:>17} {cpu_ratio:>8.2f}x"
        )
    print(f"\n{'public face':<44} {'small':>24} {'big':>24}")
    for name, small_figure in small_public.items():
        print(f"{name:<44} {small_figure:>24} {big_public[name]:>24}")
    print(f"\nload average now {os.getloadavg()[0]:.1f}")


def _ms(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} / {max(times):.1f}"


def _country() -> str:
    from django.contrib.auth.models import Group
    from wagtail.models import Page, WorkflowState

    from cooperative_pages.models import CooperativePage

    return (
        f"{CooperativePage.objects.count():,} cooperatives, {Page.objects.count():,} pages, "
        f"{Group.objects.count()} groups, "
        f"{WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count()} submissions in progress"
    )


class _People:
    officer = facilitator = national_admin = superuser = None
    cooperative = None


def _people() -> _People:
    from django.contrib.auth import get_user_model

    from cooperative_pages import conf
    from cooperative_pages.models import CooperativePage, Region
    from cooperative_pages.services import facilitator_assign, officer_add, portal_page, role_groups_ensure
    from cooperative_pages.workflow import national_workflow_ensure

    User = get_user_model()
    national_workflow_ensure(portal=portal_page())
    groups = role_groups_ensure()
    people = _People()
    people.cooperative = CooperativePage.objects.filter(village__code__startswith=f"{FACILITATOR_PROVINCE}.").first()
    people.officer = User.objects.create_user("pengurus", password=None)
    officer_add(user=people.officer, cooperative=people.cooperative)
    _product(people.cooperative)
    people.facilitator = User.objects.create_user("pendamping", password=None)
    facilitator_assign(user=people.facilitator, region=Region.objects.get(code=FACILITATOR_PROVINCE))
    people.national_admin = User.objects.create_user("nasional", password=None)
    people.national_admin.groups.add(groups["NATIONAL_ADMIN_GROUP"])
    people.superuser = User.objects.create_superuser("admin", password=None)
    assert conf.get("NATIONAL_ADMIN_GROUP")
    return people


def _product(cooperative) -> None:
    """A live product of the officer's cooperative (the quick actions need one)."""
    from cooperative_pages.models import ProductIndexPage, ProductPage

    product = ProductPage(title="Beras Organik", price=15000, unit="kg", category="beras")
    ProductIndexPage.objects.child_of(cooperative).get().add_child(instance=product)
    product.save_revision().publish(skip_permission_checks=True)


def _submit(people: _People, *, count: int, rng: random.Random) -> None:
    """Profile changes waiting for approval: one by our officer, the rest by officers across the country."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Workflow, WorkflowState

    from cooperative_pages.models import CooperativePage
    from cooperative_pages.services import officer_add

    User = get_user_model()
    workflow = Workflow.objects.get(active=True)
    busy = set(
        WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).values_list("object_id", flat=True)
    )
    ids = list(CooperativePage.objects.values_list("pk", flat=True))
    chosen = [people.cooperative.pk] + rng.sample(ids, count)
    for pk in chosen:
        if str(pk) in busy:
            continue
        busy.add(str(pk))
        cooperative = CooperativePage.objects.get(pk=pk)
        officer = people.officer if pk == people.cooperative.pk else None
        if officer is None:
            officer = User.objects.create_user(f"pengurus{pk}", password=None)
            officer_add(user=officer, cooperative=cooperative)
        cooperative.description = "Profil diperbarui."
        cooperative.save_revision(user=officer)
        workflow.start(cooperative, officer)


def measure(people: _People, *, repeat: int) -> dict[str, tuple[list[float], int, list[float]]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from wagtail.models import TaskState

    from cooperative_pages.models import ProductIndexPage, ProductPage, RegionalApprovalTask

    cooperative = people.cooperative
    section = cooperative.get_children().first()
    products = ProductIndexPage.objects.child_of(cooperative).get()
    product = ProductPage.objects.child_of(products).first()
    task = RegionalApprovalTask.objects.get()
    state = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id=str(cooperative.pk)
    ).get()
    screens = {
        "visitor": {
            "microsite home": cooperative.url,
            "microsite products": section.url,
            "portal home": "/",
            "province page": cooperative.get_parent().get_parent().url,
            "regency page": cooperative.get_parent().url,
        },
        "officer": {
            "dashboard": reverse("wagtailadmin_home"),
            "explorer, own cooperative": reverse("wagtailadmin_explore", args=[cooperative.pk]),
            "explorer, own section": reverse("wagtailadmin_explore", args=[section.pk]),
            "editor, own cooperative": reverse("wagtailadmin_pages:edit", args=[cooperative.pk]),
            "page chooser": reverse("wagtailadmin_choose_page"),
            "image chooser": reverse("wagtailimages_chooser:choose"),
            "admin page search": reverse("wagtailadmin_pages:search") + "?q=koperasi",
            "workflow report": reverse("wagtailadmin_reports:workflow"),
            "new product form": reverse(
                "wagtailadmin_pages:add", args=["cooperative_pages", "productpage", products.pk]
            ),
            "product list": reverse("wagtailadmin_explore", args=[products.pk]),
            "quick price change": reverse("kmp_products:product_price", args=[product.pk]),
            "guide": reverse("kmp_guide"),
        },
        "facilitator": {
            "dashboard": reverse("wagtailadmin_home"),
            "review (workflow preview)": reverse(
                "wagtailadmin_pages:workflow_preview", args=[cooperative.pk, state.task_id]
            ),
            "approve form": reverse(
                "wagtailadmin_pages:collect_workflow_action_data", args=[cooperative.pk, "approve", state.pk]
            ),
            "approve modal (dashboard)": reverse(
                "wagtailadmin_pages:workflow_action", args=[cooperative.pk, "approve", state.pk]
            ),
            "facilitator console": reverse("dashboard_facilitator_console"),
        },
        "national_admin": {
            "dashboard": reverse("wagtailadmin_home"),
            "facilitator console": reverse("dashboard_facilitator_console"),
        },
        "superuser": {
            "user edit page (officer)": reverse("wagtailusers_users:edit", args=[people.officer.pk]),
            "approval task form": reverse("wagtailadmin_workflows:edit_task", args=[task.pk]),
            "workflow report": reverse("wagtailadmin_reports:workflow"),
            "workflow edit form": reverse("wagtailadmin_workflows:edit", args=[state.workflow_state.workflow_id]),
        },
    }
    results: dict[str, tuple[list[float], int, list[float]]] = {}
    for role, urls in screens.items():
        client = Client()
        if role != "visitor":
            client.force_login(getattr(people, role))
        for name, url in urls.items():
            response = client.get(url)  # warm-up: content types, renditions, site root paths
            assert response.status_code == 200, (role, name, response.status_code)
            times, cpu = [], []
            for _ in range(repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            results[f"{role}: {name}"] = (times, len(queries.captured_queries), cpu)
    return results


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_public(*, repeat: int) -> dict[str, str]:
    """The portal home's p50/p95 (figures cached, and recomputed every time) and a full sitemap generation."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dashboard.selectors import figures_changed

    client = Client()
    assert client.get("/").status_code == 200  # warm-up
    figures: dict[str, str] = {}
    for label, cold in (("portal home, figures cached", False), ("portal home, figures recomputed", True)):
        times, cpu = [], []
        for _ in range(repeat):
            if cold:
                figures_changed()
            started, cpu_started = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/").status_code == 200
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        figures[f"{label}: p50 / p95 ms (queries)"] = (
            f"{statistics.median(times):.1f} / {_percentile(times, 0.95):.1f} ({len(queries.captured_queries)})"
        )
        figures[f"{label}: CPU p50 / p95 ms"] = f"{statistics.median(cpu):.1f} / {_percentile(cpu, 0.95):.1f}"
    cache.clear()
    started = time.perf_counter()
    files, urls, largest = _generate_sitemap(client)
    seconds = time.perf_counter() - started
    cache.clear()
    tracemalloc.start()
    _generate_sitemap(client)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    figures["sitemap: files / URLs / largest file"] = f"{files} / {urls:,} / {largest:,}"
    figures["sitemap: whole generation s (peak MB)"] = f"{seconds:.1f} ({peak / 2**20:.0f})"
    return figures


def _generate_sitemap(client) -> tuple[int, int, int]:
    """Fetch /sitemap.xml and every file it lists: (files, URLs, URLs of the largest file)."""
    import re
    from urllib.parse import urlsplit

    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    counts = []
    for location in re.findall(r"<loc>([^<]+)</loc>", index.content.decode()):
        parts = urlsplit(location)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, location
        counts.append(sum(chunk.count(b"<url>") for chunk in response.streaming_content))
    return len(counts), sum(counts), max(counts)


if __name__ == "__main__":
    main()

"""Two web nodes on shared services, proved: ``python bench/cluster.py`` (exit 0 only when every check held).

Two nodes (gunicorn + task worker each, each with its own local folder, as two machines would
have) behind Debian's nginx (round robin, loopback), sharing PostgreSQL (psycopg pool), Redis
(cache; never-evicting counters), S3 (S3Proxy; renditions served by nginx from the bucket) and a
two-node OpenSearch. Every server is started by the ``site/`` scripts (already running ones are
reused, as in CI after bench/load.py). Phases:

1. an officer uploads a photo and submits a product through node A; the facilitator approves it
   through node B; both nodes serve the product, its photo's renditions, and find it by search;
2. login throttling and the anonymous API limit hold across nodes (per client for the cluster);
3. the daily jobs ran once for the cluster although both workers claimed them;
4. node A is killed (web and worker) in the middle of a 50-client load: only requests in flight
   then fail; the task A's worker was running is retried by B's; no task is left undone;
5. OpenSearch node 2 is stopped in the middle of a search load: 0 degraded answers, 0 5xx; a
   publish meanwhile is indexed, and reaches node 2 when it is back.

    .venv/bin/python bench/cluster.py [--duration 20] [--clients 50]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.cluster_nodes import ROOT, Node  # noqa: E402
from bench.load import Load, log, manage, site, summary  # noqa: E402

PRODUCT = f"Keripik Singkong Klaster {secrets.randbelow(10**6)}"
WORD = PRODUCT.split()[-1]
IDS = """
import json
from cooperative_pages.models import CooperativePage, ProductIndexPage
coop = CooperativePage.objects.get(title__contains="Widoro")
print(json.dumps({"index_id": ProductIndexPage.objects.child_of(coop).get().pk}))
"""


def free_ports(count: int) -> list[int]:
    ports = []
    for _ in range(count):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    return ports


def sql(url: str, query: str, *params) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def wait_for(what: str, check, *, seconds: float = 90, every: float = 1.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise TimeoutError(f"{what}: not after {seconds:.0f} s")


class Cluster:
    def __init__(self, args):
        self.args = args
        self.failures: list[str] = []
        self.folder = Path(os.environ.get("KMP_CLUSTER_DIR", Path(tempfile.gettempdir()) / "kmp-cluster"))

    def check(self, ok: bool, what: str) -> None:
        print(("  ok   " if ok else "  FAIL ") + what, flush=True)
        if not ok:
            self.failures.append(what)

    # -- set-up --------------------------------------------------------------------------
    def services(self) -> dict:
        os.environ["OPENSEARCH_NODES"] = "2"
        # A bucket of this run's own (site/s3.sh creates it): media_to_s3 meets no file of an earlier run.
        os.environ["S3_BUCKET"] = f"kmp-cluster-{secrets.token_hex(4)}"
        log("services: PostgreSQL, Redis, S3 (S3Proxy), OpenSearch (two nodes) via site/ scripts")
        for script in ("postgres", "redis", "s3", "opensearch"):
            site(script, "start")
        s3 = dict(line.split("=", 1) for line in site("s3", "env").splitlines())
        self.database_url = site("postgres", "url").rsplit("/", 1)[0] + "/kmp_cluster"
        self.search_url = site("opensearch", "url")
        self.nginx_port = int(os.environ.get("NGINX_PORT", "8180"))
        self.emails = self.folder / "mail"
        self.emails.mkdir(parents=True, exist_ok=True)
        public = f"http://127.0.0.1:{self.nginx_port}/media"
        keep = ("DJANGO_", "DATABASE_URL", "SEARCH_URL", "REDIS_", "KMP_")
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(keep)},
            **s3,
            "DJANGO_SETTINGS_MODULE": "bench.cluster_settings",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "DATABASE_POOL_MAX_SIZE": "2",  # gunicorn's threads per worker (site/gunicorn.conf.py)
            "SEARCH_URL": self.search_url,
            "REDIS_URL": site("redis", "url"),
            "REDIS_COUNTERS_URL": subprocess.run(
                ["bash", "site/redis.sh", "url", "counters"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip(),
            "DJANGO_MEDIA_PUBLIC_URL": public,
            "DJANGO_CSP_IMG_SRC": public,
            "DJANGO_NUM_PROXIES": "2",
            "DJANGO_TASKS_BACKEND": "database",
            "KMP_SCHEDULE_TIMES": "rebuild_activity=00:00,snapshot_activity=00:00,send_update_reminders=00:00",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "KMP_EMAIL_FILE_PATH": str(self.emails),
            # The release's static files, the same on every machine (collected once here).
            "DJANGO_STATIC_ROOT": str(self.folder / "static"),
            "GUNICORN_WORKERS": "2",
            "GUNICORN_MAX_REQUESTS": "0",
        }

    def prepare(self) -> None:
        for name in ("node-a", "node-b", "mail"):
            shutil.rmtree(self.folder / name, ignore_errors=True)
        env = self.services()
        inline = {**env, "DJANGO_TASKS_BACKEND": "immediate"}
        started = time.monotonic()
        admin_url = site("postgres", "url")
        if self.args.reuse and sql(admin_url, "SELECT 1 FROM pg_database WHERE datname = 'kmp_cluster'"):
            log("reusing the database kmp_cluster of an earlier run (--reuse)")
            for table in ("django_tasks_database_dbtaskresult", "cluster_scheduledrun", "dashboard_reminderlog"):
                sql(self.database_url, f"DELETE FROM {table}")  # noqa: S608 (table names written here)
        else:
            self.fresh_database(admin_url, inline)
        if not (Path(env["DJANGO_STATIC_ROOT"]) / "staticfiles.json").exists():
            manage(inline, "collectstatic", "--noinput")
        manage(inline, "search_rebuild")
        out = subprocess.run(
            [sys.executable, "manage.py", "shell"], cwd=ROOT, env=inline, input=IDS, capture_output=True, text=True
        )
        self.ids = json.loads(out.stdout.strip().splitlines()[-1])
        log(f"data ready in {time.monotonic() - started:.0f} s")
        ports = free_ports(2)
        self.nodes = [
            Node(name, port, env, self.folder / name) for name, port in zip(("node-a", "node-b"), ports, strict=True)
        ]
        s3 = dict(line.split("=", 1) for line in site("s3", "env").splitlines())
        os.environ.update(
            NGINX_PORT=str(self.nginx_port),
            NGINX_UPSTREAMS=" ".join(f"127.0.0.1:{port}" for port in ports),
            NGINX_MEDIA=f"{s3['DJANGO_MEDIA_S3_ENDPOINT_URL']}/{s3['DJANGO_MEDIA_S3_BUCKET']}",
        )
        site("nginx", "start")
        self.base = f"http://127.0.0.1:{self.nginx_port}"
        self.worker_args = ("--lease-seconds", "8", "--retry-seconds", "5", "--interval", "0.5")
        for node in self.nodes:
            node.start(worker_args=self.worker_args)
        log(f"nodes {[n.url for n in self.nodes]} behind nginx {self.base}")

    def fresh_database(self, admin_url: str, inline: dict) -> None:
        sql(admin_url, "DROP DATABASE IF EXISTS kmp_cluster WITH (FORCE)")
        bench_media = Path(os.environ.get("KMP_BENCH_DIR", Path(tempfile.gettempdir()) / "kmp-bench")) / "media"
        if sql(admin_url, "SELECT 1 FROM pg_database WHERE datname = 'kmp_bench'") and bench_media.is_dir():
            # After bench/load.py (as in CI): its database and media, moved into the bucket by media_to_s3.
            log("database copied from bench/load.py's kmp_bench; its media moved into the bucket (media_to_s3)")
            sql(admin_url, "CREATE DATABASE kmp_cluster TEMPLATE kmp_bench")
            manage(inline, "migrate", "--noinput")
            manage(inline, "media_to_s3", "--source", str(bench_media), "--verbosity", "0")
        else:
            log("migrate, seed_demo (photos straight into the bucket)")
            sql(admin_url, "CREATE DATABASE kmp_cluster")
            manage(inline, "migrate", "--noinput")
            manage(inline, "seed_demo", "--allow-production")

    # -- phases ----------------------------------------------------------------------------
    def journey(self) -> None:
        from bench.cluster_journey import facilitator_approves, officer_submits, served_everywhere

        a, b = self.nodes
        print("\n== 1. officer on node A, facilitator on node B, buyers on both")
        page_id = officer_submits(self, a, PRODUCT)
        facilitator_approves(self, b, page_id)
        self.product_url = served_everywhere(self, PRODUCT, WORD)
        rows = sql(
            self.database_url,
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = %s",
            "cooperative_pages.tasks.renditions_prepare",
        )
        self.check(rows == [("SUCCESSFUL",)], f"the photo's public renditions were made by a worker: {rows}")

    def limits(self) -> None:
        from bench.cluster_journey import api_limit_across_nodes, login_throttle_across_nodes

        print("\n== 2. limits per client for the whole cluster")
        api_limit_across_nodes(self)
        login_throttle_across_nodes(self)

    def schedule(self) -> None:
        print("\n== 3. daily jobs: both workers claimed them, each ran once")
        jobs = ("rebuild_activity", "snapshot_activity", "send_update_reminders")

        def done():
            rows = sql(
                self.database_url,
                "SELECT task_path, status FROM django_tasks_database_dbtaskresult "
                "WHERE task_path LIKE 'dashboard.tasks.%%'",
            )
            return rows if len(rows) >= 3 and all(status == "SUCCESSFUL" for _, status in rows) else None

        rows = wait_for("the daily jobs", done, seconds=120)
        runs = sql(self.database_url, "SELECT job, claimed_by FROM cluster_scheduledrun ORDER BY job")
        self.check(sorted(job for job, _ in runs) == sorted(jobs), f"one claim per job today: {runs}")
        self.check(len(rows) == 3, f"one task per job: {sorted(path for path, _ in rows)}")
        recipients: dict[tuple[str, str], int] = {}
        wait_for("the reminder e-mails", lambda: list(self.emails.glob("*.log")), seconds=60)
        time.sleep(2)
        for path in self.emails.glob("*.log"):
            head = {
                line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in path.read_text().splitlines() if ": " in line
            }
            key = (head.get("To", ""), head.get("Subject", "")[:20])
            recipients[key] = recipients.get(key, 0) + 1
        twice = {key: n for key, n in recipients.items() if n > 1}
        self.check(bool(recipients) and not twice, f"{len(recipients)} reminder e-mails, none twice: {twice}")

    def kill_under_load(self) -> None:
        a, b = self.nodes
        print(f"\n== 4. node A killed in the middle of a {self.args.clients}-client load")
        targets = self.targets()
        b.signal("worker", signal.SIGSTOP)  # so that A's worker takes the long task
        hold = 3 + self.args.duration / 2 + 15  # still running when A is killed
        manage(a.env, "shell", "-c", f"from cluster.tasks import hold; hold.enqueue({hold}, 'cut-off-with-node-a')")
        running = wait_for(
            "A's worker running the long task",
            lambda: sql(
                self.database_url,
                "SELECT id, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = 'cluster.tasks.hold' "
                "AND status = 'RUNNING'",
            ),
            seconds=30,
            every=0.2,
        )
        b.signal("worker", signal.SIGCONT)
        task_id = running[0][0]
        with Load(base=self.base, clients=self.args.clients, targets=targets, forwarded=True) as load:
            time.sleep(3)
            t0 = time.monotonic()
            time.sleep(self.args.duration / 2)
            t_kill = time.monotonic()
            a.kill()
            state = sql(
                self.database_url, "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", task_id
            )
            log(f"node A killed (gunicorn and worker, SIGKILL); the long task it was running: {state[0][0]}")
            time.sleep(self.args.duration / 2)
            t1 = time.monotonic()
            time.sleep(2)
        samples = load.window(t0, t1)
        summary("node A killed mid-load", samples, t1 - t0)
        errors = [s for s in samples if s.status == 0 or s.status >= 500]
        in_flight = [s for s in samples if s.started <= t_kill <= s.started + s.seconds]
        late = [s for s in errors if s.started > t_kill]
        print(f"in flight when A died: {len(in_flight)}; failed: {len(errors)}, of which started after: {len(late)}")
        self.check(not late and len(errors) <= len(in_flight), "only requests in flight on A failed")
        self.check(len(samples) > 100, f"the load went on: {len(samples)} requests")
        task = wait_for(
            "the cut-off task retried by B's worker",
            lambda: sql(
                self.database_url,
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                "WHERE id = %s AND status NOT IN ('RUNNING', 'READY')",
                task_id,
            ),
            seconds=60,
        )[0]
        workers = task[1]
        self.check(
            task[0] == "SUCCESSFUL" and workers[0].startswith("node-a") and workers[-1].startswith("node-b"),
            f"the task cut off with A was retried by B: {task}",
        )
        a.start(worker_args=self.worker_args)
        self.check(
            self.officer.logged_in, "the officer's session from before the kill still holds on the restarted node A"
        )
        left = wait_for(
            "every queued task done",
            lambda: (
                sql(
                    self.database_url, "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
                )
                if not sql(
                    self.database_url,
                    "SELECT 1 FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')",
                )
                else None
            ),
            seconds=90,
        )
        self.check(dict(left).keys() == {"SUCCESSFUL"}, f"no task lost or failed: {dict(left)}")

    def opensearch_node_down(self) -> None:
        from bench.cluster_journey import SearchLoad, publish_rename, replica_has

        print(f"\n== 5. OpenSearch node 2 stopped in the middle of a {self.args.clients}-client search load")
        with SearchLoad(base=self.base, clients=self.args.clients, targets={}, forwarded=True) as load:
            time.sleep(3)
            t0 = time.monotonic()
            time.sleep(self.args.duration / 3)
            subprocess.run(["bash", "site/opensearch.sh", "stop-node", "2"], cwd=ROOT, check=True, capture_output=True)
            t_stop = time.monotonic()
            renamed = publish_rename(self, PRODUCT)
            time.sleep(max(1.0, self.args.duration * 2 / 3 - (time.monotonic() - t_stop)))
            t1 = time.monotonic()
        samples = load.window(t0, t1)
        summary("OpenSearch node 2 stopped mid-load", samples, t1 - t0)
        down = [s for s in samples if s.started >= t_stop]
        degraded = sum(1 for s in samples if s.degraded)
        errors = [s for s in samples if s.status == 0 or s.status >= 500]
        self.check(len(down) > 50, f"{len(down)} searches while node 2 was down")
        self.check(degraded == 0 and not errors, f"0 degraded, 0 5xx: {degraded} degraded, {len(errors)} 5xx")
        subprocess.run(["bash", "site/opensearch.sh", "start-node", "2"], cwd=ROOT, check=True, capture_output=True)
        self.check(replica_has(self, renamed), "the publish made while node 2 was down reached it when it returned")

    def targets(self) -> dict:
        cooperatives = httpx.get(self.base + "/api/cooperatives/?page_size=100", timeout=30).json()
        products = httpx.get(self.base + "/api/marketplace/products/?page_size=50", timeout=30).json()
        return {
            "cooperatives": [httpx.URL(i["url"]).path for i in cooperatives["results"] if i.get("url")],
            "products": [httpx.URL(i["url"]).path for i in products["results"]],
        }

    def stop(self) -> None:
        for node in getattr(self, "nodes", []):
            node.stop()
        subprocess.run(["bash", "site/nginx.sh", "stop"], cwd=ROOT, capture_output=True)
        for node in getattr(self, "nodes", []):
            for role in ("web", "worker"):
                path = node.folder / f"{role}.log"
                lines = path.read_text(errors="replace").count("Traceback") if path.exists() else 0
                print(f"{node.name} {role} log: {node.folder / (role + '.log')} ({lines} tracebacks)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds of each load phase (default 20)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run (development)")
    args = parser.parse_args()
    random.seed(11)
    cluster = Cluster(args)
    started = time.monotonic()
    try:
        cluster.prepare()
        for phase in (cluster.journey, cluster.limits, cluster.schedule, cluster.kill_under_load):
            phase()
        cluster.opensearch_node_down()
    finally:
        cluster.stop()
    print(f"\nRESULT ({time.monotonic() - started:.0f} s):", "all checks passed" if not cluster.failures else "FAILED")
    for failure in cluster.failures:
        print("  -", failure)
    return 1 if cluster.failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Load and faults on the production stack, loopback only and bounded in time.

gunicorn (2 workers, ``site/gunicorn.conf.py``) on PostgreSQL and OpenSearch (started with
the ``site/`` scripts), a database of its own (``kmp_bench``) with the demo data and
generated products. 50 client threads (httpx) mix storefront, search, cooperative pages
and the APIs (each request from another buyer address, ``X-Forwarded-For``), in four phases:

1. steady load for ``--duration`` seconds: errors, p50/p95 per kind of request;
2. OpenSearch stopped: no 5xx, the marketplace answers from the database and says so;
3. OpenSearch started again: results come from the engine again;
4. PostgreSQL stopped for a few seconds and started: requests fail fast with 503 +
   Retry-After (no 500, no hang), then succeed again without restarting gunicorn.

Prints the figures; exits non-zero when a correctness check fails (never on timings).

    .venv/bin/python bench/load.py [--duration 60] [--clients 50] [--products 300]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_VARIABLES = ("DJANGO_", "DATABASE_URL", "SEARCH_URL", "REDIS_")  # the run sets its own
SEARCH_WORDS = ["beras", "kopi", "madu", "gula", "keripik", "pupuk", "ikan", "telur", "jual", "organik"]

GENERATE_PRODUCTS = """
import random
from cooperative_pages.models import CooperativePage, ProductIndexPage, ProductPage, ProductCategory
random.seed(7)
words = ["Beras", "Kopi", "Madu", "Gula Aren", "Keripik", "Pupuk", "Ikan Asin", "Telur", "Teh", "Sambal"]
kinds = ["Organik", "Premium", "Desa", "Murni", "Pedas", "Segar", "Kering", "Super"]
categories = [value for value, _label in ProductCategory.choices]
indexes = list(ProductIndexPage.objects.all())
count = int(COUNT)
for number in range(count):
    index = indexes[number % len(indexes)]
    product = ProductPage(
        title=f"{random.choice(words)} {random.choice(kinds)} {number}",
        description="Produk desa untuk uji beban, dijual oleh koperasi.",
        price=random.randrange(5000, 200000, 500),
        unit="kg",
        category=random.choice(categories),
        available=number % 5 != 0,
    )
    index.add_child(instance=product)
    product.save_revision().publish(skip_permission_checks=True)
print(count, "products")
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def site(script: str, command: str) -> str:
    result = subprocess.run(
        ["bash", f"site/{script}.sh", command], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def manage(env: dict, *args: str, stdin: str | None = None) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
    )
    if result.returncode:
        print(result.stdout[-2000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        result.check_returncode()


@dataclass
class Sample:
    started: float
    kind: str
    status: int  # 0: no response (exception)
    seconds: float
    error: str = ""
    degraded: bool | None = None
    retry_after: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == 0 or self.status >= 400


@dataclass
class Load:
    base: str
    clients: int
    targets: dict[str, list[str]]
    samples: list[Sample] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    # Each request from another buyer's address (X-Forwarded-For), as behind a CDN (bench/cluster.py).
    forwarded: bool = False

    MIX = [
        ("storefront", 3),
        ("search", 3),
        ("filter", 1),
        ("cooperative", 3),
        ("product", 2),
        ("api_marketplace", 3),
        ("api_autocomplete", 1),
        ("api_cooperatives", 1),
        ("api_products", 1),
    ]

    def url(self, rng: random.Random) -> tuple[str, str]:
        kind = rng.choices([k for k, _ in self.MIX], weights=[w for _, w in self.MIX])[0]
        word = rng.choice(SEARCH_WORDS)
        if kind == "storefront":
            return kind, f"/marketplace/?page={rng.randint(1, 3)}"
        if kind == "search":
            return kind, f"/marketplace/?q={word}"
        if kind == "filter":
            return kind, f"/marketplace/?q={word}&province={rng.choice(['35', '33', '52'])}&sort=price"
        if kind == "cooperative":
            return kind, rng.choice(self.targets["cooperatives"])
        if kind == "product":
            return kind, rng.choice(self.targets["products"])
        if kind == "api_marketplace":
            return kind, f"/api/marketplace/products/?q={word}"
        if kind == "api_autocomplete":
            return kind, f"/api/marketplace/autocomplete/?q={word[:3]}"
        if kind == "api_cooperatives":
            return kind, "/api/cooperatives/"
        return kind, "/api/products/"

    def client_loop(self, seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=self.base, timeout=15.0) as client:
            while not self.stop.is_set():
                kind, url = self.url(rng)
                started = time.monotonic()
                try:
                    headers = {
                        "X-Forwarded-For": f"10.{rng.randrange(1, 250)}.{rng.randrange(256)}.{rng.randrange(256)}"
                    }
                    response = client.get(url, headers=headers if self.forwarded else None)
                except httpx.HTTPError as error:
                    self.samples.append(Sample(started, kind, 0, time.monotonic() - started, type(error).__name__))
                    time.sleep(0.05)
                    continue
                seconds = time.monotonic() - started
                degraded = None
                if response.status_code == 200 and kind.startswith("api_marketplace"):
                    degraded = response.json().get("degraded")
                elif response.status_code == 200 and kind in ("storefront", "search", "filter"):
                    degraded = "mp-degraded" in response.text
                self.samples.append(
                    Sample(
                        started, kind, response.status_code, seconds, "", degraded, response.headers.get("retry-after")
                    )
                )

    def __enter__(self) -> Load:
        self.threads = [threading.Thread(target=self.client_loop, args=(n,), daemon=True) for n in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def window(self, start: float, end: float) -> list[Sample]:
        return [s for s in list(self.samples) if start <= s.started < end]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(title: str, samples: list[Sample], seconds: float) -> None:
    print(f"\n== {title}: {len(samples)} requests in {seconds:.1f} s ({len(samples) / max(seconds, 0.001):.0f}/s)")
    print(f"{'kind':<18}{'n':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    kinds = sorted({s.kind for s in samples})
    for kind in [*kinds, "ALL"]:
        rows = samples if kind == "ALL" else [s for s in samples if s.kind == kind]
        times = [s.seconds * 1000 for s in rows]
        errors = sum(1 for s in rows if s.failed)
        print(
            f"{kind:<18}{len(rows):>7}{errors:>8}{percentile(times, 0.5):>9.0f}"
            f"{percentile(times, 0.95):>9.0f}{max(times, default=0):>9.0f}"
        )
    statuses: dict[str, int] = {}
    for s in samples:
        key = str(s.status) if s.status else s.error
        statuses[key] = statuses.get(key, 0) + 1
    print("statuses:", dict(sorted(statuses.items())))


def phase_failures(title: str, samples: list[Sample], seconds: float, *, label: str) -> list[str]:
    """The phase's summary printed; a failure line (``label: N errors``) when any request failed."""
    summary(title, samples, seconds)
    errors = sum(1 for s in samples if s.failed)
    return [f"{label}: {errors} errors"] if errors else []


def print_tracebacks(path: Path, *, shown: int = 3) -> None:
    """How many tracebacks gunicorn logged, and the first few in full (CI keeps only this output)."""
    lines = path.read_text().splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
    print(f"\ngunicorn log: {path} ({len(starts)} tracebacks)")
    for start in starts[:shown]:
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
            end += 1
        print("\n".join(lines[max(0, start - 1) : end + 1]))


def start_gunicorn(*, env: dict, port: int, workers: int, max_requests: int, log_path: Path) -> subprocess.Popen:
    """gunicorn (site/gunicorn.conf.py) on a loopback port, answering /marketplace/ when this returns."""
    with open(log_path, "a") as log_file:
        gunicorn = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "site/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(workers),
                "GUNICORN_MAX_REQUESTS": str(max_requests),
            },
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    for _ in range(200):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/marketplace/", timeout=5).status_code == 200:
                return gunicorn
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


def stop_gunicorn(gunicorn: subprocess.Popen) -> None:
    os.killpg(gunicorn.pid, signal.SIGTERM)
    try:
        gunicorn.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(gunicorn.pid, signal.SIGKILL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of steady load (default 60)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--products", type=int, default=300, help="generated products on top of the demo data")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--max-requests",
        type=int,
        default=400,
        help="gunicorn recycles a worker after about this many requests (default 400, production 2000), "
        "so every phase also meets freshly started workers and their first, concurrent requests",
    )
    args = parser.parse_args()
    fault_window = max(8.0, min(20.0, args.duration / 3))
    failures: list[str] = []

    log("starting PostgreSQL, OpenSearch and Redis (site/ scripts)")
    site("postgres", "start")
    site("opensearch", "start")
    site("redis", "start")
    database_url = recreate_database(site("postgres", "url"), "kmp_bench")
    var_dir = Path(os.environ.get("KMP_BENCH_DIR", Path(tempfile.gettempdir()) / "kmp-bench"))
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(SERVER_VARIABLES)},
        # bench/ is a namespace package under ROOT; putting bench/ itself on the path would
        # let bench/dashboard.py shadow the dashboard app.
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SEARCH_URL": site("opensearch", "url"),
        "KMP_VAR_DIR": str(var_dir),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # One Redis for both workers (search counts, rate limits); the page cache is off until
        # the cached phase (bench/load_cache.py) measures what it adds.
        "REDIS_URL": site("redis", "url"),
        "KMP_PAGE_CACHE_SECONDS": "0",
        # Each request comes from another buyer's address (X-Forwarded-For, as behind a proxy), so the
        # rate limit keeps a window per buyer as in production, not one 127.0.0.1 window holding every
        # request of the last minute (thousands of timestamps read and written on each request).
        "DJANGO_NUM_PROXIES": "1",
    }
    started = time.monotonic()
    log("migrate, seed_demo, collectstatic")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--allow-production")  # production settings, a throwaway database
    manage(env, "collectstatic", "--noinput")
    log(f"generating {args.products} products")
    manage(env, "shell", stdin=GENERATE_PRODUCTS.replace("int(COUNT)", str(args.products)))
    manage(env, "search_rebuild")
    log(f"data ready in {time.monotonic() - started:.0f} s")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (var_dir / "gunicorn.log").write_text("")
    gunicorn = start_gunicorn(
        env=env, port=port, workers=args.workers, max_requests=args.max_requests, log_path=var_dir / "gunicorn.log"
    )
    try:
        cooperatives = httpx.get(base + "/api/cooperatives/?page_size=100", timeout=30).json()
        products = httpx.get(base + "/api/marketplace/products/?page_size=50", timeout=30).json()
        targets = {
            "cooperatives": [httpx.URL(item["url"]).path for item in cooperatives["results"] if item.get("url")],
            "products": [httpx.URL(item["url"]).path for item in products["results"]],
        }
        log(
            f"gunicorn: {args.workers} workers on {base}; {len(targets['cooperatives'])} cooperative pages, "
            f"{products['count']} products; {args.clients} clients"
        )
        assert targets["cooperatives"] and targets["products"], targets

        with Load(base=base, clients=args.clients, targets=targets, forwarded=True) as load:
            time.sleep(3)  # warm-up, not counted
            t0 = time.monotonic()
            time.sleep(args.duration)
            t1 = time.monotonic()
            steady = load.window(t0, t1)
            failures += phase_failures("steady load", steady, t1 - t0, label="steady load")
            if any(s.degraded for s in steady):
                failures.append("steady load: marketplace degraded while the engine was up")

            log("stopping OpenSearch")
            site("opensearch", "stop")
            t2 = time.monotonic()
            time.sleep(fault_window)
            t3 = time.monotonic()
            down = load.window(t2, t3)
            summary("OpenSearch stopped", down, t3 - t2)
            market = [s for s in down if s.degraded is not None]
            degraded = sum(1 for s in market if s.degraded)
            print(f"marketplace answers marked degraded (from the database): {degraded} of {len(market)}")
            server_errors = [s for s in down if s.status >= 500 or s.status == 0]
            if server_errors:
                failures.append(f"OpenSearch stopped: {len(server_errors)} 5xx/no answer")
            if not market or degraded < len(market) * 0.9:
                failures.append("OpenSearch stopped: the marketplace did not say it is degraded")

            log("starting OpenSearch again")
            site("opensearch", "start")
            t4 = time.monotonic()
            log(f"OpenSearch up after {t4 - t3:.1f} s")
            time.sleep(fault_window)
            t5 = time.monotonic()
            back = load.window(t4 + 2, t5)
            summary("OpenSearch back", load.window(t3, t5), t5 - t3)
            market = [s for s in back if s.degraded is not None]
            from_engine = sum(1 for s in market if s.degraded is False)
            print(
                f"marketplace answers from the engine again (from 2 s after it was up): {from_engine} of {len(market)}"
            )
            if not market or from_engine < len(market):
                failures.append("OpenSearch back: some answers still came from the database")
            if [s for s in load.window(t3, t5) if s.status >= 500 or s.status == 0]:
                failures.append("OpenSearch restart: 5xx/no answer")

            log("stopping PostgreSQL for 5 s")
            t6 = time.monotonic()
            site("postgres", "stop")
            t_stopped = time.monotonic()
            time.sleep(5)
            site("postgres", "start")
            t_started = time.monotonic()
            log(f"PostgreSQL down {t_stopped - t6:.1f}–{t_started - t6:.1f} s into the phase")
            time.sleep(fault_window)
            t7 = time.monotonic()
            fault = load.window(t6, t7)
            summary("PostgreSQL restart", fault, t7 - t6)
            during = load.window(t_stopped, t_started)
            unavailable = [s for s in fault if s.status == 503]
            bad = [s for s in fault if s.status >= 500 and s.status != 503 or s.status == 0]
            without_retry = [s for s in unavailable if not s.retry_after]
            print(
                f"while down: {len(during)} requests, {sum(1 for s in during if s.status == 503)} answered 503; "
                f"503 p95 {percentile([s.seconds * 1000 for s in unavailable], 0.95):.0f} ms, "
                f"max {max((s.seconds * 1000 for s in unavailable), default=0):.0f} ms; "
                f"{len(bad)} other 5xx/no answer; {len(without_retry)} 503 without Retry-After"
            )
            after = [s for s in fault if s.started >= t_started]
            first_ok = next(
                (s.started - t_started for s in sorted(after, key=lambda s: s.started) if s.status == 200), None
            )
            time.sleep(4)  # let the requests started in the last seconds finish
            tail = load.window(t7 - 3, t7)
            tail_ok = sum(1 for s in tail if s.status == 200)
            print(
                f"recovery: first 200 {None if first_ok is None else round(first_ok, 2)} s after PostgreSQL was up; "
                f"last 3 s: {tail_ok} of {len(tail)} answered 200 (same gunicorn, pid {gunicorn.pid})"
            )
            if bad:
                failures.append(f"PostgreSQL restart: {len(bad)} answers other than 503 (500s or hangs)")
            if without_retry:
                failures.append("PostgreSQL restart: 503 without Retry-After")
            if not tail or tail_ok < len(tail):
                failures.append("PostgreSQL restart: the application did not recover")
            if gunicorn.poll() is not None:
                failures.append("gunicorn died")
    finally:
        stop_gunicorn(gunicorn)
        print_tracebacks(var_dir / "gunicorn.log")

    sys.path.insert(0, str(ROOT))  # run as a script, bench/ itself is on the path, not its parent
    from bench.load_cache import cached_phase

    failures += cached_phase(env=env, args=args, baseline=steady, baseline_seconds=t1 - t0, targets=targets)

    print("\nRESULT:", "all checks passed" if not failures else "FAILED")
    for failure in failures:
        print("  -", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

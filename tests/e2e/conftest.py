"""A live site and a phone-sized Chromium for the browser journeys.

The site is the real stack in a scratch folder: `migrate`, `seed_demo` (the demo logins),
then gunicorn with two workers on a free loopback port. The browser is Debian's Chromium
driven by Playwright (no browser download). Screenshots go to ``artifacts/e2e/``; a failing
test also leaves a screenshot of what the browser showed.

These tests run from ``site/e2e.sh`` (which installs Chromium and axe-core), with
``KMP_E2E=1``; the ordinary test run skips them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("KMP_E2E_ARTIFACTS", ROOT / "artifacts" / "e2e"))
CHROMIUM = os.environ.get("KMP_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "id-ID",
    "timezone_id": "Asia/Jakarta",
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KMP_E2E") == "1":
        return
    skip = pytest.mark.skip(reason="browser journeys run from site/e2e.sh (KMP_E2E=1)")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not answer within {timeout} s")


@pytest.fixture(scope="session")
def site_url():
    """Base URL of a seeded demo site served by gunicorn (2 workers) on SQLite, or of an
    already running seeded site named by ``KMP_E2E_URL`` (quicker while writing a test)."""
    if os.environ.get("KMP_E2E_URL"):
        yield os.environ["KMP_E2E_URL"].rstrip("/")
        return
    var_dir = Path(tempfile.mkdtemp(prefix="kmp-e2e-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "SEARCH_URL"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        # DEBUG off as in production (the site's own 404 page); the dev settings still serve media.
        "DJANGO_DEBUG": "0",
        "KMP_VAR_DIR": str(var_dir),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        # seed_demo is a development command: it refuses to run with DEBUG off.
        command_env = {**env, "DJANGO_DEBUG": "1"} if command[0] == "seed_demo" else env
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=command_env, check=True, capture_output=True)
    port = int(os.environ.get("KMP_E2E_PORT") or _free_port())  # a fixed port on shared machines
    log = open(var_dir / "gunicorn.log", "w")  # noqa: SIM115 (closed at teardown)
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "-c", "site/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/marketplace/", process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        errors = [line for line in (var_dir / "gunicorn.log").read_text().splitlines() if '" 50' in line]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(var_dir / "gunicorn.log", ARTIFACTS / "gunicorn.log")
        shutil.rmtree(var_dir, ignore_errors=True)
        assert not errors, f"the server answered 5xx: {errors[:5]}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run site/e2e.sh, which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Phone:
    """One phone-sized browser tab, with numbered screenshots for the test that uses it."""

    def __init__(self, browser, base_url: str, name: str):
        self.context = browser.new_context(base_url=base_url, **PHONE)
        self.context.set_default_timeout(20_000)
        self.page = self.context.new_page()
        self.name = re.sub(r"[^A-Za-z0-9_-]+", "_", name)
        self.shots = 0

    def shot(self, label: str) -> Path:
        self.shots += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.name}-{self.shots:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def login(self, username: str, password: str) -> None:
        page = self.page
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.get_by_role("button", name=re.compile("Masuk", re.I)).click()
        page.wait_for_url(re.compile(r"/admin/$"))


@pytest.fixture
def phone_factory(request, browser, site_url):
    phones: list[Phone] = []

    def make(label: str = "") -> Phone:
        phone = Phone(browser, site_url, request.node.name + (f"-{label}" if label else ""))
        phones.append(phone)
        return phone

    yield make
    failed = getattr(request.node, "report_call", None) and request.node.report_call.failed
    for phone in phones:
        if failed:
            with contextlib.suppress(Exception):  # a closed page cannot be shot
                phone.shot("FAILED")
        phone.context.close()


@pytest.fixture
def phone(phone_factory) -> Phone:
    return phone_factory()

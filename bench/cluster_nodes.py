"""What bench/cluster.py drives: web nodes (gunicorn + task worker, each with its own local
folder, as separate machines would have), and a logged-in admin session over plain HTTP."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Node:
    name: str
    port: int
    env: dict
    folder: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, worker_args: tuple[str, ...] = ()) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        env = {**self.env, "KMP_VAR_DIR": str(self.folder), "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        web = [str(Path(PYTHON).parent / "gunicorn"), "-c", "site/gunicorn.conf.py", "config.wsgi"]
        worker = [PYTHON, "manage.py", "kmp_worker", "--worker-id", f"{self.name}-{time.time_ns()}", *worker_args]
        for role, command in (("web", web), ("worker", worker)):
            log = open(self.folder / f"{role}.log", "a")  # noqa: SIM115 (closed with the process)
            self.processes[role] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/marketplace/", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"node {self.name} did not answer; see {self.folder}/web.log")

    def signal(self, role: str, sig: int) -> None:
        os.killpg(self.processes[role].pid, sig)

    def kill(self) -> None:
        """As a machine failing: every process of the node at once, no chance to finish anything."""
        for role in self.processes:
            self.signal(role, signal.SIGKILL)
        for process in self.processes.values():
            process.wait(timeout=20)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


class _Forms(HTMLParser):
    """Every form's fields with the values the page rendered (what a browser would submit)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "option" and self._select and (self._select not in fields or "selected" in a):
            fields[self._select] = a.get("value", "")
        if not a.get("name"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def form_fields(html: str, *, containing: str) -> dict:
    """The fields of the first form that has a field named ``containing``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if containing in form["fields"]:
            return dict(form["fields"])
    raise LookupError(f"no form with a field {containing!r}")


class AdminSession:
    """A person in the Wagtail admin of one node, through plain HTTP as their browser would."""

    def __init__(self, base: str):
        self.client = httpx.Client(base_url=base, timeout=60, follow_redirects=True)

    def login(self, username: str, password: str) -> httpx.Response:
        page = self.client.get("/admin/login/")
        fields = form_fields(page.text, containing="username")
        return self.client.post("/admin/login/", data={**fields, "username": username, "password": password})

    @property
    def logged_in(self) -> bool:
        return self.client.get("/admin/", follow_redirects=False).status_code == 200

    def submit(self, path: str, *, containing: str, data: dict, files: dict | None = None) -> httpx.Response:
        """GET the form at ``path``, change ``data``, POST it back (with ``files``)."""
        fields = form_fields(self.client.get(path).text, containing=containing)
        fields.update(data)
        return self.client.post(path, data=fields, files=files, headers={"Referer": str(self.client.base_url) + path})

    def find(self, path: str, pattern: str) -> re.Match:
        html = self.client.get(path).text
        found = re.search(pattern, html)
        if not found:
            raise LookupError(f"{pattern!r} not found in {path}")
        return found

"""The people and checks of bench/cluster.py: officer, facilitator, buyers, a password guesser,
an API client, and the search load of the OpenSearch phase."""

from __future__ import annotations

import ast
import io
import random
import re
import secrets
import subprocess
import time

import httpx
from PIL import Image as PILImage

from bench.cluster_nodes import ROOT, AdminSession
from bench.load import Load

OFFICER, FACILITATOR, OTHER_OFFICER, OTHER_USER = (
    "pengurus.widoro",
    "pendamping.pacitan",
    "pengurus.tambakreja",
    "pendamping.jateng",
)


def password(username: str) -> str:
    """The demo login's password, read from seed_demo's USERS (without importing Django)."""
    source = (ROOT / "home/management/commands/seed_demo.py").read_text()
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "USERS":
            return ast.literal_eval(node.value)[username][0]
    raise LookupError("USERS not found in seed_demo.py")


def photo() -> bytes:
    buffer = io.BytesIO()
    image = PILImage.new("RGB", (1200, 900), (196, 140, 60))
    for x in range(0, 1200, 60):
        image.paste((120 + x % 100, 80, 30), (x, 0, x + 30, 900))
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def officer_submits(cluster, node, product: str) -> int:
    officer = AdminSession(node.url)
    officer.login(OFFICER, password(OFFICER))
    cluster.check(officer.logged_in, f"the officer logged in on {node.name}")
    officer.submit(
        "/admin/images/add/",
        containing="title",
        data={"title": product},
        files={"file": ("foto.jpg", photo(), "image/jpeg")},
    )
    # The officer's newest photo (officers see only their cooperative's collection).
    image_id = officer.find("/admin/images/?ordering=-created_at", r'href="/admin/images/(\d+)/[?"]').group(1)
    index_id = cluster.ids["index_id"]
    response = officer.submit(
        f"/admin/pages/add/cooperative_pages/productpage/{index_id}/",
        containing="title",
        data={
            "title": product,
            "slug": re.sub(r"[^a-z0-9]+", "-", product.lower()).strip("-"),  # the admin's script fills it in
            "description": "Keripik singkong renyah dari Desa Widoro.",
            "price": "12500",
            "unit": "bungkus",
            "category": "olahan",
            "gallery_images-TOTAL_FORMS": "1",
            "gallery_images-0-image": image_id,
            "gallery_images-0-ORDER": "1",
            "action-submit": "1",  # the button the browser sends
        },
    )
    found = re.search(
        r'/admin/pages/(\d+)/edit/"[^>]*>(?:(?!</a>).){0,400}' + re.escape(product),
        officer.client.get(f"/admin/pages/{index_id}/").text,
        re.S,
    )
    cluster.check(
        found is not None,
        f"the officer submitted '{product}' with its photo through {node.name}: {response.status_code}",
    )
    cluster.officer = officer  # logged in on A: the session must outlive A (sessions are in the database)
    return int(found.group(1)) if found else 0


def facilitator_approves(cluster, node, page_id: int) -> None:
    facilitator = AdminSession(node.url)
    facilitator.login(FACILITATOR, password(FACILITATOR))
    # The "Awaiting your review" panel of the admin home carries each submission's approve URL.
    action = facilitator.find("/admin/", rf"/admin/pages/workflow/action/{page_id}/approve/\d+/").group(0)
    response = facilitator.client.post(
        action,
        data={"comment": "Sudah sesuai."},
        headers={"X-CSRFToken": facilitator.client.cookies["csrftoken"], "Referer": f"{node.url}/admin/"},
    )
    cluster.check(response.status_code == 200, f"the facilitator approved it through {node.name}")


def served_everywhere(cluster, product: str, word: str) -> str:
    """The product from both nodes: found by search (from the engine), its page, its renditions."""

    def found_on(node) -> dict | None:
        answer = httpx.get(f"{node.url}/api/marketplace/products/", params={"q": word}, timeout=10).json()
        hits = [item for item in answer["results"] if item["title"] == product]
        return hits[0] if hits and not answer["degraded"] else None

    started = time.monotonic()
    from bench.cluster import wait_for

    hits = [wait_for(f"search on {node.name}", lambda node=node: found_on(node), seconds=60) for node in cluster.nodes]
    cluster.check(True, f"search finds it on both nodes, {time.monotonic() - started:.1f} s after approval")
    path = httpx.URL(hits[0]["url"]).path
    for node in cluster.nodes:
        page = httpx.get(node.url + path, timeout=10)
        images = re.findall(r'src="([^"]+/media/images/[^"]+\.webp)"', page.text)
        ok = page.status_code == 200 and product in page.text and images
        statuses = [httpx.get(url, timeout=10) for url in images]
        ok = ok and all(r.status_code == 200 and r.headers["content-type"] == "image/webp" for r in statuses)
        cluster.check(bool(ok), f"{node.name} serves the page and its {len(images)} rendition(s) from the bucket")
    image = hits[0].get("image") or {}  # the API's image object: id, alt, renditions small/medium/large
    card = image.get("renditions", {}).get("small", {}).get("url", "")
    cluster.check(bool(card) and httpx.get(card, timeout=10).status_code == 200, f"the card photo is served: {card}")
    return path


def api_limit_across_nodes(cluster) -> None:
    limit = 30
    client = {"X-Forwarded-For": "10.99.0.1"}
    statuses = [
        httpx.get(f"{cluster.nodes[n % 2].url}/api/cooperatives/", headers=client, timeout=10).status_code
        for n in range(limit + 2)
    ]
    other = httpx.get(f"{cluster.nodes[0].url}/api/cooperatives/", headers={"X-Forwarded-For": "10.99.0.2"}).status_code
    cluster.check(
        statuses[:limit] == [200] * limit and statuses[limit:] == [429, 429] and other == 200,
        f"anonymous API limit {limit}/minute for one client across both nodes: "
        f"{statuses.count(200)} × 200 then {statuses[limit:]} on A and B; another client: {other}",
    )


def login_throttle_across_nodes(cluster) -> None:
    guesser = {"X-Forwarded-For": "10.98.0.1"}
    for n in range(5):
        session = AdminSession(cluster.nodes[n % 2].url)
        session.client.headers.update(guesser)
        session.login(OTHER_OFFICER, "salah-tebak-123")
    refused = []
    for node in cluster.nodes:
        session = AdminSession(node.url)
        session.client.headers.update(guesser)
        session.login(OTHER_OFFICER, password(OTHER_OFFICER))
        refused.append(not session.logged_in)
    someone_else = AdminSession(cluster.nodes[1].url)
    someone_else.login(OTHER_USER, password(OTHER_USER))
    cluster.check(
        all(refused) and someone_else.logged_in,
        f"5 wrong passwords spread over A and B lock the account on both (right password refused: {refused}); "
        f"another user logs in: {someone_else.logged_in}",
    )


class SearchLoad(Load):
    """Searches that no cache can answer (a different price floor each time): every one asks the engine."""

    WORDS = ["beras", "kopi", "madu", "gula", "keripik", "pupuk", "ikan", "telur", "jual", "organik", "teh"]

    def url(self, rng: random.Random) -> tuple[str, str]:
        word, floor = rng.choice(self.WORDS), rng.randrange(0, 50_000, 7)
        if rng.random() < 0.5:
            return "search", f"/marketplace/?q={word}&price_min={floor}"
        return "api_marketplace", f"/api/marketplace/products/?q={word}&price_min={floor}"


def publish_rename(cluster, product: str) -> str:
    """A publish while an OpenSearch node is down: indexed through the other one."""
    token = f"edisi{secrets.randbelow(10**6)}"
    script = (
        "from cooperative_pages.models import ProductPage\n"
        f"page = ProductPage.objects.get(title={product!r})\n"
        f"page.title = {product + ' ' + token.capitalize()!r}\n"
        "page.save_revision().publish(skip_permission_checks=True)\n"
    )
    subprocess.run(
        [".venv/bin/python", "manage.py", "shell", "-v", "0"],
        cwd=ROOT,
        env=cluster.nodes[0].env,
        input=script,
        check=True,
        text=True,
        capture_output=True,
    )
    from bench.cluster import wait_for

    def indexed():
        answer = httpx.get(f"{cluster.base}/api/marketplace/products/", params={"q": token}, timeout=10).json()
        return answer["count"] == 1 and not answer["degraded"]

    wait_for("the publish indexed with node 2 down", indexed, seconds=60)
    cluster.check(True, f"published '{token}' with node 2 down: found by search, not degraded")
    return token


def replica_has(cluster, token: str) -> bool:
    node2 = cluster.search_url.split(",")[1]
    httpx.get(f"{node2}/_cluster/health", params={"wait_for_status": "green", "timeout": "120s"}, timeout=130)
    answer = httpx.post(
        f"{node2}/kmp-cluster/_search",
        params={"preference": "_only_local"},
        json={"query": {"match": {"search_title": token}}},
        timeout=10,
    ).json()
    return answer.get("hits", {}).get("total", {}).get("value") == 1

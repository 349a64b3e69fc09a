"""Re-pin the private Wagtail, treebeard and modelsearch objects the ``compat`` modules rely on.

``tests/cooperative_pages/test_compat.py`` fails when an upgrade changes one of them. Read what
changed in each failing object and adapt ``compat.py`` first; then run
``DJANGO_SETTINGS_MODULE=config.settings.test python tools/repin_compat.py`` to write the
installed versions' signatures and source digests to ``tests/cooperative_pages/compat_pins.json``.
Run it on SQLite: modelsearch defines its SQLite models only there.
"""

import hashlib
import importlib
import inspect
import json
import sys
from importlib.metadata import version
from pathlib import Path

PINS = Path(__file__).resolve().parent.parent / "tests" / "cooperative_pages" / "compat_pins.json"
PINNED_MODELS = {"modelsearch.backends.database.postgres.postgres:IndexEntry"}  # pinned by column, not source


def resolve(name: str):
    module, qualified = name.split(":")
    obj = importlib.import_module(module)
    for part in qualified.split("."):
        obj = getattr(obj, part)
    return obj


def fingerprint(name: str) -> list[str]:
    """``[signature, first 16 hex digits of the source's sha256]`` of the original (under any guard)."""
    obj = inspect.unwrap(resolve(name))
    return [str(inspect.signature(obj)), hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()[:16]]


def installed_versions() -> str:
    packages = (("Wagtail", "wagtail"), ("django-treebeard", "django-treebeard"), ("modelsearch", "modelsearch"))
    return ", ".join(f"{label} {version(package)}" for label, package in packages)


def main() -> int:
    import django

    sys.path.insert(0, str(PINS.parents[2]))
    django.setup()
    from cooperative_pages import compat
    from search import compat as search_compat

    names = sorted((set(compat.RELIED_ON) | set(search_compat.RELIED_ON)) - PINNED_MODELS)
    pins = {"checked_against": installed_versions(), "objects": {name: fingerprint(name) for name in names}}
    PINS.write_text(json.dumps(pins, indent=2, ensure_ascii=False) + "\n")
    print(f"{len(names)} objects pinned for {pins['checked_against']} in {PINS}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())

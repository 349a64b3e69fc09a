"""The fences of cooperative_pages/compat.py and search/compat.py: every private Wagtail, treebeard and
modelsearch object it uses is pinned here (signature and source) to the versions it was
checked against, so an upgrade that changes one fails this test, loudly, instead of
breaking the bulk importer or an admin guard in silence. To upgrade: read what changed
in each failing object, adapt compat.py, then re-pin with tools/repin_compat.py."""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from wagtail.models import Collection, Page

from cooperative_pages import compat
from search import compat as search_compat

# name: [signature, sha256 of the source, first 16 hex digits], written by tools/repin_compat.py
_spec = importlib.util.spec_from_file_location("repin_compat", Path(__file__).parents[2] / "tools" / "repin_compat.py")
repin = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(repin)
_PINS = json.loads(repin.PINS.read_text())
CHECKED_AGAINST = _PINS["checked_against"]
PINNED = _PINS["objects"]
# Models whose columns compat.py writes by name: checked by column, on the database that uses them.
PINNED_MODELS = repin.PINNED_MODELS
_resolve = repin.resolve


def test_every_object_compat_relies_on_is_pinned():
    assert set(compat.RELIED_ON) | set(search_compat.RELIED_ON) == set(PINNED) | PINNED_MODELS


@pytest.mark.parametrize("name", sorted(PINNED))
def test_upstream_object_is_unchanged(name):
    if ".database.sqlite." in name and connection.vendor != "sqlite":
        pytest.skip("modelsearch's SQLite module defines its models only on SQLite: checked in the SQLite run")
    found = repin.fingerprint(name)  # the original, under our guard
    assert found == PINNED[name], (
        f"{name} differs from the one compat.py was written against ({CHECKED_AGAINST}): "
        f"now {found}. Review compat.py's use of it, then re-pin (tools/repin_compat.py)."
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="modelsearch's PostgreSQL index entry")
def test_postgres_index_entry_has_the_columns_compat_writes():
    model = _resolve("modelsearch.backends.database.postgres.postgres:IndexEntry")
    columns = {field.column for field in model._meta.concrete_fields} - {"id"}
    assert columns == set(compat.POSTGRES_INDEX_COLUMNS)


@pytest.mark.django_db
def test_tree_paths_match_what_treebeard_writes(portal):
    before = portal.numchild
    child = portal.add_child(instance=Page(title="Anak", slug="anak"))
    assert compat.tree_path(model=Page, parent_path=portal.path, depth=portal.depth + 1, step=before + 1) == child.path
    assert compat.tree_step(model=Page, path=child.path) == before + 1
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Koleksi uji")
    assert compat.tree_step(model=Collection, path=collection.path) == root.get_children().count()


@pytest.mark.django_db
def test_deferred_title_norms_are_skipped_on_that_index_only(portal):
    from modelsearch.backends import get_search_backends

    backend = next(iter(get_search_backends(with_auto_update=True)))
    index = backend.get_index_for_model(Page)
    if not hasattr(index, "_refresh_title_norms"):
        pytest.skip("this search backend keeps no title norms")
    compat.defer_title_norms(index)
    assert index._refresh_title_norms() is None
    fresh = backend.get_index_for_model(Page)
    assert fresh._refresh_title_norms is not index._refresh_title_norms
    compat.refresh_title_norms(fresh)  # runs the real refresh without error


GUARDED = [name for name in compat.RELIED_ON if name.startswith("wagtail.admin.views.")]


@pytest.mark.parametrize("name", GUARDED)
def test_admin_guards_are_installed(name):
    assert getattr(_resolve(name), "kmp_guard", False), f"{name} is not guarded"


def test_guards_are_installed_at_startup():
    """In a fresh process, django.setup() alone (AppConfig.ready) installs them."""
    script = (
        "import django; django.setup()\n"
        "from wagtail.admin.views.chooser import BrowseView\n"
        "print('guarded' if getattr(BrowseView.get, 'kmp_guard', False) else 'unguarded')\n"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        timeout=120,
        check=False,
    )
    assert result.stdout.strip() == "guarded", result.stderr[-2000:]


def test_guards_are_installed_by_the_app_config_not_by_wagtail_hooks():
    from cooperative_pages.apps import CooperativePagesConfig

    assert "compat.install_admin_guards()" in inspect.getsource(CooperativePagesConfig.ready)
    hooks_source = Path(compat.__file__).with_name("wagtail_hooks.py").read_text()
    assert "install_" not in hooks_source and "compat" not in hooks_source

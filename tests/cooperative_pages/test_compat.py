"""The fences of cooperative_pages/compat.py and search/compat.py: every private Wagtail, treebeard and
modelsearch object it uses is pinned here (signature and source) to the versions it was
checked against, so an upgrade that changes one fails this test, loudly, instead of
breaking the bulk importer or an admin guard in silence. To upgrade: read what changed
in each failing object, adapt compat.py, then re-pin (the failure prints the new value)."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from wagtail.models import Collection, Page

from cooperative_pages import compat
from search import compat as search_compat

CHECKED_AGAINST = "Wagtail 8.0.1, django-treebeard 5.3.1, modelsearch 1.3.2"

# name: (signature, sha256 of the source, first 16 hex digits)
PINNED = {
    "treebeard.mp_tree:MP_Node._get_path": ("(path, depth, newstep)", "3bbea125044a7565"),
    "treebeard.mp_tree:MP_Node._str2int": ("(num)", "3839b1fb126b566c"),
    "wagtail.models.reference_index:ReferenceIndex._extract_references_from_object": (
        "(object)",
        "40ae82b2fa3d22c3",
    ),
    "wagtail.models.reference_index:ReferenceIndex._get_content_path_hash": ("(content_path)", "f69de6fa90b134f8"),
    "modelsearch.backends.database.sqlite.sqlite:SQLiteIndex._refresh_title_norms": (
        "(self, full=False)",
        "cabf10eb3caac5bb",
    ),
    "modelsearch.backends.database.postgres.postgres:PostgresIndex._refresh_title_norms": (
        "(self, full=False)",
        "cabf10eb3caac5bb",
    ),
    "modelsearch.backends.database.postgres.postgres:PostgresIndex.add_items": (
        "(self, model, objs)",
        "62bf7488351e3864",
    ),
    "modelsearch.backends.database.postgres.postgres:ObjectIndexer.__init__": (
        "(self, obj, backend)",
        "492f14102e68a70a",
    ),
    "wagtail.permission_policies.collections:CollectionPermissionLookupMixin"
    "._get_user_permission_objects_for_actions": (
        "(self, user, actions)",
        "17714a7d70a04fcc",
    ),
    "wagtail.permission_policies.collections:CollectionPermissionLookupMixin._check_perm": (
        "(self, user, actions, collection=None)",
        "4cd40a51cea7d396",
    ),
    "wagtail.permission_policies.collections:CollectionPermissionLookupMixin._collections_with_perm": (
        "(self, user, actions)",
        "b0c3a176bbaa28e0",
    ),
    "wagtail.admin.views.chooser:BrowseView.get": ("(self, request, parent_page_id=None)", "1826055c1a047265"),
    "wagtail.admin.views.chooser:ChosenMultipleView.get": ("(self, request)", "1fa41ee24b8acadb"),
    "wagtail.admin.views.reports.page_types_usage:PageTypesUsageReportView.dispatch": (
        "(self, request, *args, **kwargs)",
        "2fd82042d422eacf",
    ),
    "wagtail.admin.views.pages.workflow:WorkflowPageViewMixin.add_not_in_moderation_error": (
        "(self)",
        "3c11c2059c708104",
    ),
    "wagtail.admin.views.pages.workflow:PreviewRevisionForTaskView.add_error_message": ("(self)", "d4086c407fba3925"),
    "wagtail.admin.views.tags:autocomplete": ("(request, app_name=None, model_name=None)", "d60e53974c008732"),
    "wagtail.admin.views.pages.workflow:ConfirmWorkflowCancellationView.dispatch": (
        "(self, request, *args, **kwargs)",
        "add80f0fee524daf",
    ),
    "wagtail.admin.views.generic.workflow:WorkflowAction.post": (
        "(self, request, *args, **kwargs)",
        "684d1cf06f5a3e5b",
    ),
    "wagtail.admin.views.bulk_action.base_bulk_action:BulkAction.get_actionable_objects": (
        "(self)",
        "e53e303ee01c4ef0",
    ),
    "wagtail.admin.views.reports.workflows:get_editable_page_ids_query": ("(request)", "2e6d3ea00096eb2d"),
    "wagtail.actions.publish_revision:PublishRevisionAction.__init__": (
        "(self, revision: 'Revision', user=None, changed: 'bool' = True, log_action: 'bool' = True, "
        "previous_revision: 'Revision | None' = None)",
        "487f7b196a96dca5",
    ),
    "wagtail.actions.publish_revision:PublishRevisionAction.execute": (
        "(self, skip_permission_checks=False)",
        "cd87b11b191631dc",
    ),
    # search/compat.py: a search of few rows matched on their own entries
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler.search": (
        "(self, config, start, stop, score_field=None)",
        "4b214294f3627b59",
    ),
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler.build_search_query": (
        "(self, query, config=None)",
        "9f50a4f72e404f3e",
    ),
    "modelsearch.backends.database.sqlite.query:MatchExpression.as_sql": (
        "(self, compiler, connection)",
        "dcc1ab37f7531b7d",
    ),
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler._build_rank_expression": (
        "(self, vectors, config)",
        "f84d0a4c959b103a",
    ),
    "modelsearch.backends.database.sqlite.sqlite:SQLiteSearchQueryCompiler.get_search_vectors": (
        "(self)",
        "66a319706e1e0aa7",
    ),
    "modelsearch.backends.database.sqlite.query:normalize": (
        "(search_query: modelsearch.query.SearchQuery) -> tuple[modelsearch.query.SearchQuery]",
        "056b49d66fcb45d5",
    ),
}
# Models whose columns compat.py writes by name: checked by column, on the database that uses them.
PINNED_MODELS = {"modelsearch.backends.database.postgres.postgres:IndexEntry"}


def _resolve(name: str):
    module, qualified = name.split(":")
    obj = importlib.import_module(module)
    for part in qualified.split("."):
        obj = getattr(obj, part)
    return obj


def test_every_object_compat_relies_on_is_pinned():
    assert set(compat.RELIED_ON) | set(search_compat.RELIED_ON) == set(PINNED) | PINNED_MODELS


@pytest.mark.parametrize("name", sorted(PINNED))
def test_upstream_object_is_unchanged(name):
    if ".database.sqlite." in name and connection.vendor != "sqlite":
        pytest.skip("modelsearch's SQLite module defines its models only on SQLite: checked in the SQLite run")
    signature, digest = PINNED[name]
    obj = inspect.unwrap(_resolve(name))  # the original, under our guard
    found = (str(inspect.signature(obj)), hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()[:16])
    assert found == (signature, digest), (
        f"{name} differs from the one compat.py was written against ({CHECKED_AGAINST}): "
        f"now {found}. Review compat.py's use of it, then re-pin."
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

"""Indexes that keep the admin's tree and history queries off full table scans
at national scale (80,605 cooperatives, ~323,000 pages): measured with
bench/admin_scale.py.

- SQLite's LIKE is case-insensitive, so ``path LIKE 'prefix%'`` (Django's
  ``startswith``, which Wagtail and treebeard use for every subtree) cannot use the
  path's own BINARY index: each one scanned the page table (~90 ms). A NOCASE index
  serves it; tree paths are digits and capitals, so the match is the same.
  PostgreSQL already has Django's ``varchar_pattern_ops`` index for it.
- Treebeard's children query (``depth = d AND path BETWEEN …``) walked every page
  under the parent's range (the whole country below the portal): (depth, path).
  The explorer's (``depth = d AND path LIKE 'prefix%'``) read every page of that
  depth on SQLite: (depth, path NOCASE) there.
- The explorer's "edited by" choices read the users of every log entry of one
  action: (action, user_id) answers from the index alone.
- Region codes (the region chooser searches them by prefix), as the page path.
"""

from django.db import migrations

BOTH = [
    ("kmp_page_depth_path", "wagtailcore_page", '"depth", "path"'),
    ("kmp_pagelogentry_action_user", "wagtailcore_pagelogentry", '"action", "user_id"'),
]
SQLITE_ONLY = [
    ("kmp_page_path_nocase", "wagtailcore_page", '"path" COLLATE NOCASE'),
    ("kmp_page_depth_path_nocase", "wagtailcore_page", '"depth", "path" COLLATE NOCASE'),
    ("kmp_region_code_nocase", "cooperative_pages_region", '"code" COLLATE NOCASE'),
]


def _indexes(connection):
    return BOTH + (SQLITE_ONLY if connection.vendor == "sqlite" else [])


def create(apps, schema_editor):
    for name, table, columns in _indexes(schema_editor.connection):
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns})')


def drop(apps, schema_editor):
    for name, _table, _columns in _indexes(schema_editor.connection):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("cooperative_pages", "0002_seed_business_units"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop)]

"""An index for the public-ness rule (``cooperative_pages.visibility``): every public listing
asks for the unpublished pages that have children, which scanned the page table (~323,000 rows
at national scale) without it."""

from django.db import migrations

INDEX = ("kmp_page_live_numchild", "wagtailcore_page", '"live", "numchild"')


def create(apps, schema_editor):
    name, table, columns = INDEX
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns})')


def drop(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX[0]}"')


class Migration(migrations.Migration):
    dependencies = [("cooperative_pages", "0003_admin_scale_indexes")]

    operations = [migrations.RunPython(create, drop)]

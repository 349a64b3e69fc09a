"""Narrow facet keys beside the entry table (SQLite only; a no-op on PostgreSQL).

A common word matches most entries; counting its facets by grouping the wide
entry rows five times cost several times the full-text match itself. Here every
entry gets a narrow row keyed by its page id: a region id (province, regency)
and a kind id (category, business unit, availability), ids into two small
tables of the distinct combinations. A search groups the matched page ids by
these two integers and rolls the five facets and the total up from the small
tables (see ``search/backends/database.py``).

Triggers on the entry table keep the rows in sync (every insert, update and
delete of an entry, however it is made), like the FTS5 triggers of 0002. The
combination tables only grow (a few hundred rows: regencies x kinds); a
combination no entry uses any more simply never appears in a grouping.
"""

from django.db import migrations

from search.vendor_sql import run_sql_by_vendor

# ruff: noqa: S608 - every f-string here interpolates only the table names of this module, never input.

ENTRY = "kmp_search_marketplaceentry"
REGION = "kmp_search_facetregion"
KIND = "kmp_search_facetkind"
KEYS = "kmp_search_entryfacet"

# Insert the entry's combinations when new (never a conflict, so no ON CONFLICT
# policy of the outer statement can change what happens), then its key row.
_SYNC_NEW = f"""
        INSERT INTO {REGION} (province_code, regency_code) SELECT new.province_code, new.regency_code
        WHERE NOT EXISTS (SELECT 1 FROM {REGION}
                          WHERE province_code = new.province_code AND regency_code = new.regency_code);
        INSERT INTO {KIND} (category, business_unit_slug, available)
        SELECT new.category, new.business_unit_slug, new.available
        WHERE NOT EXISTS (SELECT 1 FROM {KIND} WHERE category = new.category
                          AND business_unit_slug = new.business_unit_slug AND available = new.available);
        INSERT INTO {KEYS} (page_id, region_id, kind_id) VALUES (
            new.page_id,
            (SELECT id FROM {REGION} WHERE province_code = new.province_code AND regency_code = new.regency_code),
            (SELECT id FROM {KIND} WHERE category = new.category AND business_unit_slug = new.business_unit_slug
                                   AND available = new.available));
"""

SQLITE_FORWARD = [
    f"""CREATE TABLE {REGION} (id INTEGER PRIMARY KEY, province_code TEXT NOT NULL, regency_code TEXT NOT NULL,
        UNIQUE (province_code, regency_code))""",
    f"""CREATE TABLE {KIND} (id INTEGER PRIMARY KEY, category TEXT NOT NULL, business_unit_slug TEXT NOT NULL,
        available INTEGER NOT NULL, UNIQUE (category, business_unit_slug, available))""",
    f"CREATE TABLE {KEYS} (page_id INTEGER PRIMARY KEY, region_id INTEGER NOT NULL, kind_id INTEGER NOT NULL)",
    f"CREATE TRIGGER {ENTRY}_facet_insert AFTER INSERT ON {ENTRY} BEGIN {_SYNC_NEW} END",
    f"""CREATE TRIGGER {ENTRY}_facet_delete AFTER DELETE ON {ENTRY} BEGIN
        DELETE FROM {KEYS} WHERE page_id = old.page_id;
    END""",
    f"""CREATE TRIGGER {ENTRY}_facet_update AFTER UPDATE ON {ENTRY} BEGIN
        DELETE FROM {KEYS} WHERE page_id = old.page_id;
        {_SYNC_NEW}
    END""",
    # Backfill from the existing entries.
    f"""INSERT INTO {REGION} (province_code, regency_code)
        SELECT DISTINCT province_code, regency_code FROM {ENTRY} ORDER BY province_code, regency_code""",
    f"""INSERT INTO {KIND} (category, business_unit_slug, available)
        SELECT DISTINCT category, business_unit_slug, available FROM {ENTRY}
        ORDER BY category, business_unit_slug, available""",
    f"""INSERT INTO {KEYS} (page_id, region_id, kind_id)
        SELECT e.page_id, r.id, k.id FROM {ENTRY} e
        JOIN {REGION} r ON r.province_code = e.province_code AND r.regency_code = e.regency_code
        JOIN {KIND} k ON k.category = e.category AND k.business_unit_slug = e.business_unit_slug
                     AND k.available = e.available""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {ENTRY}_facet_insert",
    f"DROP TRIGGER IF EXISTS {ENTRY}_facet_delete",
    f"DROP TRIGGER IF EXISTS {ENTRY}_facet_update",
    f"DROP TABLE IF EXISTS {KEYS}",
    f"DROP TABLE IF EXISTS {KIND}",
    f"DROP TABLE IF EXISTS {REGION}",
]


class Migration(migrations.Migration):
    dependencies = [("kmp_search", "0003_entry_facet_index")]

    operations = [run_sql_by_vendor(sqlite=(SQLITE_FORWARD, SQLITE_BACKWARD))]

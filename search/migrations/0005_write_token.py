"""A write token that changes with every change to the entry table (SQLite only; a no-op on PostgreSQL).

The count and facets of a words-only search on SQLite are kept in the cache
under this token (``search/aggregate_cache.py``), the way OpenSearch's shard
request cache keeps them until the next refresh. Triggers set a new random
token on every insert, update and delete of an entry, however it is made.

Random rather than a counter: a rolled-back write takes the token back to its
old value, and a counter would then hand the next, different write the same
value again, with answers cached from rolled-back rows under it; a new random
64-bit value is never one seen before. The row is re-created by the next write
when something (a test flush) empties the table; until then nothing is cached.
"""

from django.db import migrations

from search.vendor_sql import run_sql_by_vendor

# ruff: noqa: S608 - every f-string here interpolates only the table names of this module, never input.

ENTRY = "kmp_search_marketplaceentry"
TOKEN = "kmp_search_writetoken"

# Update the one row, or create it when missing (never a conflict, so no ON
# CONFLICT policy of the outer statement can change what happens).
_NEW_TOKEN = f"""
        UPDATE {TOKEN} SET token = random() WHERE id = 1;
        INSERT INTO {TOKEN} (id, token) SELECT 1, random() WHERE NOT EXISTS (SELECT 1 FROM {TOKEN} WHERE id = 1);
"""

SQLITE_FORWARD = [
    f"CREATE TABLE {TOKEN} (id INTEGER PRIMARY KEY CHECK (id = 1), token INTEGER NOT NULL)",
    f"INSERT INTO {TOKEN} (id, token) VALUES (1, random())",
    *(
        f"CREATE TRIGGER {ENTRY}_token_{event.lower()} AFTER {event} ON {ENTRY} BEGIN {_NEW_TOKEN} END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {ENTRY}_token_{event}" for event in ("insert", "update", "delete")),
    f"DROP TABLE IF EXISTS {TOKEN}",
]


class Migration(migrations.Migration):
    dependencies = [("kmp_search", "0004_facet_keys")]

    operations = [run_sql_by_vendor(sqlite=(SQLITE_FORWARD, SQLITE_BACKWARD))]

"""The database's full-text index over marketplace entries.

SQLite: an external-content FTS5 table over the entry table, kept in sync by
triggers (every insert, update and delete of an entry, however it is made).
PostgreSQL: generated ``tsvector`` columns with GIN indexes ('simple'
configuration: the words are already stemmed in Python, see search/stemming.py).
"""

from django.db import migrations

from search.vendor_sql import run_sql_by_vendor

ENTRY = "kmp_search_marketplaceentry"
FTS = "kmp_search_marketplacefts"
COLUMNS = "search_title, search_body, search_prefix"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS}, content='{ENTRY}', content_rowid='page_id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    f"""CREATE TRIGGER {ENTRY}_fts_insert AFTER INSERT ON {ENTRY} BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.page_id, new.search_title, new.search_body, new.search_prefix);
    END""",
    f"""CREATE TRIGGER {ENTRY}_fts_delete AFTER DELETE ON {ENTRY} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.page_id, old.search_title, old.search_body, old.search_prefix);
    END""",
    f"""CREATE TRIGGER {ENTRY}_fts_update AFTER UPDATE ON {ENTRY} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.page_id, old.search_title, old.search_body, old.search_prefix);
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.page_id, new.search_title, new.search_body, new.search_prefix);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {ENTRY}_fts_insert",
    f"DROP TRIGGER IF EXISTS {ENTRY}_fts_delete",
    f"DROP TRIGGER IF EXISTS {ENTRY}_fts_update",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRES_FORWARD = [
    f"""ALTER TABLE {ENTRY} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B')
    ) STORED""",
    f"ALTER TABLE {ENTRY} ADD COLUMN prefix_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_prefix)) STORED",
    f"CREATE INDEX {ENTRY}_search_vector ON {ENTRY} USING GIN (search_vector)",
    f"CREATE INDEX {ENTRY}_prefix_vector ON {ENTRY} USING GIN (prefix_vector)",
]
POSTGRES_BACKWARD = [
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS search_vector",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS prefix_vector",
]


class Migration(migrations.Migration):
    dependencies = [("kmp_search", "0001_initial")]

    operations = [run_sql_by_vendor(sqlite=(SQLITE_FORWARD, SQLITE_BACKWARD), postgresql=(POSTGRES_FORWARD, POSTGRES_BACKWARD))]

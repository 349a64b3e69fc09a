"""The index's vocabulary, for correcting misspelt search words (``search/spelling.py``).

A term table holds every word the full-text index has seen in the stemmed title
and body of an entry, kept by triggers on the entry table (every insert and
update, however it is made), like the facet keys of 0004. It only grows: a
word no entry has any more is still listed, and the document counts, read from
the full-text index itself when a word is looked up, say it is gone.

SQLite: the words are split with ``json_each`` (they are letters and digits
only, see search/stemming.py); the counts come from an ``fts5vocab`` table over
the FTS5 index (documents per term and column). PostgreSQL: the words are the
lexemes of the entry's ``search_vector``, added in term order so that two
publishing transactions never wait on each other in a cycle.
"""

from django.db import migrations

from search.vendor_sql import run_sql_by_vendor

# ruff: noqa: S608 - every f-string here interpolates only the table names of this module, never input.

ENTRY = "kmp_search_marketplaceentry"
FTS = "kmp_search_marketplacefts"
TERM = "kmp_search_term"
VOCAB = "kmp_search_vocab"

_SQLITE_WORDS = """json_each('["' || replace(trim({row}.search_title || ' ' || {row}.search_body), ' ', '","') || '"]')"""
# Never a conflict (the words are distinct and new), so no ON CONFLICT policy of the outer
# statement can change what happens.
_SQLITE_ADD = f"""
        INSERT INTO {TERM} (term) SELECT DISTINCT value FROM {_SQLITE_WORDS.format(row="new")} AS words
        WHERE value != '' AND NOT EXISTS (SELECT 1 FROM {TERM} WHERE term = words.value);
"""

SQLITE_FORWARD = [
    f"CREATE TABLE {TERM} (term TEXT PRIMARY KEY) WITHOUT ROWID",
    f"CREATE VIRTUAL TABLE {VOCAB} USING fts5vocab({FTS}, 'col')",
    *(
        f"CREATE TRIGGER {ENTRY}_term_{event.lower()} AFTER {event} ON {ENTRY} BEGIN {_SQLITE_ADD} END"
        for event in ("INSERT", "UPDATE")
    ),
    f"""INSERT INTO {TERM} (term) SELECT DISTINCT value FROM {ENTRY} AS new, {_SQLITE_WORDS.format(row="new")}
        WHERE value != ''""",
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {ENTRY}_term_{event}" for event in ("insert", "update")),
    f"DROP TABLE IF EXISTS {VOCAB}",
    f"DROP TABLE IF EXISTS {TERM}",
]
POSTGRES_FORWARD = [
    f'CREATE TABLE {TERM} (term TEXT COLLATE "C" PRIMARY KEY)',
    f"""CREATE FUNCTION {TERM}_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO {TERM} (term) SELECT DISTINCT lexeme FROM unnest(NEW.search_vector) ORDER BY lexeme
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    f"CREATE TRIGGER {ENTRY}_term AFTER INSERT OR UPDATE ON {ENTRY} FOR EACH ROW EXECUTE FUNCTION {TERM}_add()",
    f"""INSERT INTO {TERM} (term) SELECT DISTINCT lexeme FROM {ENTRY}, unnest(search_vector) ORDER BY lexeme
        ON CONFLICT DO NOTHING""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {ENTRY}_term ON {ENTRY}",
    f"DROP FUNCTION IF EXISTS {TERM}_add()",
    f"DROP TABLE IF EXISTS {TERM}",
]


class Migration(migrations.Migration):
    dependencies = [("kmp_search", "0005_write_token")]

    operations = [run_sql_by_vendor(sqlite=(SQLITE_FORWARD, SQLITE_BACKWARD), postgresql=(POSTGRES_FORWARD, POSTGRES_BACKWARD))]

"""The database backend's SQL matches the plain reading of its semantics (SQLite and PostgreSQL)."""

from __future__ import annotations

from django.db import connection

from search.backends.database import ENTRY, FTS, DatabaseBackend
from tests.factories import make_cooperative, make_product


def test_autocomplete_cut_keeps_rank_then_title_order_with_ties(portal, settings):
    """Titles are read only for rows up to the cut-off rank; the answer is the one of a plain full sort."""
    settings.KMP = {**settings.KMP, "SEARCH_URL": ""}
    cooperative = make_cooperative(village_code="35.01.01.2001")
    titles = [f"Beras {word}" for word in ("Zaitun", "Merah", "Hitam", "Putih", "Ketan", "Pandan", "Wangi")]
    titles += ["Beras", "Beras Organik Pandan Wangi Premium", "Bersih Sabun", "Beras Merah"]
    for title in titles:
        make_product(cooperative, title=title)
    limit = 3  # reads limit * 3 = 9 rows out of 11 matches, with ties in rank ("Beras X")
    answer = DatabaseBackend().autocomplete("ber", limit=limit)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.title FROM {FTS} JOIN {ENTRY} e ON e.page_id = {FTS}.rowid "  # noqa: S608
                f"WHERE {FTS} MATCH %s ORDER BY {FTS}.rank, e.title",
                ['{search_prefix} : ("ber"*)'],
            )
            everything = [row[0] for row in cursor.fetchall()]
        assert len(everything) == len(titles)
        assert answer == list(dict.fromkeys(everything[: limit * 3]))[:limit]
    assert len(answer) == limit and all(title.lower().startswith("ber") for title in answer)

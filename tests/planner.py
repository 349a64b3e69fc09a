"""Planner statistics for module fixtures that load large tables inside a transaction.

PostgreSQL plans over rows it has no statistics for as if tables were tiny, and
autovacuum cannot analyse rows of a transaction that has not committed: after
loading all 91,599 regions, a five-way region join or an anti-join ran as nested
loops for minutes. ``ANALYZE`` inside the transaction counts its own rows.
"""

from django.db import connection


def analyze_for_the_planner() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

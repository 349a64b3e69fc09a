"""A new, empty database for one benchmark run, with Django set up on it.

A temporary SQLite file, or (with ``postgres``, a ``postgres://…`` URL of a server)
a new database created on that server; both are removed afterwards unless ``keep``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def fresh_database(*, prefix: str, postgres: str | None = None, keep: bool = False) -> Iterator[Path]:
    """Point Django at a new database, set it up, and yield a scratch folder for the run."""
    workdir = Path(tempfile.mkdtemp(prefix=f"{prefix}-"))
    database_name = None
    if postgres:
        database_name = f"{prefix.replace('-', '_')}_{os.getpid()}"
        postgres_admin(postgres, f'CREATE DATABASE "{database_name}"')
        os.environ["DATABASE_URL"] = postgres.rsplit("/", 1)[0] + f"/{database_name}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["KMP_VAR_DIR"] = str(workdir)

    import django

    django.setup()
    from django.conf import settings

    try:
        yield workdir
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"kept: {settings.DATABASES['default']['NAME']}")
        elif database_name:
            postgres_admin(postgres, f'DROP DATABASE "{database_name}"')
        else:
            Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)


def postgres_admin(url: str, statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE) on the server of ``url``."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)

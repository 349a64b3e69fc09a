"""Raw multi-row inserts for the bulk importer: Django's ``bulk_create`` refuses
multi-table inheritance, and compiles a statement per 999 parameters on SQLite."""

from __future__ import annotations

from functools import partial

from django.db import NotSupportedError

# Field types whose Python values the database drivers take as they are.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


def _converter(field, connection):
    """How a value of ``field`` goes to the driver: as it is, or prepared (and memoised
    for the timestamps every row of a batch shares)."""
    target = field.target_field if field.is_relation else field
    if target.get_internal_type() in _PLAIN_TYPES:
        return None
    prepare = partial(field.get_db_prep_save, connection=connection)
    if target.get_internal_type() not in {"DateTimeField", "DateField"}:
        return prepare
    prepared = {}

    def memoised(value):
        if value not in prepared:
            prepared[value] = prepare(value)
        return prepared[value]

    return memoised


def _execute_insert(model, fields: list, rows: list[list], connection) -> None:
    quote = connection.ops.quote_name
    # Table and column names come from the model, values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    converters = [_converter(field, connection) for field in fields]
    if any(converters):
        rows = [
            [
                value if convert is None or value is None else convert(value)
                for value, convert in zip(row, converters, strict=True)
            ]
            for row in rows
        ]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(sql, rows)
            return
        # One COPY per table and batch: psycopg sends executemany row by row, and a multi-row
        # VALUES statement with tens of thousands of parameters costs more to bind than the
        # rows cost to write. COPY fires the same triggers and checks the same constraints.
        copy_sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table), ", ".join(quote(field.column) for field in fields)
        )
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)


def insert_rows(model, objs: list, connection) -> None:
    """The rows of ``model``'s own table for ``objs``, in one ``executemany``: Django's
    ``bulk_create`` refuses multi-table inheritance and compiles a statement per 999
    parameters on SQLite."""
    if objs:
        fields = model._meta.local_concrete_fields
        attnames = [field.attname for field in fields]
        _execute_insert(model, fields, [[getattr(obj, name) for name in attnames] for obj in objs], connection)


def insert_values(model, rows: list[dict], connection) -> None:
    """Like ``insert_rows`` from plain dicts (no model instances); absent columns take their default."""
    if not rows:
        return
    fields = [field for field in model._meta.local_concrete_fields if field.attname in rows[0] or not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields if field.attname not in rows[0]}
    attnames = [field.attname for field in fields]
    _execute_insert(
        model, fields, [[row.get(name, defaults.get(name)) for name in attnames] for row in rows], connection
    )


def allocate_ids(model, count: int, connection) -> list[int]:
    """``count`` fresh primary keys of ``model``'s table (the caller holds the write lock on SQLite)."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT max({quote(model._meta.pk.column)}) FROM {quote(table)}")  # noqa: S608
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            first = max(highest, row[0] if row else 0) + 1
            return list(range(first, first + count))
    raise NotSupportedError(f"The bulk importer supports SQLite and PostgreSQL, not {connection.vendor}.")

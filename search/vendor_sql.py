"""Raw SQL for the database vendors a migration supports, as one migration operation.

The search app's full-text index, facet keys, write token and vocabulary live
in tables and triggers that Django's schema editor cannot describe; each of its
migrations lists the statements per vendor (``connection.vendor``), and runs
none on another vendor. Migrations import this module: changing what it does
changes every database's history, so it only ever grows.
"""

from collections.abc import Sequence

from django.db import migrations

Statements = Sequence[str]


def _execute(statements_by_vendor: dict[str, Statements]):
    def run(apps, schema_editor) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


def run_sql_by_vendor(**forward_backward: tuple[Statements, Statements]) -> migrations.RunPython:
    """``run_sql_by_vendor(sqlite=(FORWARD, BACKWARD), postgresql=(...))``: a reversible step."""
    forward = {vendor: statements for vendor, (statements, _) in forward_backward.items()}
    backward = {vendor: statements for vendor, (_, statements) in forward_backward.items()}
    return migrations.RunPython(_execute(forward), _execute(backward))

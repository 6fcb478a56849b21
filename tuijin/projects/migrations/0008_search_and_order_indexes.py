"""PostgreSQL first-class: indexes for the list's sort as it is written, and indexed substring search.

- The list sorts by ``total_investment DESC NULLS LAST, id`` (``forms.SORTS``); PostgreSQL cannot read
  an ascending index backwards for NULLS LAST, so the sort had a sort step over every row. These
  indexes are PostgreSQL only: SQLite's CREATE INDEX has no NULLS LAST, and its DESC already puts NULLs
  last, so its ``total_investment`` index serves the sort.
- Search: pg_trgm GIN on ``UPPER(name)`` (what ``icontains`` compares) on PostgreSQL, FTS5 trigram
  tables on SQLite (``tuijin/projects/search.py`` says why and when each is used).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

ORDER_INDEXES = [
    "CREATE INDEX IF NOT EXISTS project_investment_order ON projects_project "
    "(total_investment DESC NULLS LAST, id)",
    "CREATE INDEX IF NOT EXISTS project_park_investment_order ON projects_project "
    "(park_id, total_investment DESC NULLS LAST, id)",
    "CREATE INDEX IF NOT EXISTS project_stage_investment_order ON projects_project "
    "(stage, total_investment DESC NULLS LAST, id)",
]
ORDER_INDEXES_DROP = ["DROP INDEX IF EXISTS project_investment_order",
                      "DROP INDEX IF EXISTS project_park_investment_order",
                      "DROP INDEX IF EXISTS project_stage_investment_order"]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forwards(apps, schema_editor):
    from tuijin.projects import search

    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, ORDER_INDEXES)
    search.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from tuijin.projects import search

    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, ORDER_INDEXES_DROP)
    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0007_attachments"),
        ("enterprises", "0004_event_source_and_profile_edits"),
    ]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(forwards, backwards),
    ]

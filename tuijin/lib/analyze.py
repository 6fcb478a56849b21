"""Fresh planner statistics after a bulk load.

A database whose tables were filled in one go has no statistics (PostgreSQL's autovacuum gets to it
later; SQLite never, without ``ANALYZE``), and the planner then guesses: a freshly built bench
database ran plain SQL 2.5–5.5× slower than after ``ANALYZE``. Bulk loaders (the import commands, the
bench) call ``analyze`` when they wrote many rows.
"""

from django.db import connection as default_connection

BULK_ROWS = 1000  # a load of at least this many rows is worth new statistics


def analyze(connection=None):
    """``ANALYZE`` the whole database (PostgreSQL samples each table; SQLite fills sqlite_stat1)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

"""Searching projects by name, code or enterprise name with an index on both databases.

A substring search (``icontains``) cannot use a B-tree: at 200,000 projects it scanned every name
and every enterprise name (0.11–0.16 s). So:

- **PostgreSQL**: pg_trgm GIN indexes on ``UPPER(name)`` of projects and enterprises (and on the
  codes), the very expression Django's ``icontains`` compares (``UPPER(name::text) LIKE UPPER(%s)``),
  so the plain ORM lookup uses them. The enterprise match is read first as a list of ids, so the
  project filter is an OR of two indexable conditions (a bitmap OR) rather than a hashed subplan that
  forces a scan. pg_trgm takes "words" from the database's LC_CTYPE: under the C locale Chinese
  characters are no word characters and no trigram is made — the database needs a UTF-8 ctype
  (``C.UTF-8``, ``zh_CN.UTF-8``); ``trigrams_work`` tells.
- **SQLite**: FTS5 tables with the ``trigram`` tokenizer over the same names (external content, kept
  by triggers), which answer ``LIKE '%…%'`` from the index for terms of three characters or more;
  shorter terms, and terms with LIKE's wildcards, scan as before (the index cannot help them).
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

ENTERPRISE_IDS_AT_MOST = 5000  # more matching enterprises than this: keep the subquery

FTS_TABLES = {  # FTS5 table -> the table whose names it indexes
    "projects_name_fts": "projects_project",
    "enterprises_name_fts": "enterprises_enterprise",
}


def _fts_sql(fts, table):
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(name, content='{table}', content_rowid='id', "
        f"tokenize='trigram')",
        f"DROP TRIGGER IF EXISTS {fts}_insert",
        f"DROP TRIGGER IF EXISTS {fts}_update",
        f"DROP TRIGGER IF EXISTS {fts}_delete",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts} (rowid, name) VALUES (NEW.id, NEW.name); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts} ({fts}, rowid, name) VALUES ('delete', OLD.id, OLD.name); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF name ON {table} BEGIN "
        f"INSERT INTO {fts} ({fts}, rowid, name) VALUES ('delete', OLD.id, OLD.name); "
        f"INSERT INTO {fts} (rowid, name) VALUES (NEW.id, NEW.name); END",
        f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",
    ]


POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS project_name_trgm ON projects_project USING gin (UPPER(name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS project_code_trgm ON projects_project USING gin (UPPER(code::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS project_national_code_trgm ON projects_project "
    "USING gin (UPPER(national_code::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS enterprise_name_trgm ON enterprises_enterprise "
    "USING gin (UPPER(name::text) gin_trgm_ops)",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS project_name_trgm", "DROP INDEX IF EXISTS project_code_trgm",
                   "DROP INDEX IF EXISTS project_national_code_trgm", "DROP INDEX IF EXISTS enterprise_name_trgm"]
_SEEN = set()


def install(connection):
    """The search indexes of ``connection``'s database (pg_trgm must already be there on PostgreSQL)."""
    statements = (POSTGRESQL if connection.vendor == "postgresql" else
                  [sql for fts, table in FTS_TABLES.items() for sql in _fts_sql(fts, table)]
                  if connection.vendor == "sqlite" else [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection):
    _SEEN.discard(connection.alias)
    if connection.vendor == "postgresql":
        statements = POSTGRESQL_DROP
    elif connection.vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {fts}_{event}" for fts in FTS_TABLES
                      for event in ("insert", "update", "delete")] + [f"DROP TABLE IF EXISTS {fts}"
                                                                       for fts in FTS_TABLES]
    else:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def fts_installed(connection) -> bool:
    """Whether the SQLite FTS tables and their triggers are there (a table rebuild drops the triggers)."""
    if connection.vendor != "sqlite":
        return False
    if connection.alias in _SEEN:
        return True
    names = list(FTS_TABLES) + [f"{fts}_{event}" for fts in FTS_TABLES for event in ("insert", "update", "delete")]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({', '.join(['%s'] * len(names))})", names)
        present = cursor.fetchone()[0] == len(names)
    if present:
        _SEEN.add(connection.alias)
    return present


def trigrams_work(connection) -> bool:
    """Whether pg_trgm makes trigrams of Chinese text in this database (a UTF-8 LC_CTYPE)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('新材料') <> '{}'")
        return cursor.fetchone()[0]


def _indexable_by_fts(term):
    return len(term) >= 3 and not any(ch in term for ch in "%_\\")


def name_match(term: str) -> Q:
    """Projects whose name, or whose enterprise's name, contains ``term`` (case-insensitively)."""
    from tuijin.enterprises.models import Enterprise

    if connection.vendor == "sqlite" and _indexable_by_fts(term) and fts_installed(connection):
        pattern = [f"%{term}%"]
        return (Q(pk__in=RawSQL("SELECT rowid FROM projects_name_fts WHERE name LIKE %s", pattern))
                | Q(enterprise_id__in=RawSQL("SELECT rowid FROM enterprises_name_fts WHERE name LIKE %s", pattern)))
    enterprises = Enterprise.objects.filter(name__icontains=term).values("pk")
    if connection.vendor == "postgresql":
        ids = list(enterprises.values_list("pk", flat=True)[:ENTERPRISE_IDS_AT_MOST + 1])
        if len(ids) <= ENTERPRISE_IDS_AT_MOST:
            return Q(name__icontains=term) | Q(enterprise_id__in=ids)
    return Q(name__icontains=term) | Q(enterprise_id__in=enterprises)

"""Database triggers that make ``audit_auditentry`` append-only, whatever code or console writes to it.

UPDATE is refused except the one Django itself makes when a user is deleted (``actor`` set to
NULL, ``on_delete=SET_NULL``; ``actor_name`` keeps who it was). DELETE — and TRUNCATE on
PostgreSQL — is refused always. The only way round is :func:`suspended`, used by ``flush``
(which wipes the whole database: test teardown, ``restore --replace``) and nothing else.
"""

import contextlib

from django.db import transaction

TABLE = "audit_auditentry"
COLUMNS = ["at", "actor_name", "address", "source", "action", "model", "model_label", "object_pk",
           "object_repr", "changes", "id"]
MESSAGE = "审计记录只能新增，不能修改或删除"


def _same(columns):
    return " AND ".join(f"OLD.{column} IS NEW.{column}" for column in columns)


def _same_pg(columns):
    return " AND ".join(f"OLD.{column} IS NOT DISTINCT FROM NEW.{column}" for column in columns)


# Django stores JSON as text on SQLite and as jsonb on PostgreSQL: both compare with IS / IS NOT DISTINCT FROM.
SQLITE = [
    f"CREATE TRIGGER audit_refuse_update BEFORE UPDATE ON {TABLE} "
    f"WHEN NOT ({_same(COLUMNS)} AND NEW.actor_id IS NULL) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_refuse_update", "DROP TRIGGER IF EXISTS audit_refuse_delete"]

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION audit_refuse() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND {_same_pg(COLUMNS)} AND NEW.actor_id IS NULL THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END $$ LANGUAGE plpgsql;
    """,
    f"CREATE TRIGGER audit_refuse_update BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION audit_refuse();",
    f"CREATE TRIGGER audit_refuse_truncate BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse();",
]
POSTGRESQL_DROP = [f"DROP TRIGGER IF EXISTS audit_refuse_update ON {TABLE}",
                   f"DROP TRIGGER IF EXISTS audit_refuse_truncate ON {TABLE}"]

INSTALL = {"sqlite": SQLITE, "postgresql": POSTGRESQL}
DROP = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}
NAMES = ["audit_refuse_update"]


def migrated(connection) -> bool:
    from django.db.migrations.recorder import MigrationRecorder

    return ("audit", "0002_append_only_triggers") in MigrationRecorder(connection).applied_migrations()


def installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_refuse_%'")
            return cursor.fetchone()[0] == len(SQLITE)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_refuse_%' AND NOT tgisinternal")
            return cursor.fetchone()[0] == 2
    return False


def install(connection):
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []) + INSTALL.get(connection.vendor, []):
            cursor.execute(statement)


@contextlib.contextmanager
def suspended(connection):
    """Lift the guard for the block, in one transaction, so that it is back even if the block fails."""
    if connection.vendor not in INSTALL or not migrated(connection):
        yield
        return
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            for statement in DROP[connection.vendor]:
                cursor.execute(statement)
        yield
        install(connection)

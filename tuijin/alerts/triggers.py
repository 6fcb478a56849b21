"""Database triggers that log which dashboard cells a write touches (see ``DashboardCell``).

Triggers rather than Django signals: imports, rollup rebuilds and admin actions write with
``bulk_create``, ``bulk_update`` and ``QuerySet.update()``, which send no signals; a trigger
sees every write, whichever code (or SQL console) makes it. A project logs its old and its
new (park, chain, category) when one of them or its investment changes; a yearly rollup
logs its project's key when its plan or monthly figures change.

SQLite drops a table's triggers when a migration rebuilds the table, so ``install`` runs
after every ``migrate`` (``apps.py``) as well as in migration 0003, and the dashboard
checks ``installed`` before trusting the cells.
"""

ROLLUP_COLUMNS = ["project_id", "year", "planned_investment"] + [f"completed_m{m:02d}" for m in range(1, 13)]
PROJECT_COLUMNS = ["park_id", "industry_chain", "category", "total_investment"]

MARK_SQLITE = (
    "INSERT INTO alerts_dashboardcellchange (park_key, industry_chain, category, changes) "
    "SELECT coalesce(park_id, 0), industry_chain, category, 1 FROM projects_project WHERE id = {row}.{column} "
    "ON CONFLICT (park_key, industry_chain, category) DO UPDATE SET changes = changes + 1;"
)
MARK_VALUES_SQLITE = (
    "INSERT INTO alerts_dashboardcellchange (park_key, industry_chain, category, changes) "
    "VALUES (coalesce({row}.park_id, 0), {row}.industry_chain, {row}.category, 1) "
    "ON CONFLICT (park_key, industry_chain, category) DO UPDATE SET changes = changes + 1;"
)


def _changed_sqlite(columns):
    return " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in columns)


SQLITE = [
    f"CREATE TRIGGER alerts_cells_project_insert AFTER INSERT ON projects_project BEGIN "
    f"{MARK_VALUES_SQLITE.format(row='NEW')} END;",
    f"CREATE TRIGGER alerts_cells_project_update AFTER UPDATE OF {', '.join(PROJECT_COLUMNS)} ON projects_project "
    f"WHEN {_changed_sqlite(PROJECT_COLUMNS)} BEGIN "
    f"{MARK_VALUES_SQLITE.format(row='OLD')} {MARK_VALUES_SQLITE.format(row='NEW')} END;",
    f"CREATE TRIGGER alerts_cells_project_delete AFTER DELETE ON projects_project BEGIN "
    f"{MARK_VALUES_SQLITE.format(row='OLD')} END;",
    f"CREATE TRIGGER alerts_cells_rollup_insert AFTER INSERT ON progress_projectyearrollup BEGIN "
    f"{MARK_SQLITE.format(row='NEW', column='project_id')} END;",
    f"CREATE TRIGGER alerts_cells_rollup_update AFTER UPDATE OF {', '.join(ROLLUP_COLUMNS)} "
    f"ON progress_projectyearrollup WHEN {_changed_sqlite(ROLLUP_COLUMNS)} BEGIN "
    f"{MARK_SQLITE.format(row='OLD', column='project_id')} {MARK_SQLITE.format(row='NEW', column='project_id')} END;",
    f"CREATE TRIGGER alerts_cells_rollup_delete AFTER DELETE ON progress_projectyearrollup BEGIN "
    f"{MARK_SQLITE.format(row='OLD', column='project_id')} END;",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS alerts_cells_{name}" for name in
               ("project_insert", "project_update", "project_delete", "rollup_insert", "rollup_update",
                "rollup_delete")]


def _row(columns, row):
    return "(" + ", ".join(f"{row}.{column}" for column in columns) + ")"


POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION alerts_cells_mark(park bigint, chain varchar, category varchar) RETURNS void AS $$
        INSERT INTO alerts_dashboardcellchange (park_key, industry_chain, category, changes)
        VALUES (coalesce(park, 0), chain, category, 1)
        ON CONFLICT (park_key, industry_chain, category)
        DO UPDATE SET changes = alerts_dashboardcellchange.changes + 1;
    $$ LANGUAGE sql;
    """,
    """
    CREATE OR REPLACE FUNCTION alerts_cells_project() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM alerts_cells_mark(OLD.park_id, OLD.industry_chain, OLD.category);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM alerts_cells_mark(NEW.park_id, NEW.industry_chain, NEW.category);
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE OR REPLACE FUNCTION alerts_cells_rollup() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM alerts_cells_mark(park_id, industry_chain, category) FROM projects_project
            WHERE id = OLD.project_id;
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.project_id <> OLD.project_id) THEN
            PERFORM alerts_cells_mark(park_id, industry_chain, category) FROM projects_project
            WHERE id = NEW.project_id;
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql;
    """,
    "CREATE TRIGGER alerts_cells_project_write AFTER INSERT OR DELETE ON projects_project "
    "FOR EACH ROW EXECUTE FUNCTION alerts_cells_project();",
    f"CREATE TRIGGER alerts_cells_project_update AFTER UPDATE OF {', '.join(PROJECT_COLUMNS)} ON projects_project "
    f"FOR EACH ROW WHEN ({_row(PROJECT_COLUMNS, 'OLD')} IS DISTINCT FROM {_row(PROJECT_COLUMNS, 'NEW')}) "
    f"EXECUTE FUNCTION alerts_cells_project();",
    "CREATE TRIGGER alerts_cells_rollup_write AFTER INSERT OR DELETE ON progress_projectyearrollup "
    "FOR EACH ROW EXECUTE FUNCTION alerts_cells_rollup();",
    f"CREATE TRIGGER alerts_cells_rollup_update AFTER UPDATE OF {', '.join(ROLLUP_COLUMNS)} "
    f"ON progress_projectyearrollup "
    f"FOR EACH ROW WHEN ({_row(ROLLUP_COLUMNS, 'OLD')} IS DISTINCT FROM {_row(ROLLUP_COLUMNS, 'NEW')}) "
    f"EXECUTE FUNCTION alerts_cells_rollup();",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS alerts_cells_project_write ON projects_project",
    "DROP TRIGGER IF EXISTS alerts_cells_project_update ON projects_project",
    "DROP TRIGGER IF EXISTS alerts_cells_rollup_write ON progress_projectyearrollup",
    "DROP TRIGGER IF EXISTS alerts_cells_rollup_update ON progress_projectyearrollup",
    "DROP FUNCTION IF EXISTS alerts_cells_project()",
    "DROP FUNCTION IF EXISTS alerts_cells_rollup()",
    "DROP FUNCTION IF EXISTS alerts_cells_mark(bigint, varchar, varchar)",
]



_SEEN = set()  # database aliases whose triggers this process has seen installed

TRIGGER_NAMES = {
    "sqlite": ["alerts_cells_project_insert", "alerts_cells_project_update", "alerts_cells_project_delete",
               "alerts_cells_rollup_insert", "alerts_cells_rollup_update", "alerts_cells_rollup_delete"],
    "postgresql": ["alerts_cells_project_write", "alerts_cells_project_update", "alerts_cells_rollup_write",
                   "alerts_cells_rollup_update"],
}


def installed(connection) -> bool:
    """Whether every trigger is in the database (a table rebuilt by a migration loses them on SQLite).

    Once seen, remembered for the connection (no query per page): ``install``, which ``post_migrate``
    runs when a migration dropped them, also makes every kept year recompute in full, so writes made
    while they were missing are counted.
    """
    names = TRIGGER_NAMES.get(connection.vendor)
    if names is None:
        return False
    if connection.alias in _SEEN:
        return True
    query = ("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({})"
             if connection.vendor == "sqlite" else
             "SELECT count(DISTINCT tgname) FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ({})")
    with connection.cursor() as cursor:
        cursor.execute(query.format(", ".join(["%s"] * len(names))), names)
        present = cursor.fetchone()[0] == len(names)
    if present:
        _SEEN.add(connection.alias)
    return present


def install(connection):
    """(Re)create the triggers; safe to run again. Other databases are refused loudly."""
    if connection.vendor not in TRIGGER_NAMES:
        raise RuntimeError(f"看板汇总触发器不支持数据库 {connection.vendor}（仅 SQLite、PostgreSQL）")
    drop, create = (SQLITE_DROP, SQLITE) if connection.vendor == "sqlite" else (POSTGRESQL_DROP[:4], POSTGRESQL)
    with connection.cursor() as cursor:
        for statement in drop + create:
            cursor.execute(statement)
        cursor.execute("UPDATE alerts_dashboardyear SET computed_at = NULL")  # recompute: writes may be unlogged


def uninstall(connection):
    _SEEN.discard(connection.alias)
    if connection.vendor in TRIGGER_NAMES:
        with connection.cursor() as cursor:
            for statement in SQLITE_DROP if connection.vendor == "sqlite" else POSTGRESQL_DROP:
                cursor.execute(statement)

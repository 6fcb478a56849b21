"""Database triggers that log which (park, chain, category) keys of some kept figures a write touches.

The battle map's cells (``alerts/triggers.py``) introduced the mechanism; the KPI page's figures
(``progress.kept``) and the warning counts (``alerts.warningcells``) use it through this builder, so
each set of kept figures has its own change table and its own triggers, written once here.

A change table has the columns ``park_key`` (0 for "no park"), ``industry_chain``, ``category`` and
``changes``, unique on the key; with ``shards`` also ``shard`` (the project id modulo ``shards``), so
that a key of 15,000 projects is recomputed a sixteenth at a time after one edit. A watched table either carries the key itself (``projects_project``:
``via=None``) or reaches it through a project id column (``via="project_id"``).

SQLite gets row triggers (``AFTER UPDATE OF … WHEN`` a watched column changed). PostgreSQL gets
statement triggers with transition tables: a bulk write (an import, the warning scan's 100,000
inserts) marks its keys in one grouped upsert instead of one per row. PostgreSQL allows no column
list with transition tables, so the update trigger compares the old and new rows itself.
Triggers rather than signals: ``bulk_create``, ``bulk_update`` and ``QuerySet.update()`` send none.
"""

from dataclasses import dataclass, field

KEY = ("park_id", "industry_chain", "category")
SEEN = set()  # (database alias, trigger set name) seen installed in this process


@dataclass(frozen=True)
class Watch:
    table: str
    columns: tuple  # the columns whose change makes the key's figures stale
    via: str | None = None  # the column holding a project id; None when the row is the project


@dataclass
class CellTriggers:
    name: str  # prefix of every trigger and function name
    change_table: str
    watches: list = field(default_factory=list)
    on_install: list = field(default_factory=list)  # SQL run after installing: drop what the triggers keep
    shards: int = 0  # 0: the key is (park, chain, category); N: the project id modulo N is part of it

    @property
    def _columns(self):
        return "park_key, industry_chain, category" + (", shard" if self.shards else "")

    def _shard(self, watch, row):
        return f", {row}.{watch.via or 'id'} % {self.shards}" if self.shards else ""

    # ------------------------------------------------------------------ SQLite

    def _sqlite_mark(self, watch, row):
        upsert = (f"INSERT INTO {self.change_table} ({self._columns}, changes) {{source}} "
                  f"ON CONFLICT ({self._columns}) DO UPDATE SET changes = changes + 1;")
        shard = self._shard(watch, row)
        if watch.via is None:
            return upsert.format(source=f"VALUES (coalesce({row}.park_id, 0), {row}.industry_chain, "
                                        f"{row}.category{shard}, 1)")
        return upsert.format(source=f"SELECT coalesce(park_id, 0), industry_chain, category{shard}, 1 "
                                    f"FROM projects_project WHERE id = {row}.{watch.via}")

    def _trigger(self, watch, event):
        return f"{self.name}_{watch.table}_{event}"

    def sqlite(self):
        statements = []
        for watch in self.watches:
            changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in watch.columns)
            statements += [
                f"CREATE TRIGGER {self._trigger(watch, 'insert')} AFTER INSERT ON {watch.table} BEGIN "
                f"{self._sqlite_mark(watch, 'NEW')} END;",
                f"CREATE TRIGGER {self._trigger(watch, 'update')} AFTER UPDATE OF {', '.join(watch.columns)} "
                f"ON {watch.table} WHEN {changed} BEGIN "
                f"{self._sqlite_mark(watch, 'OLD')} {self._sqlite_mark(watch, 'NEW')} END;",
                f"CREATE TRIGGER {self._trigger(watch, 'delete')} AFTER DELETE ON {watch.table} BEGIN "
                f"{self._sqlite_mark(watch, 'OLD')} END;",
            ]
        return statements

    def sqlite_names(self):
        return [self._trigger(watch, event) for watch in self.watches for event in ("insert", "update", "delete")]

    # -------------------------------------------------------------- PostgreSQL

    def _keys(self, watch, source):
        """SELECT of the (park key, chain, category) of every row of ``source`` (a transition table or subquery)."""
        shard = f"{self._shard(watch, 'r')} AS shard" if self.shards else ""
        if watch.via is None:
            return f"SELECT coalesce(r.park_id, 0) AS park_key, r.industry_chain, r.category{shard} FROM {source} r"
        return (f"SELECT coalesce(p.park_id, 0) AS park_key, p.industry_chain, p.category{shard} FROM {source} r "
                f"JOIN projects_project p ON p.id = r.{watch.via}")

    def _upsert(self, keys):
        return (f"INSERT INTO {self.change_table} ({self._columns}, changes) "
                f"SELECT {self._columns}, count(*) FROM ({keys}) k GROUP BY {self._columns} "
                f"ON CONFLICT ({self._columns}) "
                f"DO UPDATE SET changes = {self.change_table}.changes + excluded.changes;")

    def _function(self, watch, event):
        return f"{self.name}_{watch.table}_{event}_fn"

    def postgresql(self):
        statements = []
        for watch in self.watches:
            old_columns = ", ".join(f"o.{column}" for column in watch.columns)
            new_columns = ", ".join(f"n.{column}" for column in watch.columns)
            changed_old = (f"SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id "
                           f"WHERE ({old_columns}) IS DISTINCT FROM ({new_columns})")
            changed_new = (f"SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id "
                           f"WHERE ({old_columns}) IS DISTINCT FROM ({new_columns})")
            bodies = {
                "insert": self._upsert(self._keys(watch, "new_rows")),
                "delete": self._upsert(self._keys(watch, "old_rows")),
                "update": self._upsert(f"{self._keys(watch, f'({changed_old})')} UNION ALL "
                                       f"{self._keys(watch, f'({changed_new})')}"),
            }
            referencing = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows",
                           "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}
            for event, body in bodies.items():
                function = self._function(watch, event)
                statements += [
                    f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN {body} RETURN NULL; END "
                    f"$$ LANGUAGE plpgsql;",
                    f"DROP TRIGGER IF EXISTS {self._trigger(watch, event)} ON {watch.table};",
                    f"CREATE TRIGGER {self._trigger(watch, event)} AFTER {event.upper()} ON {watch.table} "
                    f"REFERENCING {referencing[event]} FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
                ]
        return statements

    def postgresql_drop(self):
        statements = []
        for watch in self.watches:
            for event in ("insert", "update", "delete"):
                statements += [f"DROP TRIGGER IF EXISTS {self._trigger(watch, event)} ON {watch.table}",
                               f"DROP FUNCTION IF EXISTS {self._function(watch, event)}()"]
        return statements

    # ---------------------------------------------------------------- use

    def installed(self, connection) -> bool:
        """Whether every trigger is in the database (a table rebuilt by a migration loses them on SQLite).

        Once seen, remembered for the connection: a page then pays no query for it. That is safe because
        ``install`` — which a ``post_migrate`` handler runs when a migration dropped the triggers — also
        makes the owner drop its kept figures (``on_install``), so writes made meanwhile are counted anew.
        """
        if connection.vendor not in ("sqlite", "postgresql"):
            return False
        if (connection.alias, self.name) in SEEN:
            return True
        if self._present(connection):
            SEEN.add((connection.alias, self.name))
            return True
        return False

    def _present(self, connection) -> bool:
        names = self.sqlite_names()
        query = ("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({})"
                 if connection.vendor == "sqlite" else
                 "SELECT count(DISTINCT tgname) FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ({})")
        with connection.cursor() as cursor:
            cursor.execute(query.format(", ".join(["%s"] * len(names))), names)
            return cursor.fetchone()[0] == len(names)

    def install(self, connection):
        """(Re)create the triggers and drop the kept figures (``on_install``); safe to run again.
        Other databases are refused loudly."""
        if connection.vendor == "sqlite":
            statements = [f"DROP TRIGGER IF EXISTS {name}" for name in self.sqlite_names()] + self.sqlite()
        elif connection.vendor == "postgresql":
            statements = self.postgresql()
        else:
            raise RuntimeError(f"汇总触发器不支持数据库 {connection.vendor}（仅 SQLite、PostgreSQL）")
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            for statement in self.on_install:
                cursor.execute(statement)

    def uninstall(self, connection):
        if connection.vendor == "sqlite":
            statements = [f"DROP TRIGGER IF EXISTS {name}" for name in self.sqlite_names()]
        elif connection.vendor == "postgresql":
            statements = self.postgresql_drop()
        else:
            return
        SEEN.discard((connection.alias, self.name))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

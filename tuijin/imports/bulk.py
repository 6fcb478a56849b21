"""Insert and update thousands of rows with one prepared statement each.

Django's ``bulk_create`` on SQLite splits an insert into batches of 999 parameters (22 projects of
44 columns) and prepares every value through several layers of field methods; ``bulk_update``
writes a CASE expression per field per row. For a 10,000-project sheet that was about six seconds
of Python. Here each model's columns get one adapter chosen once, and the rows go to the driver's
``executemany`` — the same SQL Django would send, minus the per-value overhead. Like
``bulk_create`` this sends no signals and calls no ``save()``; callers set ``auto_now`` fields.
"""

from django.db import connection, models


def _memo(adapt):
    """Adapt each distinct value once: an import stamps one ``now`` and a few dates on every row."""
    cache = {None: None}

    def adapted(value):
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = adapt(value)
            return result

    return adapted


def _adapter(field):
    """A function turning a Python value into what the database driver accepts for ``field``."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _memo(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _memo(ops.adapt_datefield_value)
    if isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places
        return _memo(lambda value: ops.adapt_decimalfield_value(value, digits, places))
    if isinstance(field, models.JSONField):
        empty = {}  # most rows carry an empty {} or []; adapt those once

        def adapt_json(value):
            if value is None or value:
                return field.get_db_prep_save(value, connection)
            kind = type(value)
            if kind not in empty:
                empty[kind] = field.get_db_prep_save(value, connection)
            return empty[kind]

        return adapt_json
    if isinstance(field, (models.CharField, models.TextField)):
        # TextChoices members are str subclasses; drivers may adapt an Enum by its name, so pass the value.
        return lambda value: value if value is None or type(value) is str else str(value)
    if isinstance(field, (models.IntegerField, models.BooleanField, models.ForeignKey)):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def _columns(model, names):
    fields = [model._meta.get_field(name) for name in names]
    return fields, [_adapter(field) for field in fields]


def insert_rows(model, rows: list[dict], batch=1000) -> None:
    """INSERT ``rows`` (dicts of field name or attname → value; all with the same keys) into ``model``'s table.

    SQLite runs ``executemany`` in-process, fast. PostgreSQL would pay a round trip per row, so
    there the rows are streamed with COPY, which is what COPY is for.
    """
    if not rows:
        return
    names = list(rows[0])
    fields, adapters = _columns(model, names)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([adapt(row[name]) for adapt, name in zip(adapters, names)])
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, [[adapt(row[name]) for adapt, name in zip(adapters, names)]
                                     for row in rows[start:start + batch]])


def update_rows(model, changes: list[tuple[int, dict]], batch=2000) -> None:
    """UPDATE each (pk, {field: value}); rows that change the same fields are written together.

    On PostgreSQL the new values are copied into a temporary table and applied with one
    UPDATE … FROM; on SQLite one prepared UPDATE runs per row through ``executemany``.
    """
    groups = {}
    for pk, values in changes:
        groups.setdefault(tuple(sorted(values)), []).append((pk, values))
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk_column = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for number, (names, items) in enumerate(groups.items()):
            fields, adapters = _columns(model, names)
            params = ([*(adapt(values[name]) for adapt, name in zip(adapters, names)), pk] for pk, values in items)
            if connection.vendor == "postgresql":
                scratch = quote(f"import_update_{number}")
                columns = ", ".join(quote(field.column) for field in fields)
                cursor.execute(f"CREATE TEMPORARY TABLE {scratch} AS SELECT {columns}, {pk_column} FROM {table} "
                               "WITH NO DATA")
                with cursor.cursor.copy(f"COPY {scratch} ({columns}, {pk_column}) FROM STDIN") as copy:
                    for row in params:
                        copy.write_row(row)
                assignments = ", ".join(f"{quote(field.column)} = {scratch}.{quote(field.column)}" for field in fields)
                cursor.execute(f"UPDATE {table} SET {assignments} FROM {scratch} "
                               f"WHERE {table}.{pk_column} = {scratch}.{pk_column}")
                cursor.execute(f"DROP TABLE {scratch}")
                continue
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"
            params = list(params)
            for start in range(0, len(params), batch):
                cursor.executemany(sql, params[start:start + batch])

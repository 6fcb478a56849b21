"""Reading a queryset's rows straight from the database driver."""

from django.db import connections


def raw_rows(queryset) -> list[tuple]:
    """The rows of ``queryset``'s SQL as the driver returns them, without Django's per-value converters.

    At 50,000 rows and more the converters (one Python call per cell, even for a cast the database
    already did) cost more than the query: the forecast's read went from 4.1 s to about 1 s of it.
    Use it on ``values_list`` querysets whose columns need no conversion (numbers cast by the
    database, ids, plain text).
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()

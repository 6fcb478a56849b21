"""The progress page's figures kept per (year, as of, park, chain, category), never stale.

``/progress/`` counted every KPI over the whole district on each request: 17 queries, each a scan,
0.8 s at 200,000 projects on SQLite. ``figures`` adds up ``KpiCell`` rows instead (a few hundred),
after recomputing, with the very querysets the live figures use (``calculations.figure_queries``,
``lists.year_list_figures``, run grouped by the key), only the keys whose projects, rollups or
plans changed since. Database triggers (``TRIGGERS``, the battle map's mechanism built by
``lib.celltriggers``) log those keys in ``KpiCellChange`` whatever writes the rows — an action, an
import, ``bulk_update``, the admin or a SQL console. A scope that is not a set of parks (a
department's projects) and a database without the triggers are counted live, so a figure is never
served stale.
"""

import datetime as dt
import operator
from decimal import Decimal
from functools import reduce

from django.db import OperationalError, connection, transaction
from django.db.models import DecimalField, F, Q, QuerySet, Sum
from django.utils import timezone

from tuijin.accounts.access import project_scope_parks
from tuijin.lib.celltriggers import CellTriggers, Watch
from tuijin.projects.models import Project

from . import calculations, lists
from .models import KPI_FIGURES, MONTH_FIELDS, KpiCell, KpiCellChange, KpiDay

FULL_PASS_KEYS = 200  # more changed keys than this: recompute the whole day at once
KEY = ("park_id", "industry_chain", "category")
# Each key split by project id: the bench district has 13 keys of 15,000 projects at 200,000, and one edit
# recomputed its whole key (7 grouped queries, ~60 ms on SQLite); a sixteenth of it takes a few ms.
SHARDS = 16

TRIGGERS = CellTriggers("progress_kpi", "progress_kpicellchange", [
    Watch("projects_project", ("park_id", "industry_chain", "category", "total_investment", "stage",
                               "actual_start_date", "actual_complete_date", "stats_filed_on")),
    Watch("progress_projectyearrollup", ("project_id", "year", "planned_investment", *MONTH_FIELDS,
                                         "funds_arrived_total", "plans_start"), via="project_id"),
    Watch("progress_yearlyplan", ("project_id", "year", "plans_start", "plans_complete", "plans_operate",
                                  "plans_capacity"), via="project_id"),
], on_install=["DELETE FROM progress_kpicell", "DELETE FROM progress_kpiday"], shards=SHARDS)


def cell_scope(user, park=None) -> dict | None:
    """The cell filter equal to what ``user`` sees, narrowed to ``park``; None when only a live count fits."""
    scope = project_scope_parks(user)
    if scope is None or park is None:
        return scope
    if scope and scope["park_id"] != park.pk:
        return None  # another park's figures: the live count over the user's scope (nothing) answers
    return {"park_id": park.pk}


def figures(year: int, as_of: dt.date, scope: dict | None) -> dict | None:
    """Every KPI aggregate (``KPI_FIGURES``) over the projects in ``scope``, from the cells; None to count live."""
    if scope is None or not TRIGGERS.installed(connection):
        return None
    with connection.cursor() as cursor:  # one query: is the day computed, and nothing changed since?
        cursor.execute("SELECT EXISTS (SELECT 1 FROM progress_kpiday WHERE year = %s AND as_of = %s "
                       "AND computed_at IS NOT NULL), EXISTS (SELECT 1 FROM progress_kpicellchange)",
                       [year, as_of])
        computed, changed = cursor.fetchone()
    if not computed or changed:
        try:
            refresh(year, as_of)
        except OperationalError:
            return None  # SQLite busy with a long write (an import): count live rather than wait or fail
    sums = KpiCell.objects.filter(year=year, as_of=as_of, **scope).aggregate(
        **{name: Sum(name) for name in KPI_FIGURES})
    return {name: value if value is not None else _zero(name) for name, value in sums.items()}


def _zero(name):
    return Decimal(0) if isinstance(KpiCell._meta.get_field(name), DecimalField) else 0


def refresh(year: int, as_of: dt.date):
    """Compute (year, as of)'s cells if it has none, and recompute every kept day's cells whose keys changed.

    The days' rows are locked first, so two requests never recompute at once; earlier days of the same
    year are dropped (a page asks for today, or the year's last day). A change row is removed only if its
    count is still the one read before recomputing: a write landing meanwhile keeps its row for next time.
    """
    with transaction.atomic():
        KpiDay.objects.get_or_create(year=year, as_of=as_of)
        stale = KpiDay.objects.filter(year=year, as_of__lt=as_of)
        KpiCell.objects.filter(year=year, as_of__lt=as_of).delete()
        stale.delete()
        days = list(KpiDay.objects.select_for_update().order_by("year", "as_of"))
        changes = list(KpiCellChange.objects.select_for_update(skip_locked=True)
                       .values_list("pk", "park_key", "industry_chain", "category", "shard", "changes"))
        keys = None if len(changes) > FULL_PASS_KEYS else [change[1:5] for change in changes]
        for day in days:
            if day.computed_at is None:
                _recompute(day.year, day.as_of, None)
                day.computed_at = timezone.now()
                day.save(update_fields=["computed_at"])
            elif changes:
                _recompute(day.year, day.as_of, keys)
        for start in range(0, len(changes), 300):
            done = [Q(pk=pk, changes=count) for pk, *_, count in changes[start:start + 300]]
            KpiCellChange.objects.filter(reduce(operator.or_, done)).delete()


def key_filter(keys, prefix=""):
    """Rows of the given (park key, chain, category[, shard]) keys; park key 0 is "no park".

    A shard is matched on a ``shard`` field (the cells) or alias (``sharded`` projects)."""
    def one(park_key, chain, category, *shard):
        condition = Q(**{f"{prefix}industry_chain": chain, f"{prefix}category": category,
                         **({f"{prefix}park_id": park_key} if park_key else {f"{prefix}park_id__isnull": True}),
                         **({"shard": shard[0]} if shard else {})})
        return condition

    return reduce(operator.or_, [one(*key) for key in keys])


def sharded(queryset, path=""):
    """``queryset`` with ``shard``: its project's id modulo ``SHARDS``, as the triggers compute it."""
    return queryset.alias(shard=F(f"{path}id") % SHARDS)


def grouped(year: int, as_of: dt.date, projects: QuerySet | None) -> dict:
    """The live aggregates of ``projects``, per (park, chain, category): {key: {figure: value}}."""
    queries = calculations.figure_queries(year, as_of, projects)
    queries.append((*lists.year_list_figures(year, projects), "project__"))
    cells = {}
    for queryset, aggregates, path in queries:
        fields = [f"{path}{name}" for name in KEY]
        grouped_rows = queryset.order_by().values(*fields, shard=F(f"{path}id") % SHARDS).annotate(**aggregates)
        for row in grouped_rows:
            key = tuple(row[field] for field in fields) + (row["shard"],)
            cells.setdefault(key, {}).update({name: row[name] for name in aggregates})
    return cells


def _recompute(year, as_of, keys):
    projects, cells = None, KpiCell.objects.filter(year=year, as_of=as_of)
    if keys is not None:
        projects, cells = sharded(Project.objects.all()).filter(key_filter(keys)), cells.filter(key_filter(keys))
    fresh = [
        KpiCell(year=year, as_of=as_of, park_id=park_id, industry_chain=chain, category=category, shard=shard,
                **{name: values.get(name) or _zero(name) for name in KPI_FIGURES})
        for (park_id, chain, category, shard), values in grouped(year, as_of, projects).items()
    ]
    cells.delete()
    KpiCell.objects.bulk_create(fresh, batch_size=500)

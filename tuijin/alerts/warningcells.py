"""The dashboard's warning counts per level, kept per (park, chain, category) and never stale.

``dashboard.warning_counts`` counted every active warning on each request (0.12 s at 200,000
projects). ``counts`` adds up ``WarningCell`` rows instead, after recomputing, with the same grouped
query as the live count (``figures``), the keys whose warnings or projects changed since: database
triggers (``TRIGGERS``, built by ``lib.celltriggers`` as the battle map's are) log them in
``WarningCellChange`` whatever writes the rows — the scan's bulk writes included. A scope that is not
a set of parks, and a database without the triggers, are counted live.
"""

import operator
from functools import reduce

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from tuijin.lib.celltriggers import CellTriggers, Watch
from tuijin.progress.kept import FULL_PASS_KEYS, key_filter

from .models import Warning, WarningCell, WarningCellChange, WarningCellState, WarningLevel

TRIGGERS = CellTriggers("alerts_warncells", "alerts_warningcellchange", [
    Watch("alerts_warning", ("project_id", "level", "status"), via="project_id"),
    Watch("projects_project", ("park_id", "industry_chain", "category")),
], on_install=["DELETE FROM alerts_warningcell", "DELETE FROM alerts_warningcellstate"])
KEY = ["project__park_id", "project__industry_chain", "project__category"]


def figures():
    """Per level: the distinct warned projects and the warnings (what the cards and the drill-down show)."""
    return {"projects": Count("project_id", distinct=True), "warnings": Count("pk")}


def live(warnings: QuerySet, group=()) -> QuerySet:
    """The active ``warnings`` counted per level (and per ``group`` fields): the one definition."""
    return warnings.order_by().values(*group, "level").annotate(**figures())


def counts(scope: dict | None) -> dict | None:
    """{level: {"projects", "warnings"}} over the projects in ``scope`` from the cells; None to count live."""
    if scope is None or not TRIGGERS.installed(connection):
        return None
    with connection.cursor() as cursor:  # one query: computed once, and nothing changed since?
        cursor.execute("SELECT EXISTS (SELECT 1 FROM alerts_warningcellstate WHERE computed_at IS NOT NULL), "
                       "EXISTS (SELECT 1 FROM alerts_warningcellchange)")
        computed, changed = cursor.fetchone()
    if not computed or changed:
        try:
            refresh()
        except OperationalError:
            return None  # SQLite busy with a long write: count live rather than wait or fail
    result = {level: {"projects": 0, "warnings": 0} for level in WarningLevel}
    for level, n_projects, n_warnings in WarningCell.objects.filter(**scope).order_by().values("level").annotate(
            p=Sum("projects"), w=Sum("warnings")).values_list("level", "p", "w"):
        result[level] = {"projects": n_projects, "warnings": n_warnings}
    return result


def refresh():
    """Compute the cells if never computed, else recompute the keys logged as changed (see ``progress.kept``)."""
    with transaction.atomic():
        WarningCellState.objects.get_or_create(pk=1)
        state = WarningCellState.objects.select_for_update().get(pk=1)
        changes = list(WarningCellChange.objects.select_for_update(skip_locked=True)
                       .values_list("pk", "park_key", "industry_chain", "category", "changes"))
        if state.computed_at is None or len(changes) > FULL_PASS_KEYS:
            _recompute(None)
            state.computed_at = timezone.now()
            state.save(update_fields=["computed_at"])
        elif changes:
            _recompute([change[1:4] for change in changes])
        for start in range(0, len(changes), 300):
            done = [Q(pk=pk, changes=count) for pk, *_, count in changes[start:start + 300]]
            WarningCellChange.objects.filter(reduce(operator.or_, done)).delete()


def _recompute(keys):
    warnings, cells = Warning.objects.active(), WarningCell.objects.all()
    if keys is not None:
        warnings, cells = warnings.filter(key_filter(keys, "project__")), cells.filter(key_filter(keys))
    fresh = [WarningCell(park_id=row["project__park_id"], industry_chain=row["project__industry_chain"],
                         category=row["project__category"], level=row["level"], projects=row["projects"],
                         warnings=row["warnings"])
             for row in live(warnings, KEY)]
    cells.delete()
    WarningCell.objects.bulk_create(fresh, batch_size=500)

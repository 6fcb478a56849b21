"""The battle map's figures per (park, chain, category, size band), live or from the kept cells.

``cube`` is the one definition: a grouped pass over the projects joined to their rollup of
the year. At 50,000 projects that pass costs SQLite about 200 ms, too slow for a page every
leader opens each morning, so ``rows`` reads the same figures from ``DashboardCell`` (a few
hundred rows) after recomputing, with ``cube`` itself, only the cells whose projects or
rollups changed since (the database triggers in ``triggers.py`` log them). Scopes that are
not a set of parks (a department's projects) and a database without the triggers are
counted live, so no figure is ever served stale.
"""

import operator
from functools import reduce

from django.db import OperationalError, connection, transaction
from django.db.models import Case, Count, F, FilteredRelation, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from tuijin.accounts.access import project_scope_parks
from tuijin.progress import calculations
from tuijin.progress.models import MONTH_FIELDS
from tuijin.projects.models import Project

from . import triggers
from .models import DashboardCell, DashboardCellChange, DashboardYear

FULL_PASS_KEYS = 200  # more changed (park, chain, category) keys than this: recompute the whole year at once
FIGURES = ["n", "investment", "planned", "behind_half", *MONTH_FIELDS]
CELL_FIELDS = {"n": "projects"}  # cube key -> DashboardCell field, where they differ


class Band:
    """Size bands for the charts (non-overlapping, unlike the bureaus' "X 以上" bands)."""

    CHOICES = [("1b", "10亿元以上", 100000, None), ("100m", "1亿–10亿元", 10000, 100000),
               ("50m", "5000万–1亿元", 5000, 10000), ("small", "5000万元以下", None, 5000)]

    @classmethod
    def q(cls, key):
        for value, _, low, high in cls.CHOICES:
            if value == key:
                condition = Q()
                if low is not None:
                    condition &= Q(total_investment__gte=low)
                if high is not None:
                    condition &= Q(total_investment__lt=high)
                return condition
        return None

    @classmethod
    def expression(cls):
        return Case(*[When(cls.q(value), then=Value(value)) for value, *_ in cls.CHOICES[:-1]],
                    default=Value("small"))


def cube(projects: QuerySet, year: int) -> list[dict]:
    """One grouped pass: per (park, chain, category, band), the projects, their investment and the year's money.

    Monthly completion counts only for projects with a plan this year (as 投资完成率 does);
    ``behind_half`` counts those whose first-half completion is under half their plan (双过半).
    """
    planned = calculations.has_plan("r__")
    first_half = calculations.completed_through(6, "r__", nullable=True)
    behind = calculations.behind_half(F("first_half"), F("r__planned_investment"))
    sums = {field: Sum(F(f"r__{field}"), filter=planned) for field in MONTH_FIELDS}
    return list(
        projects.order_by().annotate(r=FilteredRelation("rollups", condition=Q(rollups__year=year)),
                                     band=Band.expression(), first_half=first_half)
        .values("park_id", "industry_chain", "category", "band")
        .annotate(n=Count("pk"), investment=Sum("total_investment"), planned=Sum("r__planned_investment"),
                  behind_half=Count("pk", filter=planned & behind), **sums)
    )


def dimensions(user, park=None) -> dict | None:
    """The cell filter equal to what ``user`` sees, narrowed to ``park``; None when only a live count fits."""
    scope = project_scope_parks(user)
    if scope is None or park is None:
        return scope
    if scope and scope["park_id"] != park.pk:
        return None  # another park's figures: the live count over the user's scope (nothing) answers
    return {"park_id": park.pk}


def rows(year: int, scope: dict) -> list[dict] | None:
    """``cube``'s rows for every project in ``scope`` (see ``dimensions``), from the cells; None without triggers."""
    if not triggers.installed(connection):
        return None
    if not (DashboardYear.objects.filter(year=year, computed_at__isnull=False).exists()
            and not DashboardCellChange.objects.exists()):
        try:
            refresh(year)
        except OperationalError:
            return None  # SQLite busy with a long write (an import): count live rather than wait or fail
    fields = ["park_id", "industry_chain", "category", "band", *[CELL_FIELDS.get(name, name) for name in FIGURES]]
    return [
        {**{key: cell[key] for key in ("park_id", "industry_chain", "category", "band")},
         **{name: cell[CELL_FIELDS.get(name, name)] for name in FIGURES}}
        for cell in DashboardCell.objects.filter(year=year, **scope).values(*fields)
    ]


def refresh(year: int):
    """Compute ``year``'s cells if it has none, and recompute every kept year's cells that changed.

    The years' rows are locked first, so two requests never recompute at once. A change row
    is removed only if its count is still the one read before recomputing: a write that
    lands meanwhile keeps its row, and the next refresh picks it up.
    """
    with transaction.atomic():
        DashboardYear.objects.get_or_create(year=year)
        years = list(DashboardYear.objects.select_for_update().order_by("year"))
        # Rows a writer holds are skipped (it has not committed; the next refresh takes them), so a
        # refresh never waits on a writer and the two cannot deadlock over change rows.
        changes = list(DashboardCellChange.objects.select_for_update(skip_locked=True)
                       .values_list("pk", "park_key", "industry_chain", "category", "changes"))
        keys = None if len(changes) > FULL_PASS_KEYS else [change[1:4] for change in changes]
        for kept in years:
            if kept.computed_at is None:
                _recompute(kept.year, None)
                kept.computed_at = timezone.now()
                kept.save(update_fields=["computed_at"])
            elif changes:
                _recompute(kept.year, keys)
        for start in range(0, len(changes), 300):
            done = [Q(pk=pk, changes=count) for pk, *_, count in changes[start:start + 300]]
            DashboardCellChange.objects.filter(reduce(operator.or_, done)).delete()


def _key_filter(keys):
    """Projects and cells of the given (park key, chain, category) keys; park key 0 is "no park"."""
    return reduce(operator.or_, [Q(park_id=park_key, industry_chain=chain, category=category)
                                 if park_key else Q(park_id__isnull=True, industry_chain=chain, category=category)
                                 for park_key, chain, category in keys])


def _recompute(year, keys):
    projects, cells = Project.objects.all(), DashboardCell.objects.filter(year=year)
    if keys is not None:
        projects, cells = projects.filter(_key_filter(keys)), cells.filter(_key_filter(keys))
    fresh = [
        DashboardCell(year=year, park_id=row["park_id"], industry_chain=row["industry_chain"],
                      category=row["category"], band=row["band"],
                      **{CELL_FIELDS.get(name, name): row[name] or 0 for name in FIGURES})
        for row in cube(projects, year)
    ]
    cells.delete()
    DashboardCell.objects.bulk_create(fresh, batch_size=500)

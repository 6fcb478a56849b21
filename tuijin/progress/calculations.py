"""The bureau's progress KPIs as pure functions over the rollups — the one place each is defined.

Each KPI returns its figure **and the projects behind it** (``Kpi.base`` for the
denominator, ``Kpi.hits`` for the numerator), so every number on a page can link to the
list that makes it. Querysets are lazy: a page that shows only the figure pays for one
aggregate query, and a drill-down pays only for the list it opens.

The rules themselves are public building blocks here, so the battle map's kept cells
(``alerts.summary``), the warning rules (``alerts.rules``) and the scheduling meeting's agenda
(``coordination.calculations``) put the same expression inside their own queries instead of
saying again how a figure is computed: ``completed_through`` (投资完成 up to a month),
``completion_share``/``percent`` (投资完成率), ``behind_time`` (落后时间进度),
``behind_half``/``half_passed`` (双过半), ``planned_start``/``started_in``/``continuing`` (开工率、
开复工率), ``must_file`` (入库入统、应统尽统) and ``funds_arrival`` (资金到位率).
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from tuijin.projects.models import Project, Stage

from .models import MONTH_FIELDS, ProjectYearRollup

ZERO = Decimal(0)
STATS_THRESHOLD = Decimal(500)  # 万元: a started project at or above this must be filed (应统尽统)
INACTIVE = [Stage.SUSPENDED, Stage.TERMINATED]


@dataclass
class Kpi:
    key: str
    label: str
    numerator: Decimal | int
    denominator: Decimal | int
    hits: QuerySet  # the projects counted in the numerator
    base: QuerySet  # the projects the figure is measured over
    unit: str = "%"

    @property
    def rate(self) -> Decimal | None:
        """numerator / denominator in percent, one decimal; None when there is nothing to measure."""
        return percent(self.numerator, self.denominator)


def completion_share(numerator, denominator) -> Decimal | None:
    """numerator / denominator in percent, unrounded (for measures that subtract it); None without a base."""
    if not denominator:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


def percent(numerator, denominator) -> Decimal | None:
    """numerator / denominator in percent with one decimal (half up); None when there is nothing to measure."""
    share = completion_share(numerator, denominator)
    return None if share is None else share.quantize(Decimal("0.1"), ROUND_HALF_UP)


def half_passed(rate: Decimal | None) -> bool:
    """双过半 is passed when the first half's completion rate is at least half of the yearly plan."""
    return rate is not None and rate >= 50


def time_progress(year: int, as_of: dt.date) -> Decimal:
    """Elapsed share of ``year`` at the end of ``as_of``, in percent (时间进度)."""
    if as_of.year < year:
        return ZERO
    if as_of.year > year:
        return Decimal(100)
    days = 366 if calendar.isleap(year) else 365
    return (Decimal(as_of.timetuple().tm_yday) * 100 / days).quantize(Decimal("0.1"), ROUND_HALF_UP)


def months_reported(year: int, as_of: dt.date) -> int:
    """How many months of ``year`` count at ``as_of``: reports are for whole months, the current one included."""
    if as_of.year < year:
        return 0
    return 12 if as_of.year > year else as_of.month


def completed_through(months: int, prefix: str = "", *, nullable: bool = False):
    """An expression summing the first ``months`` monthly columns of a rollup (投资完成 so far).

    ``prefix`` reaches the rollup through a relation (``"r__"`` for the battle map's joined
    rollup); ``nullable`` treats a missing rollup's months as zero, as a left join needs.
    """
    if months == 0:
        return Value(ZERO)
    columns = [F(f"{prefix}{field}") for field in MONTH_FIELDS[:months]]
    if nullable:
        columns = [Coalesce(column, Value(ZERO)) for column in columns]
    expression = columns[0]
    for column in columns[1:]:
        expression = expression + column
    return expression


def has_plan(prefix: str = "") -> Q:
    """A rollup that counts in 投资完成率: a yearly plan above zero (the denominator's projects)."""
    return Q(**{f"{prefix}planned_investment__gt": 0})


def behind_half(done, planned):
    """双过半, per project: its first-half completion ``done`` is under half its yearly plan ``planned``."""
    return LessThan(done, planned / 2)


def behind_time(done, planned, time_share: Decimal):
    """Completion ``done`` is under ``time_share`` percent of the plan (落后时间进度 by that many points)."""
    return LessThan(done, planned * time_share / 100)


def _scoped(projects: QuerySet | None) -> QuerySet:
    return Project.objects.all() if projects is None else projects


def _rollups(year: int, projects: QuerySet | None) -> QuerySet:
    """The year's rollups of the projects in scope; a scope without conditions adds no subquery."""
    rollups = ProjectYearRollup.objects.filter(year=year)
    if projects is not None and projects.query.where:
        rollups = rollups.filter(project__in=projects)
    return rollups


def _money(expression):
    return Coalesce(Sum(expression), Value(ZERO))


def _investment_completion_figures(year, as_of, projects):
    rollups = _rollups(year, projects).filter(has_plan())
    done = completed_through(months_reported(year, as_of))
    return rollups, {"ic_planned": _money("planned_investment"), "ic_completed": _money(done)}


def investment_completion(year: int, as_of: dt.date, projects: QuerySet | None = None,
                          figures: dict | None = None) -> Kpi:
    """投资完成率: completed this year (approved reports up to ``as_of``'s month) over the yearly plans.

    ``figures`` are the aggregates already counted (``progress.kept``'s cells); without them one query counts.
    """
    scope = _scoped(projects)
    rollups, aggregates = _investment_completion_figures(year, as_of, projects)
    totals = figures or rollups.aggregate(**aggregates)
    done = completed_through(months_reported(year, as_of))
    base = scope.filter(pk__in=rollups.values("project_id"))
    hits = scope.filter(pk__in=rollups.annotate(done=done).filter(done__gt=0).values("project_id"))
    return Kpi("investment_completion", "投资完成率", totals["ic_completed"], totals["ic_planned"], hits, base)


def project_completion_rates(year: int, as_of: dt.date, projects: QuerySet | None = None) -> QuerySet:
    """Each planned project with its own completed amount and rate, for the lagging-projects list."""
    completed = completed_through(months_reported(year, as_of))
    return (
        _rollups(year, projects).filter(has_plan())
        .annotate(completed=completed)
        .select_related("project")
    )


def _double_half_figures(year, projects):
    rollups = _rollups(year, projects).filter(has_plan()).annotate(done=completed_through(6))
    behind = behind_half(F("done"), F("planned_investment"))
    return rollups, {"dh_planned": _money("planned_investment"), "dh_completed": _money("done"),
                     "dh_behind": Count("pk", filter=behind)}


def double_half(year: int, projects: QuerySet | None = None, figures: dict | None = None) -> dict:
    """双过半: at the end of June, has the completed investment passed half of the yearly plan?

    Time is taken as half by convention at 30 June. Projects behind are those whose own
    completion is under half, the list a scheduling meeting goes through. The figures come
    from one pass over the year's rollups; the list of projects is lazy.
    """
    june = dt.date(year, 6, 30)
    rollups, aggregates = _double_half_figures(year, projects)
    behind = behind_half(F("done"), F("planned_investment"))
    totals = figures or rollups.aggregate(**aggregates)
    scope = _scoped(projects)
    completion = Kpi(
        "investment_completion", "投资完成率", totals["dh_completed"], totals["dh_planned"],
        scope.filter(pk__in=rollups.filter(done__gt=0).values("project_id")),
        scope.filter(pk__in=rollups.values("project_id")),
    )
    rate = completion.rate
    return {
        "year": year,
        "as_of": june,
        "time_progress": Decimal(50),
        "completion": completion,
        "passed": half_passed(rate),
        "behind_count": totals["dh_behind"],
        "behind": scope.filter(pk__in=rollups.filter(behind).values("project_id")),
    }


def _window(year: int, as_of: dt.date):
    return dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31))


def started_in(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    """The project (through ``prefix``) started between ``start`` and ``end``: the numerator of 开工率."""
    return Q(**{f"{prefix}actual_start_date__gte": start, f"{prefix}actual_start_date__lte": end})


def continuing(year: int, prefix: str = "") -> Q:
    """续建 (without the plan): started before ``year``, not completed before it, not terminated."""
    first_day = dt.date(year, 1, 1)
    return (Q(**{f"{prefix}actual_start_date__lt": first_day}) & ~Q(**{f"{prefix}stage": Stage.TERMINATED})
            & (Q(**{f"{prefix}actual_complete_date__isnull": True})
               | Q(**{f"{prefix}actual_complete_date__gte": first_day})))


def back_at_work(prefix: str = "") -> Q:
    """A continuing project counts as back at work (复工) unless suspended or terminated, given investment."""
    return ~Q(**{f"{prefix}stage__in": INACTIVE})


def must_file(end: dt.date, prefix: str = "") -> Q:
    """应统尽统: started by ``end``, at or above ``STATS_THRESHOLD``, not terminated — must be in the statistics."""
    return (Q(**{f"{prefix}actual_start_date__isnull": False, f"{prefix}actual_start_date__lte": end,
                 f"{prefix}total_investment__gte": STATS_THRESHOLD})
            & ~Q(**{f"{prefix}stage": Stage.TERMINATED}))


def planned_new_starts(year: int, projects: QuerySet | None = None) -> QuerySet:
    """Projects whose plan for ``year`` includes the start (开工入库清单)."""
    return _scoped(projects).filter(yearly_plans__year=year, yearly_plans__plans_start=True)


def continuing_projects(year: int, projects: QuerySet | None = None) -> QuerySet:
    """续建: planned for ``year``, started before it and not completed before it (加快建设清单)."""
    return _scoped(projects).filter(continuing(year), yearly_plans__year=year)


def _start_rate_figures(year, as_of, projects):
    start, end = _window(year, as_of)
    return _rollups(year, projects).filter(plans_start=True), {
        "sr_base": Count("pk"), "sr_hits": Count("pk", filter=started_in(start, end, "project__"))}


def start_rate(year: int, as_of: dt.date, projects: QuerySet | None = None, figures: dict | None = None) -> Kpi:
    """开工率 = planned new starts that have started by ``as_of`` / planned new starts."""
    start, end = _window(year, as_of)
    base = planned_new_starts(year, projects)
    hits = base.filter(started_in(start, end))
    rollups, aggregates = _start_rate_figures(year, as_of, projects)
    counts = figures or rollups.aggregate(**aggregates)
    return Kpi("start_rate", "开工率", counts["sr_hits"], counts["sr_base"], hits, base)


def _start_resume_figures(year, as_of, projects, minima):
    """开复工率's base and hits over the year's rollups (one per planned project) joined to their projects,
    once per entry of ``minima`` ({figure prefix: size band minimum or None}) in the same pass."""
    start, end = _window(year, as_of)
    is_new = Q(plans_start=True)
    is_continuing = continuing(year, "project__")
    is_started = is_new & started_in(start, end, "project__")
    is_resumed = is_continuing & back_at_work("project__") & Q(done__gt=0)
    rollups = _rollups(year, projects).annotate(done=completed_through(months_reported(year, as_of)))
    aggregates = {}
    for prefix, minimum in minima.items():
        band = Q() if minimum is None else Q(project__total_investment__gte=minimum)
        aggregates[f"{prefix}_base"] = Count("pk", filter=band & (is_new | is_continuing))
        aggregates[f"{prefix}_hits"] = Count("pk", filter=band & (is_started | is_resumed))
    return rollups, aggregates


RESUME_BAND = Decimal(5000)  # 万元: the headline's second 开复工率, of the bigger projects


def start_resume_rate(year: int, as_of: dt.date, projects: QuerySet | None = None,
                      minimum: Decimal | None = None, figures: dict | None = None) -> Kpi:
    """开复工率 = (new starts + continuing projects back at work) / (planned new starts + continuing projects).

    A continuing project counts as back at work when it is not suspended or terminated and
    has approved investment this year up to ``as_of``'s month. ``minimum`` restricts to a
    size band (e.g. 5000 万元以上).
    """
    scope = _scoped(projects)
    if minimum is not None:
        scope = scope.filter(total_investment__gte=minimum)
    start, end = _window(year, as_of)
    new_starts = planned_new_starts(year, scope)
    continuing_list = continuing_projects(year, scope)
    at_work = ProjectYearRollup.objects.annotate(done=completed_through(months_reported(year, as_of))).filter(
        year=year, done__gt=0
    ).values("project_id")
    started = new_starts.filter(started_in(start, end))
    resumed = continuing_list.filter(back_at_work()).filter(pk__in=at_work)
    base = scope.filter(Q(pk__in=new_starts.values("pk")) | Q(pk__in=continuing_list.values("pk")))
    hits = scope.filter(Q(pk__in=started.values("pk")) | Q(pk__in=resumed.values("pk")))
    prefix = "srr" if minimum is None else "srr5k"
    if figures is None or minimum not in (None, RESUME_BAND):
        rollups, aggregates = _start_resume_figures(year, as_of, projects, {prefix: minimum})
        figures = rollups.aggregate(**aggregates)
    label = "开复工率" if minimum is None else f"开复工率（{minimum:,.0f}万元以上）"
    return Kpi("start_resume_rate", label, figures[f"{prefix}_hits"], figures[f"{prefix}_base"], hits, base)


def _stats_filing_figures(year, as_of, projects):
    _, end = _window(year, as_of)
    return _scoped(projects).filter(must_file(end)), {
        "sf_base": Count("pk"), "sf_hits": Count("pk", filter=Q(stats_filed_on__isnull=False))}


def stats_filing(year: int, as_of: dt.date, projects: QuerySet | None = None, figures: dict | None = None) -> Kpi:
    """入库入统: projects filed this year, against the started projects that must be filed (应统尽统)."""
    base, aggregates = _stats_filing_figures(year, as_of, projects)
    hits = base.filter(stats_filed_on__isnull=False)
    counts = figures or base.aggregate(**aggregates)
    return Kpi("stats_filing", "入库入统率", counts["sf_hits"], counts["sf_base"], hits, base)


def stats_gap(year: int, as_of: dt.date, projects: QuerySet | None = None) -> Kpi:
    """应统尽统 gap: started, ≥ 500 万元, not filed. The figure is a count; its list is the work to do."""
    return _gap(stats_filing(year, as_of, projects))


def _gap(filing: Kpi) -> Kpi:
    gap = filing.base.filter(stats_filed_on__isnull=True)
    return Kpi("stats_gap", "应统未统", filing.denominator - filing.numerator, filing.denominator, gap, filing.base,
               unit="个")


def _funds_arrival_figures(year, projects):
    return _rollups(year, projects).filter(funds_arrived_total__gt=0), {
        "fa_arrived": _money("funds_arrived_total"), "fa_agreed": _money("project__total_investment")}


def funds_arrival(year: int, as_of: dt.date, projects: QuerySet | None = None, figures: dict | None = None) -> Kpi:
    """资金到位率: funds arrived this year (where recorded) against the agreed investment of those projects."""
    scope = _scoped(projects)
    rollups, aggregates = _funds_arrival_figures(year, projects)
    totals = figures or rollups.aggregate(**aggregates)
    base = scope.filter(pk__in=rollups.values("project_id"))
    return Kpi("funds_arrival", "资金到位率", totals["fa_arrived"], totals["fa_agreed"], base, base)


def headline(year: int, as_of: dt.date, projects: QuerySet | None = None, figures: dict | None = None) -> list[Kpi]:
    """The KPIs a progress page shows, in the order the bureau reports them.

    ``figures`` (``progress.kept``: the same aggregates summed from kept cells) spare the scans.
    """
    filing = stats_filing(year, as_of, projects, figures)
    return [
        investment_completion(year, as_of, projects, figures),
        start_rate(year, as_of, projects, figures),
        start_resume_rate(year, as_of, projects, figures=figures),
        start_resume_rate(year, as_of, projects, minimum=RESUME_BAND, figures=figures),
        filing,
        _gap(filing),
        funds_arrival(year, as_of, projects, figures),
    ]


def figure_queries(year: int, as_of: dt.date, projects: QuerySet | None = None) -> list[tuple]:
    """Every aggregate the progress page shows, as (queryset, aggregates, path to the project) triples.

    The live figures are these aggregates over the whole scope; ``progress.kept`` runs the very same
    querysets grouped by (park, chain, category) to fill its cells. The yearly lists' counts come from
    ``lists.year_list_counts``, added there.
    """
    return [
        (*_investment_completion_figures(year, as_of, projects), "project__"),
        (*_double_half_figures(year, projects), "project__"),
        (*_start_rate_figures(year, as_of, projects), "project__"),
        (*_start_resume_figures(year, as_of, projects, {"srr": None, "srr5k": RESUME_BAND}), "project__"),
        (*_stats_filing_figures(year, as_of, projects), ""),
        (*_funds_arrival_figures(year, projects), "project__"),
    ]

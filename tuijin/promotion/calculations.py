"""The bureau's promotion figures as pure functions: targets, 月月有, the funnel, fund arrival, chain coverage.

Every figure comes with **the records behind it** (``Figure.items``: contracts, projects, leads, arrivals or
activities), so each number on a page links to its list. Querysets stay lazy: a page that shows only the
figure pays for one aggregate query.

Counting rules (domain.md) that stop double counting:
- a project counts as signed once, at its first signing (首次签约); a second "first" signing of a project
  already signed through another lead counts neither as a signing nor as money;
- a capital increase (增资扩产) counts only its increment, fixed as ``counted_investment`` when recorded;
- an upgraded agreement (协议升级) adds no signing and no money.

A unit's figures: the whole district for the district organisation (or no unit); for a park, the leads
and projects located there; for a bureau, the leads it works (``Lead.unit``) and their projects. A signing
worked by 投促局 for a park counts for both, as bureaus report it.
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case, Count, DecimalField, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, TextChoices, Value, When,
)
from django.db.models.functions import Coalesce, ExtractMonth

from tuijin.accounts.models import OrganisationKind
from tuijin.lib.money import TEN_THOUSAND
from tuijin.progress.calculations import percent
from tuijin.projects.models import Project, Stage

from .models import (
    PIPELINE, Activity, ChainSegment, Position, Contract, ContractKind, FundArrival, Lead, LeadEvent, LeadStage, Metric,
)
from .periods import Period

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=16, decimal_places=2)
STRONG_AT = 3  # local enterprises + landed projects that make a segment 较强
ROW_GAP = 84  # pixels between segments of one column in the chain diagram
CLOSED_STAGES = [LeadStage.LANDED, LeadStage.SHELVED]  # leads no longer being worked (在谈 are the others)
SIGNED_STAGES = [Stage.SIGNED, Stage.REGISTERED, Stage.PREPARATION, Stage.CONSTRUCTION, Stage.COMPLETED,
                 Stage.OPERATING, Stage.AT_CAPACITY, Stage.SUSPENDED]


# ------------------------------------------------------------------------------------------ scope

def _whole(unit) -> bool:
    return unit is None or unit.kind == OrganisationKind.DISTRICT


def leads_of(unit) -> Q:
    return Q() if _whole(unit) else Q(park=unit) | Q(unit=unit)


def contracts_of(unit) -> Q:
    if _whole(unit):
        return Q()
    return Q(lead__park=unit) | Q(lead__unit=unit) | Q(project__park=unit)


def projects_of(unit) -> Q:
    if _whole(unit):
        return Q()
    return Q(park=unit) | Q(pk__in=Lead.objects.filter(unit=unit, project__isnull=False).values("project_id"))


def activities_of(unit) -> Q:
    if _whole(unit):
        return Q()
    return Q(pk__in=Activity.objects.filter(Q(unit=unit) | Q(leads__park=unit) | Q(leads__unit=unit)).values("pk"))


# ------------------------------------------------------------------------------------------ counting rules

def _signed_earlier():
    """An earlier first signing of the same project (contracts not yet tied to a project have none)."""
    return Contract.objects.filter(kind=ContractKind.INITIAL, project_id=OuterRef("project_id")).filter(
        Q(signed_on__lt=OuterRef("signed_on")) | Q(signed_on=OuterRef("signed_on"), pk__lt=OuterRef("pk")))


def first_signings() -> QuerySet:
    """The contracts that count as a signing: each project's first 首次签约."""
    return Contract.objects.filter(kind=ContractKind.INITIAL).filter(~Exists(_signed_earlier()))


def new_money() -> Case:
    """What a contract adds to the signed value: the first signing's amount, an increase's increment, else 0."""
    return Case(
        When(kind=ContractKind.INCREASE, then=F("counted_investment")),
        When(Q(kind=ContractKind.INITIAL) & ~Exists(_signed_earlier()), then=F("counted_investment")),
        default=Value(ZERO), output_field=MONEY,
    )


def signed_projects() -> QuerySet:
    return Project.objects.filter(pk__in=Contract.objects.filter(project__isnull=False).values("project_id"))


# ------------------------------------------------------------------------------------------ figures

@dataclass(frozen=True)
class Measure:
    """How one figure is counted: its rows for a unit, the date that places a row in a period, what it sums."""

    key: str
    label: str
    item_kind: str  # contracts, projects, leads, arrivals, activities
    money: bool = False

    @property
    def unit_label(self):
        return "万元" if self.money else "个"


MEASURES = {
    Metric.SIGNINGS: Measure(Metric.SIGNINGS, "签约项目", "contracts"),
    Metric.SIGNINGS_OVER_100M: Measure(Metric.SIGNINGS_OVER_100M, "亿元以上签约项目", "contracts"),
    Metric.SIGNING_VALUE: Measure(Metric.SIGNING_VALUE, "签约金额", "contracts", money=True),
    Metric.STARTS: Measure(Metric.STARTS, "开工项目", "projects"),
    Metric.FUND_ARRIVAL: Measure(Metric.FUND_ARRIVAL, "实际到位资金", "arrivals", money=True),
    "landings": Measure("landings", "落地项目", "leads"),
    "activities": Measure("activities", "招商对接活动", "activities"),
}


def _rows(key, unit) -> tuple[QuerySet, str]:
    """All rows of ``key`` for ``unit`` and the date field that places them in time."""
    if key == Metric.SIGNINGS:
        return first_signings().filter(contracts_of(unit)), "signed_on"
    if key == Metric.SIGNINGS_OVER_100M:
        return first_signings().filter(contracts_of(unit), agreed_investment__gte=TEN_THOUSAND), "signed_on"
    if key == Metric.SIGNING_VALUE:
        rows = Contract.objects.filter(contracts_of(unit)).annotate(new_money=new_money()).filter(new_money__gt=0)
        return rows, "signed_on"
    if key == Metric.STARTS:
        return signed_projects().filter(projects_of(unit)), "actual_start_date"
    if key == Metric.FUND_ARRIVAL:
        return FundArrival.objects.filter(project__in=Project.objects.filter(projects_of(unit))), None
    if key == "landings":
        return Lead.objects.filter(leads_of(unit)), "landed_on"
    if key == "activities":
        return Activity.objects.filter(activities_of(unit)), "held_on"
    raise KeyError(key)


def _in_period(rows, date_field, period: Period):
    if date_field is None:  # fund arrival rows are dated by year and month
        return rows.filter(year=period.start.year, month__gte=period.start.month, month__lte=period.end.month)
    return rows.filter(**{f"{date_field}__gte": period.start, f"{date_field}__lte": period.end})


def _total(key):
    if key == Metric.SIGNING_VALUE:
        return Sum("new_money")
    if key == Metric.FUND_ARRIVAL:
        return Sum(F("domestic") + F("foreign"), output_field=MONEY)
    return Count("pk")


@dataclass
class Figure:
    measure: Measure
    period: Period
    value: Decimal | int
    items: QuerySet  # the records the value counts or sums

    @property
    def key(self):
        return self.measure.key


def figure(key, period: Period, unit=None) -> Figure:
    """The figure ``key`` (a ``Metric``, "landings" or "activities") of ``unit`` in ``period``."""
    rows, date_field = _rows(key, unit)
    items = _in_period(rows, date_field, period)
    value = items.order_by().aggregate(value=_total(key))["value"]
    measure = MEASURES[key]
    return Figure(measure, period, value if value is not None else (ZERO if measure.money else 0), items)


def monthly(key, year: int, unit=None) -> list:
    """The figure for each month of ``year``: twelve values from one grouped query."""
    rows, date_field = _rows(key, unit)
    rows = _in_period(rows, date_field, Period.year(year)).order_by()
    month = F("month") if date_field is None else ExtractMonth(date_field)
    grouped = dict(rows.annotate(m=month).values("m").annotate(value=_total(key)).values_list("m", "value"))
    empty = ZERO if MEASURES[key].money else 0
    return [grouped.get(number) or empty for number in range(1, 13)]


def period_value(series: list, period: Period):
    """A period's figure from its year's monthly series: every figure is additive over months."""
    return sum((series[month - 1] for _year, month in period.months), type(series[0])(0))


# ------------------------------------------------------------------------------------------ targets

@dataclass
class TargetProgress:
    target: object
    period: Period
    actual: Decimal | int

    @property
    def measure(self):
        return MEASURES[self.target.metric]

    @property
    def rate(self):
        return percent(self.actual, self.target.value)

    @property
    def met(self):
        return self.actual >= self.target.value


def target_progress(targets, *, series_cache=None) -> list[TargetProgress]:
    """Each target with its actual figure; one grouped query per (metric, unit, year), whatever the periods."""
    cache = {} if series_cache is None else series_cache
    rows = []
    for target in targets:
        period = Period.of(target.period_kind, target.period_start)
        key = (target.metric, target.unit_id, period.start.year)
        if key not in cache:
            cache[key] = monthly(target.metric, period.start.year, target.unit)
        rows.append(TargetProgress(target, period, period_value(cache[key], period)))
    return rows


CHECKS = [(Metric.SIGNINGS, "月月有签约"), ("landings", "月月有落地"), (Metric.STARTS, "月月有开工")]


@dataclass
class MonthCheck:
    month: int
    counts: dict  # check key → count
    future: bool

    def ok(self, key):
        return None if self.future else self.counts[key] > 0


def monthly_check(year: int, unit=None, today: dt.date | None = None) -> dict:
    """月月有签约、月月有落地、月月有开工: for each month of ``year`` so far, did each happen at least once?"""
    today = today or dt.date.today()
    series = {key: monthly(key, year, unit) for key, _label in CHECKS}
    months = [MonthCheck(m, {key: series[key][m - 1] for key, _ in CHECKS}, (year, m) > (today.year, today.month))
              for m in range(1, 13)]
    summary = []
    for key, label in CHECKS:
        missed = [row.month for row in months if row.ok(key) is False]
        summary.append({"key": key, "label": label, "missed": missed,
                        "passed": not missed and any(not row.future for row in months)})
    return {"year": year, "months": months, "summary": summary}


# ------------------------------------------------------------------------------------------ funnel

def reached_q(stage) -> Q:
    """Leads that have ever reached ``stage`` (or any later one: a lead may be imported past the first stages)."""
    later = PIPELINE[PIPELINE.index(LeadStage(stage)):]
    return Q(pk__in=LeadEvent.objects.filter(to_stage__in=later).values("lead_id"))


@dataclass
class FunnelStep:
    stage: LeadStage
    reached: int
    conversion: Decimal | None  # share of the previous stage's leads that reached this one, in percent
    median_days: float | None  # median days from entering the previous stage to entering this one
    samples: int = 0  # leads with both dates, behind the median


def funnel(leads: QuerySet) -> list[FunnelStep]:
    """Leads reaching each stage, the conversion from the stage before, and the median days it took.

    The dates are the first ``occurred_on`` of each stage in ``LeadEvent``; a resumed lead keeps the date it
    first entered a stage. One query, whatever the number of leads.
    """
    firsts = (LeadEvent.objects.filter(lead__in=leads.order_by().values("pk"), to_stage__in=PIPELINE).order_by()
              .values("lead_id", "to_stage").annotate(first=Min("occurred_on")))
    dates = {}
    for row in firsts:
        dates.setdefault(row["lead_id"], {})[row["to_stage"]] = row["first"]
    furthest = [max(PIPELINE.index(LeadStage(stage)) for stage in stages) for stages in dates.values()]
    steps = []
    for index, stage in enumerate(PIPELINE):
        reached = sum(1 for value in furthest if value >= index)
        days = []
        if index:
            previous = PIPELINE[index - 1]
            days = [(stages[stage] - stages[previous]).days for stages in dates.values()
                    if stage in stages and previous in stages]
        conversion = percent(reached, steps[-1].reached) if steps else None
        steps.append(FunnelStep(stage, reached, conversion, statistics.median(days) if days else None, len(days)))
    return steps


@dataclass
class Conversion:
    key: str
    label: str
    numerator: int | Decimal
    denominator: int | Decimal
    hits: QuerySet = field(repr=False)

    @property
    def rate(self):
        return percent(self.numerator, self.denominator)


def conversions(leads: QuerySet) -> list[Conversion]:
    """履约率 (signed → registered) and 开工率 (signed → started) of the leads that reached 签约."""
    signed = leads.filter(reached_q(LeadStage.SIGNED))
    registered = signed.filter(reached_q(LeadStage.REGISTERED))
    started = signed.filter(project__actual_start_date__isnull=False)
    base = signed.count()
    return [
        Conversion("registered", "履约率（签约→注册）", registered.count(), base, registered),
        Conversion("started", "开工率（签约→开工）", started.count(), base, started),
    ]


# ------------------------------------------------------------------------------------------ fund arrival

def _through(as_of: dt.date) -> Q:
    return Q(year__lt=as_of.year) | Q(year=as_of.year, month__lte=as_of.month)


def fund_projects(unit=None, as_of: dt.date | None = None) -> QuerySet:
    """Signed projects with their agreed investment (new money of their contracts) and the money arrived."""
    as_of = as_of or dt.date.today()
    agreed = (Contract.objects.filter(project=OuterRef("pk"), signed_on__lte=as_of).order_by()
              .annotate(money=new_money()).values("project").annotate(total=Sum("money")).values("total"))
    arrived = (FundArrival.objects.filter(_through(as_of), project=OuterRef("pk")).order_by().values("project")
               .annotate(total=Sum(F("domestic") + F("foreign"), output_field=MONEY)).values("total"))
    return (Project.objects.filter(projects_of(unit))
            .filter(pk__in=Contract.objects.filter(project__isnull=False, signed_on__lte=as_of).values("project_id"))
            .annotate(agreed=Coalesce(Subquery(agreed, output_field=MONEY), Value(ZERO), output_field=MONEY),
                      arrived=Coalesce(Subquery(arrived, output_field=MONEY), Value(ZERO), output_field=MONEY)))


@dataclass
class FundRate:
    arrived: Decimal
    agreed: Decimal
    projects: QuerySet

    @property
    def rate(self):
        return percent(self.arrived, self.agreed)


def fund_arrival_rate(unit=None, as_of: dt.date | None = None) -> FundRate:
    """资金到位率 = money arrived (cumulative, up to ``as_of``) / agreed investment of the signed projects."""
    projects = fund_projects(unit, as_of)
    totals = {"arrived": ZERO, "agreed": ZERO}
    for agreed, arrived in projects.order_by().values_list("agreed", "arrived"):
        totals["agreed"] += agreed
        totals["arrived"] += arrived
    cent = Decimal("0.01")
    return FundRate(totals["arrived"].quantize(cent), totals["agreed"].quantize(cent), projects)


def arrivals_by_park(year: int, parks) -> list[dict]:
    """实际到位 内资 / 外资 by park and quarter for ``year``, with the district's total as the last row."""
    grouped = (FundArrival.objects.filter(year=year).order_by().values("project__park_id", "month")
               .annotate(domestic=Sum("domestic"), foreign=Sum("foreign")))
    rows = {park.pk: {"unit": park, "quarters": [[ZERO, ZERO] for _ in range(4)]} for park in parks}
    rows[None] = {"unit": None, "quarters": [[ZERO, ZERO] for _ in range(4)]}
    total = {"unit": "total", "quarters": [[ZERO, ZERO] for _ in range(4)]}
    for row in grouped:
        target = rows.get(row["project__park_id"], rows[None])
        for bucket in (target, total):
            cell = bucket["quarters"][(row["month"] - 1) // 3]
            cell[0] += row["domestic"]
            cell[1] += row["foreign"]
    result = [row for key, row in rows.items() if key is not None or any(any(q) for q in row["quarters"])]
    for row in [*result, total]:
        row["domestic"] = sum((q[0] for q in row["quarters"]), ZERO)
        row["foreign"] = sum((q[1] for q in row["quarters"]), ZERO)
        row["total"] = row["domestic"] + row["foreign"]
    return [*result, total]


# ------------------------------------------------------------------------------------------ activities

def activity_counts(year: int, unit=None) -> dict:
    """Activities per month and kind ("开展招商对接活动N次"), and the year's total."""
    rows = (Activity.objects.filter(activities_of(unit), held_on__year=year).order_by()
            .annotate(m=ExtractMonth("held_on")).values("m", "kind").annotate(n=Count("pk")))
    by_month = {month: {} for month in range(1, 13)}
    for row in rows:
        by_month[row["m"]][row["kind"]] = row["n"]
    return {"by_month": by_month, "total": sum(sum(kinds.values()) for kinds in by_month.values())}


# ------------------------------------------------------------------------------------------ chains

class Coverage(TextChoices):
    """How well a segment is covered locally; the chain diagram colours segments by it."""

    GAP = "gap", "缺失环节"  # nothing local: no enterprise, no signed project — a gap to fill (补链)
    WEAK = "weak", "薄弱环节"  # one or two local enterprises or signed projects: to strengthen (强链)
    STRONG = "strong", "优势环节"  # three or more


COVERAGE_COLOURS = {Coverage.GAP: "#dc3545", Coverage.WEAK: "#fd7e14", Coverage.STRONG: "#198754"}


def coverage_of(local: int) -> Coverage:
    if local == 0:
        return Coverage.GAP
    return Coverage.STRONG if local >= STRONG_AT else Coverage.WEAK


@dataclass
class SegmentView:
    segment: ChainSegment
    members: list
    projects: list  # every project placed in the segment, any stage
    targets: list
    open_leads: int
    landed_projects: int  # signed or beyond and not terminated: what fills a gap

    @property
    def local(self):
        return len(self.members) + self.landed_projects

    @property
    def coverage(self) -> Coverage:
        return coverage_of(self.local)

    @property
    def colour(self):
        return COVERAGE_COLOURS[self.coverage]


def chain_segments(chain) -> list[SegmentView]:
    """The chain's segments upstream first, each with what is local, what is courted, and its coverage.

    A planned or negotiating project does not fill a gap: only signed projects (and beyond) count as local.
    """
    return chains_segments([chain])[chain.pk]


def chains_segments(chains) -> dict[int, list[SegmentView]]:
    """``chain_segments`` for several chains at once (the chain list): the same few queries for any number."""
    chain_ids = [chain.pk for chain in chains]
    segments = list(ChainSegment.objects.filter(chain_id__in=chain_ids).prefetch_related(
        "members__enterprise__park", "segment_projects__project__park", "target_companies__leads"))
    open_leads = dict(Lead.objects.filter(segment__chain_id__in=chain_ids).exclude(stage__in=CLOSED_STAGES)
                      .order_by().values("segment_id").annotate(n=Count("pk")).values_list("segment_id", "n"))
    views = {pk: [] for pk in chain_ids}
    for segment in segments:
        projects = [link.project for link in segment.segment_projects.all()]
        views[segment.chain_id].append(SegmentView(
            segment=segment,
            members=sorted(segment.members.all(), key=lambda m: (not m.is_anchor, m.enterprise.name)),
            projects=sorted(projects, key=lambda p: (-p.total_investment, p.pk)),
            targets=list(segment.target_companies.all()),
            open_leads=open_leads.get(segment.pk, 0),
            landed_projects=sum(1 for p in projects if p.stage in SIGNED_STAGES),
        ))
    return views


def chain_chart(chain, views: list[SegmentView]) -> dict:
    """The chain diagram for ECharts: segments in columns (上游 → 中游 → 下游), coloured by coverage.

    ``x`` is the column among those the chain uses; ``y`` the row centred within its column, in pixels
    (``ROW_GAP``). The page spreads the columns over the chart's width and sizes its height to the tallest
    column, so one data unit is one pixel both ways and ECharts draws the segments unstretched.
    """
    order = [Position.UPSTREAM, Position.MIDSTREAM, Position.DOWNSTREAM]
    by_position = {position: [view for view in views if view.segment.position == position] for position in order}
    used = [position for position in order if by_position[position]]
    nodes, links, previous = [], [], []
    for column, position in enumerate(used):
        members = by_position[position]
        ids = []
        for row, view in enumerate(members):
            ids.append(str(view.segment.pk))
            nodes.append({
                "id": ids[-1], "name": view.segment.name, "x": column, "y": (row - (len(members) - 1) / 2) * ROW_GAP,
                "coverage": view.coverage.value, "coverageLabel": view.coverage.label,
                "members": len(view.members), "projects": view.landed_projects, "targets": len(view.targets),
                "itemStyle": {"color": view.colour},
            })
        links += [{"source": source, "target": target} for source in previous for target in ids]
        previous = ids
    return {"chain": chain.name, "nodes": nodes, "links": links, "columns": [Position(p).label for p in used],
            "rows": max((len(by_position[p]) for p in used), default=0), "rowGap": ROW_GAP}

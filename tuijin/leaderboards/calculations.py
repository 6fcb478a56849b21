"""The leaderboard for any period (from-month to-month), computed through the functions other pages use.

Nothing is counted here twice: signings and landings are ``promotion.calculations.figure`` (the 目标考核
page's numbers), starts are ``progress.calculations.started_in``, investment completion is
``progress.calculations.investment_completion`` (the 投资进度 page's), 解决率 and 按时报到率 are
``coordination.calculations.scorecards`` (the department scorecards'), and report punctuality measures each
due month against ``progress.services.report_deadline`` (the deadline the missing-reports page and the
月报未按期报送 warning use).

How a unit scores (each step is shown on the page as its formula):

- a rate measure's points are the rate in percent, capped at 100;
- a count measure (落地、开工) scores against the board's best unit: value ÷ best × 100 (all 0 when nobody has any);
- a measure with nothing to measure (no target, no plan, no problems, no reports due) is left out and the
  unit's other weights count in full: score = Σ(weight × points) ÷ Σ(weights of the measures it has);
- ranks are competition ranks (equal scores share a rank: 1, 1, 3); a unit with no measure at all is listed
  unranked.

A unit's projects are those in its park (a park) or under its 包保 (a bureau or department); its promotion
figures follow ``promotion.calculations``' own scoping (park of the lead or project, or the unit working it).
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.coordination import calculations as coordination
from tuijin.lib import workdays
from tuijin.lib.params import FIRST_YEAR, LAST_YEAR
from tuijin.progress import calculations as progress
from tuijin.progress import services as progress_services
from tuijin.progress.models import ReportStatus
from tuijin.projects.models import Project, Stage
from tuijin.promotion import calculations as promotion
from tuijin.promotion.models import Metric, Target
from tuijin.promotion.periods import Period

from .models import Measure

ONE = Decimal("0.1")
HUNDRED = Decimal(100)
SENT = [ReportStatus.SUBMITTED, ReportStatus.APPROVED]


class SpanError(ValueError):
    """A period that cannot be ranked; the message says why in Chinese."""


@dataclass(frozen=True)
class Span:
    """From the first day of one month to the last day of another (what promotion's figures read as a period)."""

    start: dt.date
    end: dt.date
    kind = "span"

    @classmethod
    def parse(cls, first: str, last: str) -> "Span":
        months = []
        for label, text in (("起始月份", first), ("截止月份", last)):
            match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", (text or "").strip())
            if not match or not 1 <= int(match.group(2)) <= 12:
                raise SpanError(f"{label}“{text or ''}”格式不对，应写作 YYYY-MM，如 2026-03")
            if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
                raise SpanError(f"{label}“{text}”的年份超出 {FIRST_YEAR}—{LAST_YEAR}")
            months.append((int(match.group(1)), int(match.group(2))))
        (y1, m1), (y2, m2) = months
        if (y1, m1) > (y2, m2):
            raise SpanError(f"起始月份 {first} 晚于截止月份 {last}")
        return cls(dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1]))

    @property
    def months(self) -> list[tuple[int, int]]:
        result, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append((year, month))
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return result

    @property
    def label(self) -> str:
        first = f"{self.start.year}年{self.start.month}月"
        last = f"{self.end.year}年{self.end.month}月"
        return first if first == last else f"{first}—{last}"

    @property
    def query(self) -> str:
        return f"from={self.start:%Y-%m}&to={self.end:%Y-%m}"


def default_span(today: dt.date) -> Span:
    """This year from January to last month (the month the latest reports are for); January itself in January."""
    last = today.replace(day=1) - dt.timedelta(days=1) if today.month > 1 else today
    return Span.parse(f"{last.year}-01", f"{last:%Y-%m}")


@dataclass
class Score:
    """One measure of one unit: its value, the points it earns, how it was computed, and what it counted."""

    measure: Measure
    value: Decimal | int | None  # a rate in percent, or a count
    formula: str
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    points: Decimal | None = None
    records: object = None  # a callable returning the records counted (see ``drill_down``)

    @property
    def shown(self):
        if self.value is None:
            return "—"
        return f"{self.value}%" if not self.measure.is_count else f"{self.value}个"


@dataclass
class Row:
    unit: Organisation
    scores: dict  # Measure → Score
    score: Decimal | None = None
    rank: int | None = None
    formula: str = ""
    red: str = ""  # the rule that put the unit on the red list
    black: str = ""  # the rule that put it on the black list
    cells: list = field(default_factory=list)  # (BoardMeasure, Score) in the board's order, for templates


def _round(value) -> Decimal:
    return Decimal(value).quantize(ONE, ROUND_HALF_UP)


def unit_projects(unit):
    """The projects a unit answers for: those in its park, or those under its 包保."""
    if unit.kind == OrganisationKind.PARK:
        return Project.objects.filter(park=unit)
    return Project.objects.filter(responsible_unit=unit)


def signing_target(unit, span: Span):
    """The unit's signing targets whose month, quarter or year lies wholly inside the span (None: none set)."""
    targets = Target.objects.filter(unit=unit, metric=Metric.SIGNINGS, period_start__gte=span.start,
                                    period_start__lte=span.end)
    inside = [t for t in targets if Period.of(t.period_kind, t.period_start).end <= span.end]
    return sum((t.value for t in inside), Decimal(0)) if inside else None, inside


def signings(unit, span: Span) -> Score:
    figure = promotion.figure(Metric.SIGNINGS, span, unit)
    target, _targets = signing_target(unit, span)
    if not target:
        return Score(Measure.SIGNINGS, None, f"签约 {figure.value} 个，期间内未设签约目标，不计分",
                     figure.value, None, records=lambda: list(figure.items.select_related("lead", "project")))
    rate = progress.percent(figure.value, target)
    return Score(Measure.SIGNINGS, rate, f"签约 {figure.value} 个 ÷ 目标 {target.normalize():f} 个 = {rate}%",
                 figure.value, target, records=lambda: list(figure.items.select_related("lead", "project")))


def landings(unit, span: Span) -> Score:
    figure = promotion.figure("landings", span, unit)
    return Score(Measure.LANDINGS, figure.value, f"落地 {figure.value} 个", figure.value,
                 records=lambda: list(figure.items.select_related("project").order_by("landed_on", "pk")))


def starts(unit, span: Span) -> Score:
    projects = unit_projects(unit).filter(progress.started_in(span.start, span.end))
    count = projects.count()
    return Score(Measure.STARTS, count, f"开工 {count} 个", count,
                 records=lambda: list(projects.order_by("actual_start_date", "code")))


def investment(unit, span: Span) -> Score:
    year, projects = span.end.year, unit_projects(unit)
    kpi = progress.investment_completion(year, span.end, projects)
    rate = kpi.rate
    if rate is None:
        return Score(Measure.INVESTMENT, None, f"{year}年无年度计划投资，不计分")
    formula = (f"{year}年1—{span.end.month}月完成 {_round(kpi.numerator)} 万元 ÷ 年度计划 "
               f"{_round(kpi.denominator)} 万元 = {rate}%")
    return Score(Measure.INVESTMENT, rate, formula, kpi.numerator, kpi.denominator,
                 records=lambda: list(progress.project_completion_rates(year, span.end, projects)
                                      .order_by("project__code")))


def _problems(ids):
    from tuijin.coordination.models import Problem

    found = Problem.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def problem_scores(units, span: Span, now: dt.datetime) -> dict:
    """解决率 and 按时报到率 of every unit, from one scorecard pass over the lead turns of the span."""
    cards = coordination.scorecards(coordination.lead_turns(span.start, span.end), units, now)
    result = {}
    for card in cards:
        received = card["received"]
        scores = {}
        for measure, key, verb in ((Measure.SOLVED, "solved", "解决"), (Measure.ON_TIME, "on_time", "按时报到")):
            figure = card[key]
            if not received.value:
                scores[measure] = Score(measure, None, "期间内未牵头办理问题，不计分", 0, 0)
                continue
            ids = list(figure.problems)
            scores[measure] = Score(measure, figure.value, f"{verb} {len(ids)} 件 ÷ 收件 {received.value} 件 = "
                                    f"{figure.value}%", len(ids), received.value,
                                    records=lambda ids=ids: _problems(ids))
        result[card.department.pk] = scores
    return result


@dataclass
class DueReport:
    project: Project
    year: int
    month: int
    deadline: dt.date
    submitted_on: dt.date | None

    @property
    def on_time(self):
        return self.submitted_on is not None and self.submitted_on <= self.deadline

    @property
    def status(self):
        if self.submitted_on is None:
            return "未报送"
        return "按时报送" if self.on_time else "逾期报送"


def deadlines(span: Span) -> dict:
    """Each month's report deadline (``progress.services.report_deadline``), read once per ranking."""
    return {(year, month): progress_services.report_deadline(year, month) for year, month in span.months}


def due_reports(unit, span: Span, today: dt.date, due_on: dict | None = None) -> list[DueReport]:
    """Every (project, month) of the span whose report deadline has passed, with the day it was sent.

    Due are the unit's projects with a yearly plan above zero that are not terminated — the projects
    ``progress.services.projects_missing_report`` expects a report from; a draft is not sent. Two queries
    for the whole span, whatever its length.
    """
    from tuijin.progress.models import MonthlyReport, YearlyPlan

    due_on = due_on if due_on is not None else deadlines(span)
    months = [(year, month, due_on[(year, month)]) for year, month in span.months]
    months = [(year, month, deadline) for year, month, deadline in months if deadline < today]
    if not months:
        return []
    years = sorted({year for year, _m, _d in months})
    scope = unit_projects(unit)
    planned = {}
    for plan in (YearlyPlan.objects.filter(project__in=scope.exclude(stage=Stage.TERMINATED), year__in=years,
                                           planned_investment__gt=0).select_related("project")
                 .order_by("project__code")):
        planned.setdefault(plan.year, []).append(plan.project)
    sent = {(pk, year, month): at for pk, year, month, at in MonthlyReport.objects.filter(
        project__in=scope, year__in=years, status__in=SENT).values_list("project_id", "year", "month", "submitted_at")}
    rows = []
    for year, month, deadline in months:
        for project in planned.get(year, []):
            key = (project.pk, year, month)
            at = sent.get(key)
            day = at.astimezone(workdays.CHINA).date() if at else None
            if key in sent and day is None:
                day = deadline  # sent through a path that left no time (an import): counted as on time
            rows.append(DueReport(project, year, month, deadline, day))
    return rows


def punctuality(unit, span: Span, today: dt.date, due_on: dict | None = None) -> Score:
    reports = due_reports(unit, span, today, due_on)
    if not reports:
        return Score(Measure.PUNCTUALITY, None, "期间内无到期月报，不计分")
    on_time = sum(1 for report in reports if report.on_time)
    rate = progress.percent(on_time, len(reports))
    return Score(Measure.PUNCTUALITY, rate, f"按时报送 {on_time} 份 ÷ 应报 {len(reports)} 份 = {rate}%",
                 on_time, len(reports), records=lambda: reports)


SINGLE = {Measure.SIGNINGS: signings, Measure.LANDINGS: landings, Measure.STARTS: starts,
          Measure.INVESTMENT: investment}


def measure_of(measure, unit, span: Span, *, now: dt.datetime | None = None) -> Score:
    """One measure of one unit (what the drill-down page shows)."""
    now = now or timezone.now()
    measure = Measure(measure)
    if measure in SINGLE:
        return SINGLE[measure](unit, span)
    if measure == Measure.PUNCTUALITY:
        return punctuality(unit, span, now.astimezone(workdays.CHINA).date())
    return problem_scores([unit], span, now)[unit.pk][measure]


def board_units(board):
    return list(Organisation.objects.filter(kind=board.unit_kind).order_by("sort_order", "name"))


def leaderboard(board, span: Span, *, now: dt.datetime | None = None, units=None) -> list[Row]:
    """Every unit of ``board`` with its measures, points, score, rank and red/black rule, best first."""
    now = now or timezone.now()
    today = now.astimezone(workdays.CHINA).date()
    weights = list(board.measures.all())
    units = board_units(board) if units is None else units
    wanted = {w.measure for w in weights}
    problems = problem_scores(units, span, now) if wanted & {Measure.SOLVED, Measure.ON_TIME} else {}
    due_on = deadlines(span) if Measure.PUNCTUALITY in wanted else {}
    rows = []
    for unit in units:
        scores = {}
        for weight in weights:
            measure = Measure(weight.measure)
            if measure in SINGLE:
                scores[measure] = SINGLE[measure](unit, span)
            elif measure == Measure.PUNCTUALITY:
                scores[measure] = punctuality(unit, span, today, due_on)
            else:
                scores[measure] = problems[unit.pk][measure]
        rows.append(Row(unit, scores))
    _points(rows, weights)
    _rank(rows, board)
    return rows


def _points(rows, weights):
    for weight in weights:
        measure = Measure(weight.measure)
        if measure.is_count:
            best = max((row.scores[measure].value or 0 for row in rows), default=0)
            for row in rows:
                score = row.scores[measure]
                score.points = _round(Decimal(score.value) * HUNDRED / best) if best else Decimal(0)
                score.formula += f"，最多 {best} 个，得分 = {score.value} ÷ {best} × 100 = {score.points}" if best \
                    else "，各单位均为 0，得分 0"
        else:
            for row in rows:
                score = row.scores[measure]
                score.points = None if score.value is None else min(score.value, HUNDRED)
    for row in rows:
        row.cells = [(weight, row.scores[Measure(weight.measure)]) for weight in weights]
        counted = [(weight.weight, score.points) for weight, score in row.cells if score.points is not None]
        total = sum(w for w, _ in counted)
        if not total:
            row.formula = "无可计分的指标"
            continue
        row.score = _round(sum(Decimal(w) * p for w, p in counted) / total)
        terms = " + ".join(f"{w}×{p}" for w, p in counted)
        row.formula = f"({terms}) ÷ {total} = {row.score}"


def _rank(rows, board):
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0), row.unit.sort_order, row.unit.name))
    ranked = [row for row in rows if row.score is not None]
    for position, row in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        row.rank = previous.rank if previous is not None and previous.score == row.score else position
    count = len(ranked)
    red_min, black_below = _round(board.red_min_score), _round(board.black_below)
    for row in ranked:
        if row.rank <= board.red_top and row.score >= red_min:
            row.red = f"得分前{board.red_top}名且不低于{red_min}分（第{row.rank}名，{row.score}分）"
        elif row.score < black_below:
            row.black = f"得分低于{black_below}分（{row.score}分）"
        elif board.black_bottom and row.rank > count - board.black_bottom:
            row.black = f"得分倒数第{count - row.rank + 1}名（后{board.black_bottom}名上黑榜，{row.score}分）"


def as_json(rows) -> dict:
    """What the command and the API print: every ranked unit, ranks from 1."""
    units = []
    for row in rows:
        if row.rank is None:
            continue
        units.append({
            "unit": row.unit.name,
            "measures": {str(m.value): {"label": m.label, "value": _plain(s.value), "points": _plain(s.points),
                                        "formula": s.formula} for m, s in row.scores.items()},
            "score": float(row.score), "rank": row.rank,
            "red": row.red or None, "black": row.black or None,
        })
    return {"units": units}


def _plain(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def chart(rows) -> dict:
    ranked = [row for row in rows if row.rank is not None]
    return {"units": [row.unit.label for row in ranked], "scores": [float(row.score) for row in ranked],
            "colours": ["#198754" if row.red else "#dc3545" if row.black else "#0d6efd" for row in ranked]}

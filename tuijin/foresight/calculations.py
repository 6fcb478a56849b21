"""Year-end forecasts as pure functions over arrays of monthly series — no Django, no database.

Why a pure core: the same method must run on the district's rollups (the battle map, the
briefing, the warning rule), on an exported ledger (``manage.py eval_forecast --ledger``) and on
a hand-made history in a test, and be judged by the same backtest on all three.

The method (docs/foresight.md says it in the users' words):

1. **Similar projects.** A project's class is (category, size band, "has it formed investment by
   month m"), the last being what the series says about its stage at that month; classes with
   fewer than ``MIN_SAMPLES`` past series fall back to (category, stage), then stage, then all —
   the stage is kept longest because a project with nothing done by May behaves unlike one
   building, whatever its category.
2. **Seasonal profile × run rate.** From past complete years of the class, for each month m and
   target month T (6 for 双过半, 12 for the year) the profile says how much of the rest of the
   year usually comes after month m, relative to what was done by m, to the last three months,
   and to the plan. The project's run rate scaled by the profile and its plan scaled by the
   profile are two forecasts of the rest; Bühlmann credibility (``credibility``), estimated from
   how much past projects' months vary within and between projects, weighs them. (Regression
   and Bates–Granger weights on three forecasts, recent months included, were measured and did
   no better in the backtest: docs/foresight.md.) With a flat history this becomes a shrunken run rate; with a December rush
   it learns the rush.
3. **Honest uncertainty.** The errors the fitted model made on past series of the class
   (divided by their plans) are kept sorted; the 80% interval is the project's forecast plus
   their 10th and 90th percentiles times its plan, and the probability of meeting the plan is
   the share of past errors that would have carried it over.
4. **Roll-ups.** Project errors are not independent (a cold winter hits every site), so a sum's
   interval is not the sum of the quantiles (too wide) nor their root-sum-square (too narrow
   when shocks are shared). ``rollup`` draws every project's error from its own pool through a
   Gaussian copula with a common factor whose weight ``rho`` is the intra-park correlation of the
   past errors (floored at ``RHO_FLOOR``); above ``MC_LIMIT`` projects it uses the matching
   normal approximation ``Var = (1-rho)·Σσ² + rho·(Σσ)²`` instead of drawing.

Public functions (the battle map, the briefing and the warning rule call them through
``tuijin.foresight.services``): ``fit(panel)``, ``forecast(model, panel, months_known)``,
``rollup(model, forecasts, indices, target)``, ``status(probability)``, ``explain(...)``,
``backtest(panel)``, and the two baselines ``run_rate_baseline`` / ``plan_time_baseline``.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

import numpy as np

MIN_SAMPLES = 30  # past series a class needs before its own profile is trusted
LOW_Q, HIGH_Q = 0.1, 0.9  # the 80% interval
RHO_FLOOR = 0.05  # a minimum shared shock between projects in a roll-up
MC_LIMIT = 4000  # roll-ups of more projects use the normal approximation
DRAWS = 2000
LIKELY, UNLIKELY = 0.7, 0.3  # probability bands of 预计达成 / 有风险 / 预计未达成
TARGETS = (6, 12)
IRLS_STEPS = 15
RIDGE = 0.01  # pull toward the plain profile, relative to the data's own weight  # 双过半 (end of June) and the full year


class Status:
    """A target's outlook, in the words the bureau uses."""

    MET = "预计达成"  # probability of meeting it at least 70%
    AT_RISK = "有风险"  # between 30% and 70%
    MISSED = "预计未达成"  # under 30%
    UNKNOWN = "无法预测"  # no plan, or no past series to learn from
    DONE = "已达成"  # the target month has passed and it was met
    FAILED = "未达成"  # the target month has passed and it was not met


def status(probability: float | None) -> str:
    if probability is None or math.isnan(probability):
        return Status.UNKNOWN
    if probability >= LIKELY:
        return Status.MET
    return Status.MISSED if probability < UNLIKELY else Status.AT_RISK


def size_band(total_investment: float) -> str:
    """The size bands the bureau reports by (SizeBand), with the rest below them."""
    if total_investment >= 10000:
        return "亿元以上"
    return "5000万元以上" if total_investment >= 5000 else "5000万元以下"


@dataclass
class Panel:
    """N series of one year each: plan, twelve approved monthly amounts and the class labels."""

    keys: list
    year: np.ndarray  # (N,) int
    plan: np.ndarray  # (N,) float, 万元
    months: np.ndarray  # (N, 12) float, 万元, zero where nothing was approved
    category: np.ndarray  # (N,) str
    band: np.ndarray  # (N,) str
    park: np.ndarray  # (N,) str (roll-ups, the correlation estimate)
    chain: np.ndarray  # (N,) str

    @classmethod
    def from_rows(cls, rows):
        """rows: (key, year, plan, months[12], category, total_investment, park, chain)."""
        rows = list(rows)
        if not rows:
            empty = np.zeros(0)
            return cls([], empty.astype(int), empty, np.zeros((0, 12)), empty.astype(str), empty.astype(str),
                       empty.astype(str), empty.astype(str))
        return cls(
            keys=[row[0] for row in rows],
            year=np.array([row[1] for row in rows], dtype=int),
            plan=np.array([float(row[2]) for row in rows]),
            months=np.array([[float(v) for v in row[3]] for row in rows]),
            category=np.array([str(row[4]) for row in rows]),
            band=np.array([size_band(float(row[5])) for row in rows]),
            park=np.array([str(row[6] or "") for row in rows]),
            chain=np.array([str(row[7] or "") for row in rows]),
        )

    def __len__(self):
        return len(self.keys)

    def take(self, index):
        index = np.asarray(index)
        return Panel([self.keys[i] for i in index], self.year[index], self.plan[index], self.months[index],
                     self.category[index], self.band[index], self.park[index], self.chain[index])


STAGES = np.array(["尚未形成投资", "已形成投资"])


def _classes(panel: Panel, m: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each series' class at month ``m`` as (integer codes, names by code), finest first, everyone last.

    Integer codes because sorting 100,000 strings per month and level was most of a fit's time.
    """
    active = (panel.months[:, :m].sum(axis=1) > 0).astype(int) if m else np.zeros(len(panel), int)
    cats, cat = np.unique(panel.category, return_inverse=True)
    bands, band = np.unique(panel.band, return_inverse=True)
    fine_names = np.array([f"{c}、{b}、{st}" for c in cats for b in bands for st in STAGES] or [""])
    category_names = np.array([f"{c}、{st}" for c in cats for st in STAGES] or [""])
    return [((cat * len(bands) + band) * 2 + active, fine_names), (cat * 2 + active, category_names),
            (active, STAGES), (np.zeros(len(panel), int), np.array(["全部项目"]))]


def _features(panel: Panel, m: int, target: int):
    """What each series had done by ``m``, in its last three months, and its plan; and the rest up to ``target``."""
    done = panel.months[:, :m].sum(axis=1)
    recent = panel.months[:, max(0, m - 3):m].sum(axis=1)
    rest = panel.months[:, m:target].sum(axis=1)
    return done, recent, rest


@dataclass
class Fitted:
    """One class at one (m, target): the profile ratios, the weights and the sorted relative errors."""

    label: str
    n: int
    ratios: tuple[float, float, float]  # rest / done, rest / recent, rest / plan in the class's past series
    weights: np.ndarray  # on (done·r0, recent·r1, plan·r2)
    errors: np.ndarray  # sorted (actual − forecast) / plan
    december_share: float  # share of the year's total the class usually completes in December
    rest_share: float  # share of the year's total that comes after month m

    def __post_init__(self):
        self.mean, self.sd = float(self.errors.mean()), float(self.errors.std())


@dataclass
class Model:
    """Fitted classes per (m, target) and level; ``rho`` per m for roll-ups; what it learned from."""

    classes: dict = field(default_factory=dict)  # (m, target, level, label) -> Fitted
    rho: dict = field(default_factory=dict)  # m -> intra-park error correlation
    years: tuple = ()
    samples: int = 0

    @property
    def empty(self):
        return not self.classes


def _ratio(part, whole):
    return float(part / whole) if whole > 0 else 0.0


def credibility(seen: np.ndarray, plan: np.ndarray) -> float:
    """Bühlmann's credibility of a project's own run rate after the months ``seen`` (rows: past series).

    Each month's amount over the plan varies within a project (s², the noise of one month) and
    the projects' own average rates vary between them (a, what a run rate can tell apart);
    after m months the run rate deserves weight Z = m / (m + s²/a), the rest goes to the
    class's usual pace for a plan of that size. Pure noise around one pace gives Z → 0 (trust
    the class), projects that each keep their own pace give Z → 1 (trust the run rate).
    """
    m = seen.shape[1]
    if m == 0 or len(seen) < 2:
        return 0.0
    x = seen / plan[:, None]
    within = float(x.var(axis=1, ddof=1).mean()) if m > 1 else float(x.var(ddof=1))
    between = float(x.mean(axis=1).var(ddof=1)) - within / m
    if between <= 0:
        return 0.0
    return m / (m + within / between)


def _fit_class(label, done, recent, rest, plan, year_total, december, m, seen=None):
    ratios = (_ratio(rest.sum(), done.sum()), _ratio(rest.sum(), recent.sum()), _ratio(rest.sum(), plan.sum()))
    x = np.column_stack([done * ratios[0], recent * ratios[1], plan * ratios[2]]) / plan[:, None]
    y = rest / plan
    z = credibility(seen, plan)
    weights = np.array([z, 0.0, 1 - z])  # the recent months are told in words, not weighed (see docs)
    errors = np.sort(y - x @ weights)
    return Fitted(label, len(y), ratios, weights, errors, _ratio(december.sum(), year_total.sum()),
                  _ratio(rest.sum(), year_total.sum()))


def fit(history: Panel) -> Model:
    """Learn the profiles, weights and error pools from complete past series (plan above zero)."""
    model = Model()
    keep = history.plan > 0
    history = history.take(np.flatnonzero(keep))
    model.years = tuple(sorted(set(history.year.tolist())))
    model.samples = len(history)
    if not len(history):
        return model
    plan = history.plan
    year_total = history.months.sum(axis=1)
    december = history.months[:, 11]
    for m in range(0, 12):
        levels = _classes(history, m)
        members = [[(names[code], rows) for code, rows in _members(codes)] for codes, names in levels]
        for target in TARGETS:
            if m >= target:
                continue
            done, recent, rest = _features(history, m, target)
            for level, groups in enumerate(members):
                for label, rows in groups:
                    if len(rows) < MIN_SAMPLES and level < len(levels) - 1:
                        continue
                    model.classes[(m, target, level, label)] = _fit_class(
                        label, done[rows], recent[rows], rest[rows], plan[rows], year_total[rows], december[rows], m,
                        history.months[rows, :m])
        model.rho[m] = _intra_park(model, history, m, levels)
    return model


def _members(labels: np.ndarray):
    """(label, indices of its rows) for each distinct label, from one sort."""
    values, inverse = np.unique(labels, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.cumsum(np.bincount(inverse, minlength=len(values)))[:-1]
    return zip(values, np.split(order, bounds))


def _intra_park(model, history, m, levels):
    """The share of error variance parks share (one-way ANOVA intraclass correlation), at least RHO_FLOOR."""
    pred = history.months[:, :m].sum(axis=1) + _predict(model, history, np.full(len(history), m), 12)[0]
    actual = history.months.sum(axis=1)
    errs = (actual - pred) / history.plan
    sd = errs.std() or 1.0
    z = errs / sd
    parks, inverse, counts = np.unique(history.park, return_inverse=True, return_counts=True)
    if len(parks) < 2 or len(z) <= len(parks):
        return RHO_FLOOR
    means = np.bincount(inverse, weights=z) / counts
    msb = (counts * (means - z.mean()) ** 2).sum() / (len(parks) - 1)
    msw = ((z - means[inverse]) ** 2).sum() / (len(z) - len(parks))
    k = (len(z) - (counts ** 2).sum() / len(z)) / (len(parks) - 1)
    icc = (msb - msw) / (msb + (k - 1) * msw) if msb + (k - 1) * msw > 0 else 0.0
    return float(min(0.9, max(RHO_FLOOR, icc)))


def _predict(model, panel: Panel, known: np.ndarray, target: int):
    """Expected rest (months after each series' ``known`` up to ``target``) and the class used for each."""
    rest = np.zeros(len(panel))
    used = [None] * len(panel)
    for m in np.unique(known):
        m = int(m)
        if m >= target:
            continue
        rows = np.flatnonzero(known == m)
        sub = panel.take(rows)
        levels = _classes(sub, m)
        done, recent, _ = _features(sub, m, target)
        # the finest label determines the coarser ones, so one lookup per finest label
        labels, first, inverse = np.unique(levels[0][0], return_index=True, return_inverse=True)
        for n, label in enumerate(labels):
            fitted = None
            for level in range(len(levels)):
                codes, names = levels[level]
                fitted = model.classes.get((m, target, level, names[codes[first[n]]]))
                if fitted is not None:
                    break
            if fitted is None:
                continue
            members = np.flatnonzero(inverse == n)
            r = fitted.ratios
            x = np.column_stack([done[members] * r[0], recent[members] * r[1], sub.plan[members] * r[2]])
            rest[rows[members]] = np.maximum(0.0, x @ fitted.weights)
            for j in rows[members]:
                used[j] = fitted
    return rest, used


@dataclass
class Forecasts:
    """Forecasts of ``target``-month completion for every series of a panel (arrays, one row each)."""

    target: int
    known: np.ndarray  # months of data each forecast starts from
    done: np.ndarray  # completed up to known
    recent_rate: np.ndarray  # average of the last (up to) three months, 万元/月
    plan: np.ndarray
    goal: np.ndarray  # what must be reached by the target month (plan, or half of it for 双过半)
    expected: np.ndarray
    low: np.ndarray
    high: np.ndarray
    probability: np.ndarray  # nan where unknown
    fitted: list  # the Fitted class behind each forecast (None when there was nothing to learn from)


def forecast(model: Model, panel: Panel, known, target: int = 12) -> Forecasts:
    """Forecast completion by ``target`` from the first ``known`` months of each series.

    ``known`` is an int or an array (a project whose last report is still pending starts a month
    earlier). After the target month the figure is the actual, with no interval.
    """
    known = np.broadcast_to(np.asarray(known, dtype=int), (len(panel),)).copy()
    goal = panel.plan * (0.5 if target == 6 else 1.0)
    rows = np.arange(len(panel))
    cums = np.concatenate([np.zeros((len(panel), 1)), np.cumsum(panel.months, axis=1)], axis=1)
    done = cums[rows, np.minimum(known, target)]
    recent = (cums[rows, known] - cums[rows, np.maximum(0, known - 3)]) / np.maximum(1, np.minimum(known, 3))
    rest, used = _predict(model, panel, known, target)
    expected = done + rest
    low, high = expected.copy(), expected.copy()
    probability = np.full(len(panel), np.nan)
    passed = known >= target
    probability[passed] = (expected[passed] >= goal[passed] - 1e-9).astype(float)
    groups = {}
    for i, fitted in enumerate(used):
        if fitted is not None and not passed[i] and panel.plan[i] > 0:
            groups.setdefault(id(fitted), (fitted, []))[1].append(i)
    for fitted, members in groups.values():
        members = np.array(members)
        errors, scale = fitted.errors, panel.plan[members]
        q_low, q_high = np.quantile(errors, [LOW_Q, HIGH_Q])
        low[members] = np.maximum(done[members], expected[members] + q_low * scale)
        high[members] = np.maximum(done[members], expected[members] + q_high * scale)
        needed = (goal[members] - expected[members]) / scale
        over = len(errors) - np.searchsorted(errors, needed, side="left")
        probability[members] = (over + 0.5) / (len(errors) + 1)
    return Forecasts(target, known, done, recent, panel.plan, goal, expected, low, high, probability, used)


@dataclass(frozen=True)
class Rollup:
    """The forecast of a set of projects' completion by the target month, with its 80% interval."""

    count: int
    plan: float
    goal: float
    done: float
    expected: float
    low: float
    high: float
    probability: float | None
    status: str
    method: str  # how the interval was combined (shown as a footnote)
    shortfall: list  # indices of the projects contributing most to a shortfall, largest first


def rollup(model: Model, forecasts: Forecasts, indices=None, *, seed: int = 0, top: int = 10) -> Rollup:
    """Sum the forecasts of ``indices`` with an interval that accounts for shared shocks (see module doc)."""
    idx = np.arange(len(forecasts.plan)) if indices is None else np.asarray(indices, dtype=int)
    plan, goal = float(forecasts.plan[idx].sum()), float(forecasts.goal[idx].sum())
    done, expected = float(forecasts.done[idx].sum()), float(forecasts.expected[idx].sum())
    gap = forecasts.goal[idx] - forecasts.expected[idx]
    order = idx[np.argsort(-gap, kind="stable")]
    shortfall = [int(i) for i in order[:top] if forecasts.goal[i] - forecasts.expected[i] > 0]
    uncertain = [int(i) for i in idx if forecasts.fitted[i] is not None and forecasts.known[i] < forecasts.target
                 and forecasts.plan[i] > 0]
    if not len(idx) or goal <= 0:
        return Rollup(len(idx), plan, goal, done, expected, expected, expected, None, Status.UNKNOWN, "", shortfall)
    if not uncertain:
        met = expected >= goal - 1e-6
        passed = bool((forecasts.known[idx] >= forecasts.target).all())
        text = (Status.DONE if met else Status.FAILED) if passed else Status.UNKNOWN
        return Rollup(len(idx), plan, goal, done, expected, expected, expected, (1.0 if met else 0.0) if passed else
                      None, text, "", shortfall)
    months = int(np.median(forecasts.known[uncertain]))
    rho = model.rho.get(months, RHO_FLOOR)
    scale = forecasts.plan[uncertain]
    uncertain = np.array(uncertain)
    scale = forecasts.plan[uncertain]
    groups = {}
    for row, i in enumerate(uncertain):
        groups.setdefault(id(forecasts.fitted[i]), (forecasts.fitted[i], []))[1].append(row)
    if len(uncertain) <= MC_LIMIT:
        rng = np.random.default_rng(seed)
        common = rng.standard_normal(DRAWS)
        z = math.sqrt(rho) * common[None, :] + math.sqrt(1 - rho) * rng.standard_normal((len(uncertain), DRAWS))
        u = _normal_cdf(z)
        floor = (forecasts.done[uncertain] - forecasts.expected[uncertain])[:, None]
        draws = np.zeros(DRAWS)
        for fitted, rows in groups.values():
            errors = fitted.errors
            error = np.interp(u[rows] * (len(errors) - 1), np.arange(len(errors)), errors)
            draws += np.maximum(error * scale[rows, None], floor[rows]).sum(axis=0)
        totals = expected + draws
        low, high = np.quantile(totals, [LOW_Q, HIGH_Q])
        probability = float((totals >= goal).mean())
        method = f"蒙特卡洛模拟 {DRAWS} 次，项目误差取自同类历史项目，共同冲击相关系数 ρ={rho:.2f}"
    else:
        means, sds = np.zeros(len(uncertain)), np.zeros(len(uncertain))
        for fitted, rows in groups.values():
            means[rows], sds[rows] = fitted.mean, fitted.sd
        means, sds = means * scale, sds * scale
        centre = expected + means.sum()
        sd = math.sqrt((1 - rho) * (sds ** 2).sum() + rho * sds.sum() ** 2)
        low, high = centre - 1.2816 * sd, centre + 1.2816 * sd
        probability = 0.5 * (1 + math.erf((centre - goal) / (sd * math.sqrt(2)))) if sd > 0 else float(centre >= goal)
        method = f"正态近似（{len(uncertain)} 个项目），方差 = (1−ρ)Σσ² + ρ(Σσ)²，ρ={rho:.2f}"
    return Rollup(len(idx), plan, goal, done, expected, float(max(low, done)), float(max(high, done)), probability,
                  status(probability), method, shortfall)


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z) by Abramowitz & Stegun 7.1.26 (error under 1.5e-7): numpy has no erf, scipy is not installed."""
    x = np.abs(z) / math.sqrt(2)
    t = 1 / (1 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1 - poly * np.exp(-x * x)
    return 0.5 * (1 + np.sign(z) * erf)


def explain(forecasts: Forecasts, i: int) -> str:
    """The forecast of series ``i`` in words, with the figures it rests on."""
    fitted = forecasts.fitted[i]
    known = int(forecasts.known[i])
    what = "上半年" if forecasts.target == 6 else "全年"
    if known >= forecasts.target:
        return f"{what}已结束，实际完成 {forecasts.expected[i]:,.0f} 万元"
    if fitted is None or forecasts.plan[i] <= 0:
        return "无年度计划或无同类项目历史可供学习，暂不预测"
    months = min(known, 3)
    lead = f"近{months}个月平均完成 {forecasts.recent_rate[i]:,.0f} 万元/月，" if months else "尚无已审核月报，"
    probability = forecasts.probability[i]
    goal = "双过半目标" if forecasts.target == 6 else "年度计划"
    return (f"{lead}同类项目（{fitted.label}，{fitted.n} 个历史项目）12月通常集中完成全年的 "
            f"{fitted.december_share * 100:.0f}%，预计{what}完成 {forecasts.expected[i]:,.0f} 万元"
            f"（80%区间 {forecasts.low[i]:,.0f}–{forecasts.high[i]:,.0f}），"
            f"达到{goal}的概率 {probability * 100:.0f}%")


# ---------------------------------------------------------------- baselines and the backtest

def run_rate_baseline(panel: Panel, m: int) -> np.ndarray:
    """Straight-line run rate: done by m, times 12/m (zero in January with nothing done)."""
    done = panel.months[:, :m].sum(axis=1)
    return done * 12 / m if m else np.zeros(len(panel))


def plan_time_baseline(panel: Panel, m: int) -> np.ndarray:
    """Plan × time progress: done by m, and the rest of the year at the plan's monthly pace."""
    return panel.months[:, :m].sum(axis=1) + panel.plan * (12 - m) / 12


@dataclass(frozen=True)
class BacktestRow:
    month: int
    count: int
    mae: float
    mae_run_rate: float
    mae_plan_time: float
    coverage: float  # share of actuals inside the 80% interval
    width: float  # mean interval width, 万元
    brier: float  # of the probability of meeting the plan


def backtest(panel: Panel, complete_years, folds: int = 5) -> tuple[list[BacktestRow], str]:
    """Replay every complete year: at each month m, forecast December and compare with the actual.

    Parameters are learned only from complete years before the replayed one; a year with none
    before it is replayed by ``folds``-fold cross-fitting over projects (each fold forecast by a
    model that never saw it). Returns the rows by month and a sentence saying which was used.
    """
    complete = sorted(set(int(y) for y in complete_years))
    panel = panel.take(np.flatnonzero((panel.plan > 0) & np.isin(panel.year, complete)))
    predictions = {m: ([], [], [], [], [], []) for m in range(1, 12)}
    protocols = []
    for year in complete:
        target = np.flatnonzero(panel.year == year)
        earlier = np.flatnonzero(panel.year < year)
        if len(earlier):
            parts = [(target, earlier)]
            protocols.append(f"{year}年以此前各年训练")
        else:
            fold_of = np.array([zlib.crc32(str(panel.keys[i]).encode()) % folds for i in target])
            parts = [(target[fold_of == f], target[fold_of != f]) for f in range(folds)]
            protocols.append(f"{year}年无更早完整年度，按项目 {folds} 折交叉拟合")
        for test, train in parts:
            if not len(test) or not len(train):
                continue
            model = fit(panel.take(train))
            sub = panel.take(test)
            actual = sub.months.sum(axis=1)
            for m in range(1, 12):
                result = forecast(model, sub, m, 12)
                bucket = predictions[m]
                bucket[0].append(actual)
                bucket[1].append(result.expected)
                bucket[2].append(np.column_stack([result.low, result.high]))
                bucket[3].append(run_rate_baseline(sub, m))
                bucket[4].append(plan_time_baseline(sub, m))
                met = (actual >= sub.plan).astype(float)
                bucket[5].append(np.column_stack([np.nan_to_num(result.probability, nan=0.5), met]))
    rows = []
    for m, (actual, expected, bounds, run, plan_time, probs) in predictions.items():
        if not actual:
            continue
        actual, expected = np.concatenate(actual), np.concatenate(expected)
        bounds, probs = np.concatenate(bounds), np.concatenate(probs)
        inside = (actual >= bounds[:, 0] - 1e-6) & (actual <= bounds[:, 1] + 1e-6)
        rows.append(BacktestRow(
            m, len(actual), float(np.abs(actual - expected).mean()),
            float(np.abs(actual - np.concatenate(run)).mean()), float(np.abs(actual - np.concatenate(plan_time)).mean()),
            float(inside.mean()), float((bounds[:, 1] - bounds[:, 0]).mean()),
            float(((probs[:, 0] - probs[:, 1]) ** 2).mean())))
    return rows, "；".join(protocols)


def format_backtest(rows: list[BacktestRow]) -> str:
    """The backtest table as text (the command and the make target print it)."""
    lines = ["月份  项目数  预测MAE(万元)  直线外推MAE  计划×时间MAE  80%区间覆盖率  平均区间宽度  Brier  优于两基线",
             "-" * 96]
    for row in rows:
        better = row.mae < row.mae_run_rate and row.mae < row.mae_plan_time
        lines.append(f"{row.month:>3}月 {row.count:>7} {row.mae:>13,.1f} {row.mae_run_rate:>12,.1f} "
                     f"{row.mae_plan_time:>13,.1f} {row.coverage * 100:>12.1f}% {row.width:>13,.1f} "
                     f"{row.brier:>6.3f}  {'是' if better else '否'}")
    return "\n".join(lines)

"""Year-end forecasts as pure functions over arrays of monthly series — no Django, no database.

Why a pure core: the same method must run on the district's rollups (the battle map, the
briefing, the warning rule), on an exported ledger (``manage.py eval_forecast --ledger``) and on
a hand-made history in a test, and be judged by the same backtest on all three.

The method (docs/foresight.md says it in the users' words): **analogues**, the past projects
that were where this one is now.

1. **Similar projects.** Past complete series of the same category and size band when there are
   at least ``MIN_SAMPLES`` of them, else of the category, else all. Within them, at month m, the
   ``neighbours_for(n)`` (2√n, 20–100) whose share of plan done by m is nearest the project's —
   a project with nothing done reads those that had nothing done either, the stage being the
   strongest likeness there is. Progress relative to plan is the one distance because it is what
   both naive methods read half of: the run rate trusts it fully, plan × time not at all; the
   neighbours say how far it should be trusted at that share and that month.
2. **What followed.** The neighbours' rest of the year (or of the half year, for 双过半) over
   their plans, sorted: the median times the project's plan is what it should add; with a
   December rush in the history the rush is in the neighbours' outcomes.
3. **Honest uncertainty.** The 10th and 90th percentiles of the same outcomes are the 80%
   interval, and the probability of meeting the plan is the share of neighbours whose outcome
   would have carried it over ((k + ½)/(n + 1)). (Credibility-weighted profile × run rate, least
   squares and least absolute error weights were measured first and lost to the run rate from
   April on: docs/foresight.md.)
4. **Roll-ups.** Project outcomes are not independent (a cold winter hits every site), so a sum's
   interval is not the sum of the quantiles (too wide) nor their root-sum-square (too narrow
   when shocks are shared). ``rollup`` draws the ``MC_TOP`` widest projects from their own
   outcomes through a Gaussian copula with a common factor whose weight ``rho`` is the intra-park
   correlation of past errors (floored at ``RHO_FLOOR``), and adds the many narrow ones as one
   normal sum with the same common factor: ``Var = (1-rho)·Σσ² + rho·(Σσ)²``.

Public functions (the battle map, the briefing and the warning rule call them through
``tuijin.foresight.services``): ``fit(panel)``, ``forecast(model, panel, months_known)``,
``rollup(model, forecasts, indices, target)``, ``status(probability)``, ``explain(...)``,
``backtest(panel)``, and the two baselines ``run_rate_baseline`` / ``plan_time_baseline``.
"""

from __future__ import annotations

import functools
import math
import zlib
from dataclasses import dataclass

import numpy as np

MIN_SAMPLES = 100  # past series a class (category and size) needs before it is searched on its own
MIN_NEIGHBOURS, MAX_NEIGHBOURS = 20, 100  # bounds of the similar past series one forecast reads
SPREAD = 41  # quantiles of each forecast's outcomes kept for roll-ups (every 2.5%)
CHUNK = 20000  # queries searched at once (memory: CHUNK × neighbours floats)
RHO_SAMPLE = 4000  # past series the roll-ups' common shock is estimated on
LOW_Q, HIGH_Q = 0.1, 0.9  # the 80% interval
RHO_FLOOR = 0.05  # a minimum shared shock between projects in a roll-up
MC_TOP = 100  # a roll-up draws its widest projects one by one, the rest as one normal sum
DRAWS = 2000
LIKELY, UNLIKELY = 0.7, 0.3  # probability bands of 预计达成 / 有风险 / 预计未达成
TARGETS = (6, 12)  # 双过半 (end of June) and the full year


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


def neighbours_for(n: int) -> int:
    """How many similar past series one forecast reads: 2√n, between 20 and 100.

    More neighbours give steadier quantiles, fewer keep them similar; 2√n grows the pool with
    the history while its share of it shrinks (20 of 100, 100 of 2,500 and more). The backtest was flat
    between 20 and 40 neighbours on the demo's 190 training series.
    """
    return int(min(MAX_NEIGHBOURS, max(MIN_NEIGHBOURS, round(2 * math.sqrt(max(n, 1))))))


def _classes(panel: Panel) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each series' class as (integer codes, names by code), finest first, everyone last.

    Integer codes because sorting 100,000 strings per month and level was most of a fit's time.
    The stage is not a class here: what a series had done by month m is the distance itself.
    """
    cats, cat = np.unique(panel.category, return_inverse=True)
    bands, band = np.unique(panel.band, return_inverse=True)
    fine_names = np.array([f"{c}、{b}" for c in cats for b in bands] or [""])
    return [(cat * len(bands) + band, fine_names), (cat, cats if len(cats) else np.array([""])),
            (np.zeros(len(panel), int), np.array(["全部项目"]))]


@dataclass
class Pool:
    """The past series of one class at month m, sorted by the share of their plan done by m.

    ``rest[target]`` is, aligned with ``progress``, what each did after m up to the target month
    over its plan: the outcome a similar project of this year can expect.
    """

    label: str
    progress: np.ndarray  # sorted done-by-m / plan
    rest: dict  # target -> (n,) rest / plan, in ``progress`` order
    idle: dict  # target -> sorted rest / plan of the series with nothing done by m
    december_share: float  # share of the year's total the class usually completes in December

    @property
    def n(self):
        return len(self.progress)


class Model:
    """The complete past series, kept sorted by progress per month and class when a month is first asked.

    Lazily per month: a page forecasts from one month (the latest reported), so a cold start builds
    one month's pools, not twelve; the backtest asks for all of them.
    """

    def __init__(self, history: Panel | None = None):
        self.history = history
        self.years: tuple = ()
        self.samples = 0
        self._pools: dict = {}  # m -> {(level, label): Pool}
        self._rho: dict = {}
        if history is None or not len(history):
            return
        self.years = tuple(sorted(set(history.year.tolist())))
        self.samples = len(history)
        self._cums = np.concatenate([np.zeros((len(history), 1)), np.cumsum(history.months, axis=1)], axis=1)
        self._levels = [(list(_members(codes)), names) for codes, names in _classes(history)]

    @property
    def empty(self):
        return not self.samples

    def pool(self, m: int, level: int, label) -> Pool | None:
        if self.empty:
            return None
        if m not in self._pools:
            self._pools[m] = self._build(m)
        return self._pools[m].get((level, label))

    def _build(self, m: int) -> dict:
        history, cums = self.history, self._cums
        progress = cums[:, m] / history.plan
        order_all = np.argsort(progress, kind="stable")
        rank = np.empty(len(order_all), dtype=int)
        rank[order_all] = np.arange(len(order_all))
        targets = [t for t in TARGETS if m < t]
        rest_all = {t: (cums[:, t] - cums[:, m]) / history.plan for t in targets}
        pools = {}
        for level, (groups, names) in enumerate(self._levels):
            for code, rows in groups:
                if len(rows) < MIN_SAMPLES and level < len(self._levels) - 1:
                    continue
                order = rows[np.argsort(rank[rows])]  # one global sort, then each class in its order
                idle = order[progress[order] == 0]
                pools[(level, names[code])] = Pool(
                    str(names[code]), progress[order], {t: rest_all[t][order] for t in targets},
                    {t: np.sort(rest_all[t][idle]) for t in targets},
                    _ratio(history.months[rows, 11].sum(), cums[rows, 12].sum()))
        return pools

    def rho(self, m: int) -> float:
        """The intra-park correlation of the errors at month ``m``, computed once when a roll-up asks."""
        if m not in self._rho:
            self._rho[m] = _intra_park(self, m)
        return self._rho[m]


def _ratio(part, whole):
    return float(part / whole) if whole > 0 else 0.0


def fit(history: Panel) -> Model:
    """The model of the complete past series with a plan (their pools are built per month on first use)."""
    return Model(history.take(np.flatnonzero(history.plan > 0)))


def _members(labels: np.ndarray):
    """(label, indices of its rows) for each distinct label, from one sort."""
    values, inverse = np.unique(labels, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    bounds = np.cumsum(np.bincount(inverse, minlength=len(values)))[:-1]
    return zip(values, np.split(order, bounds))


def _intra_park(model, m):
    """The share of error variance parks share (one-way ANOVA intraclass correlation), at least RHO_FLOOR.

    Read on at most ``RHO_SAMPLE`` past series (every n-th), each forecast from its own history.
    """
    history = model.history
    if history is None or len(history) < 3:
        return RHO_FLOOR
    step = max(1, len(history) // RHO_SAMPLE)
    sample = history.take(np.arange(0, len(history), step))
    found = forecast(model, sample, m, 12)
    errs = (sample.months.sum(axis=1) - found.expected) / sample.plan
    sd = errs.std() or 1.0
    z = errs / sd
    parks, inverse, counts = np.unique(sample.park, return_inverse=True, return_counts=True)
    if len(parks) < 2 or len(z) <= len(parks):
        return RHO_FLOOR
    means = np.bincount(inverse, weights=z) / counts
    msb = (counts * (means - z.mean()) ** 2).sum() / (len(parks) - 1)
    msw = ((z - means[inverse]) ** 2).sum() / (len(z) - len(parks))
    k = (len(z) - (counts ** 2).sum() / len(z)) / (len(parks) - 1)
    icc = (msb - msw) / (msb + (k - 1) * msw) if msb + (k - 1) * msw > 0 else 0.0
    return float(min(0.9, max(RHO_FLOOR, icc)))


def nearest_window(sorted_values: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Start of the ``k`` consecutive sorted values nearest each query: its k nearest neighbours in one dimension.

    The window [s, s + k) is moved right while the query is farther from its left end than from
    the value just past its right end; a vectorised binary search over s does that for every query.
    """
    n = len(sorted_values)
    k = min(k, n)
    position = np.searchsorted(sorted_values, queries)
    lo, hi = np.clip(position - k, 0, n - k), np.clip(position, 0, n - k)
    while True:
        active = lo < hi
        if not active.any():
            break
        mid = (lo + hi) // 2
        right = (queries - sorted_values[mid]) > (sorted_values[np.minimum(mid + k, n - 1)] - queries)
        lo = np.where(active & right, mid + 1, lo)
        hi = np.where(active & ~right, mid, hi)
    return lo


def _outcomes(pool: Pool, progress: np.ndarray, target: int) -> tuple[np.ndarray, np.ndarray]:
    """Each query's neighbours' outcomes (rest / plan), sorted, as a (queries, k) matrix; and k per row.

    A query with nothing done reads the class's past series that had nothing done either (when
    there are enough), the stage being the strongest similarity there is.
    """
    k = min(neighbours_for(pool.n), pool.n)
    rest = pool.rest[target]
    out = np.empty((len(progress), k))
    idle_pool = pool.idle[target]
    idle = (progress == 0) & (len(idle_pool) >= MIN_NEIGHBOURS)
    if idle.any():
        out[idle] = np.quantile(idle_pool, np.linspace(0, 1, k)) if len(idle_pool) != k else idle_pool
    busy = np.flatnonzero(~idle)
    for chunk in np.array_split(busy, max(1, len(busy) // CHUNK)):
        if len(chunk):
            start = nearest_window(pool.progress, progress[chunk], k)
            starts, which = np.unique(start, return_inverse=True)  # projects alike share a window: sort it once
            out[chunk] = np.sort(rest[starts[:, None] + np.arange(k)], axis=1)[which]
    return out, np.full(len(progress), k)


def _sorted_quantiles(matrix: np.ndarray, probabilities) -> np.ndarray:
    """Quantiles of each row of a row-sorted matrix by linear interpolation (numpy's default), without a sort."""
    k = matrix.shape[1]
    position = np.asarray(probabilities, dtype=float) * (k - 1)
    left = np.minimum(position.astype(int), max(k - 2, 0))
    right = np.minimum(left + 1, k - 1)
    share = position - left
    return matrix[:, left] * (1 - share) + matrix[:, right] * share


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
    fitted: list  # the Pool behind each forecast (None when there was nothing to learn from)
    outcomes: np.ndarray = None  # (N, SPREAD) quantiles of the neighbours' rest / plan, for roll-ups
    neighbours: np.ndarray = None  # how many similar past series each forecast read


def forecast(model: Model, panel: Panel, known, target: int = 12) -> Forecasts:
    """Forecast completion by ``target`` from the first ``known`` months of each series.

    ``known`` is an int or an array (a project whose last report is still pending starts a month
    earlier). After the target month the figure is the actual, with no interval.
    """
    count = len(panel)
    known = np.broadcast_to(np.asarray(known, dtype=int), (count,)).copy()
    goal = panel.plan * (0.5 if target == 6 else 1.0)
    rows = np.arange(count)
    cums = np.concatenate([np.zeros((count, 1)), np.cumsum(panel.months, axis=1)], axis=1)
    done = cums[rows, np.minimum(known, target)]
    recent = (cums[rows, known] - cums[rows, np.maximum(0, known - 3)]) / np.maximum(1, np.minimum(known, 3))
    expected, low, high = done.copy(), done.copy(), done.copy()
    probability = np.full(count, np.nan)
    passed = known >= target
    probability[passed] = (done[passed] >= goal[passed] - 1e-9).astype(float)
    used = [None] * count
    outcomes = np.zeros((count, SPREAD))
    neighbours = np.zeros(count, dtype=int)
    levels = _classes(panel)
    fine = levels[0][0]
    for m in np.unique(known[(~passed) & (panel.plan > 0)]):
        m = int(m)
        members = np.flatnonzero((known == m) & (panel.plan > 0))
        # the finest class determines the coarser ones: one lookup per finest class
        by_pool = {}
        for code in np.unique(fine[members]):
            chosen = members[fine[members] == code]
            first = chosen[0]
            for level, (codes, names) in enumerate(levels):
                pool = model.pool(m, level, names[codes[first]])
                if pool is not None:
                    by_pool.setdefault(id(pool), (pool, []))[1].append(chosen)
                    break
        for pool, parts in by_pool.values():
            chosen = np.concatenate(parts)
            plan = panel.plan[chosen]
            matrix, k = _outcomes(pool, done[chosen] / plan, target)
            median, q_low, q_high = _sorted_quantiles(matrix, [0.5, LOW_Q, HIGH_Q]).T
            expected[chosen] = done[chosen] + plan * median
            low[chosen] = done[chosen] + plan * np.maximum(0.0, q_low)
            high[chosen] = done[chosen] + plan * np.maximum(0.0, q_high)
            needed = (goal[chosen] - done[chosen]) / plan
            over = (matrix >= needed[:, None] - 1e-12).sum(axis=1)
            probability[chosen] = (over + 0.5) / (k + 1)
            outcomes[chosen] = _sorted_quantiles(matrix, np.linspace(0, 1, SPREAD))
            neighbours[chosen] = k
            for i in chosen:
                used[i] = pool
    return Forecasts(target, known, done, recent, panel.plan, goal, expected, low, high, probability, used,
                     outcomes, neighbours)


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
    uncertain = idx[(forecasts.neighbours[idx] > 0) & (forecasts.known[idx] < forecasts.target)
                    & (forecasts.plan[idx] > 0)]
    if not len(idx) or goal <= 0:
        return Rollup(len(idx), plan, goal, done, expected, expected, expected, None, Status.UNKNOWN, "", shortfall)
    if not len(uncertain):
        met = expected >= goal - 1e-6
        passed = bool((forecasts.known[idx] >= forecasts.target).all())
        text = (Status.DONE if met else Status.FAILED) if passed else Status.UNKNOWN
        return Rollup(len(idx), plan, goal, done, expected, expected, expected, (1.0 if met else 0.0) if passed else
                      None, text, "", shortfall)
    rho = model.rho(int(np.median(forecasts.known[uncertain])))
    scale = forecasts.plan[uncertain]
    outcomes = np.maximum(forecasts.outcomes[uncertain], 0.0)  # (n, SPREAD) sorted rest / plan
    spread = outcomes.std(axis=1) * scale
    drawn = np.argsort(-spread, kind="stable")[:MC_TOP]  # the widest outcomes are drawn one by one
    others = np.setdiff1d(np.arange(len(uncertain)), drawn)
    common, own_shock, left, share = _copula(round(rho, 4), seed)
    left, share = left[:len(drawn)], share[:len(drawn)]
    rows = outcomes[drawn]
    picked = np.take_along_axis(rows, left, axis=1) * (1 - share) + np.take_along_axis(rows, left + 1, axis=1) * share
    totals = (picked * scale[drawn, None]).sum(axis=0) + forecasts.done[uncertain].sum()
    totals += expected - float(forecasts.expected[uncertain].sum())  # the certain projects, as they stand
    method = f"蒙特卡洛模拟 {DRAWS} 次，项目结果取自进度相近的历史项目，共同冲击相关系数 ρ={rho:.2f}"
    if len(others):
        # the many narrow ones: their sum is normal (mean, and the variance of a shared and an own shock)
        mean = float((outcomes[others].mean(axis=1) * scale[others]).sum())
        sds = spread[others]
        shared, own = math.sqrt(rho) * sds.sum(), math.sqrt((1 - rho) * (sds ** 2).sum())
        totals += mean + shared * common + own * own_shock
        method += f"；其余 {len(others)} 个区间较窄的项目按正态近似合并"
    low, high = np.quantile(totals, [LOW_Q, HIGH_Q])
    probability = float((totals >= goal - 1e-6).mean())
    return Rollup(len(idx), plan, goal, done, expected, float(max(low, done)), float(max(high, done)), probability,
                  status(probability), method, shortfall)


@functools.lru_cache(maxsize=8)
def _copula(rho: float, seed: int):
    """The draws every roll-up with this ρ shares: the common shock, one own shock for the normal part,
    and where the uniforms of the ``MC_TOP`` drawn projects (a Gaussian copula with one common factor)
    fall among the ``SPREAD`` quantiles each project keeps: the index left of it and the share past it.

    Kept because a page rolls up every park twice with the same ρ; the same seed gave the same
    draws before, so nothing a user sees changes from one call to the next.
    """
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(DRAWS)
    own_shock = rng.standard_normal(DRAWS)
    u = _normal_cdf(math.sqrt(rho) * common[None, :] + math.sqrt(1 - rho) * rng.standard_normal((MC_TOP, DRAWS)))
    position = u * (SPREAD - 1)
    left = np.minimum(position.astype(int), SPREAD - 2)
    share = position - left
    for array in (common, own_shock, left, share):
        array.flags.writeable = False
    return common, own_shock, left, share


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
    lead = f"近{months}个月平均完成 {forecasts.recent_rate[i]:,.0f} 万元/月" if months else "尚无已审核月报"
    plan, done = forecasts.plan[i], forecasts.done[i]
    rest_share = (forecasts.expected[i] - done) / plan * 100
    idle = fitted.idle.get(forecasts.target, ())
    if done == 0 and len(idle) >= MIN_NEIGHBOURS:
        similar = f"同期尚未形成投资的 {len(idle)} 个历史项目"
    else:
        similar = f"截至当时进度最相近的 {int(forecasts.neighbours[i])} 个历史项目"
        lead += f"，截至{known}月已完成年度计划的 {done / plan * 100:.0f}%" if known else ""
    goal = "双过半目标" if forecasts.target == 6 else "年度计划"
    return (f"{lead}；同类项目（{fitted.label}，{fitted.n} 个）中{similar}其后通常再完成计划的 {rest_share:.0f}%，"
            f"12月通常集中完成全年的 {fitted.december_share * 100:.0f}%；预计{what}完成 {forecasts.expected[i]:,.0f} 万元"
            f"（80%区间 {forecasts.low[i]:,.0f}–{forecasts.high[i]:,.0f}），"
            f"达到{goal}的概率 {forecasts.probability[i] * 100:.0f}%")


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

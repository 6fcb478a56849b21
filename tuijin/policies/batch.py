"""Every enterprise against every clause at once, column by column (政策找企业 in batch).

Facts are float64 columns with nan for no data. Each distinct condition of the plan is computed
once over the whole column (clauses share many: "规上企业", "营业收入 ≥ 2000 万元"), and a clause
is the AND of its conditions' masks — no Python loop runs per enterprise or per pair.

Results per clause: the eligible rows with their amounts, and the near misses (short of exactly
one condition that growing can meet, or of data only — ``_blocked`` is the scalar ``reachable``):
which condition, whether its data is missing, the shortfall in the field's unit and its share of
the threshold — the same near misses the scalar engine lists with their gap messages. The comparisons are the scalar engine's own
float operations, so both agree row for row. Amounts are rounded half-up to 分 in float:
``floor(x·100 + 0.5 + 1e-6)``, on a base figure first rounded to 分 (its stored precision). With
a two-decimal base and a rate of at most four places the exact product has at most four decimals
of a 分, so the 1e-6 nudge only undoes float error (≪ 1e-6 below 1e9 分) and never moves a true
value across the half: the scalar engine's Decimal result, exactly.
"""

from dataclasses import dataclass

import numpy as np

from .rules import COMPARISONS, BenefitKind, Expr, GroupKind, Plan, tolerance


@dataclass
class NearMisses:
    rows: np.ndarray  # row numbers of enterprises short of exactly one condition, or of data only
    condition: np.ndarray  # which of the clause's conditions (index into its top-level conditions; the
    #                        last one when only data is missing for several)
    missing: np.ndarray  # bool: that condition lacks data (缺少数据) rather than failing
    shortfall: np.ndarray  # how far from the threshold in the field's unit; nan when not a numeric comparison
    share: np.ndarray  # the shortfall as a share of the threshold; nan when unknown


@dataclass
class ClauseResult:
    rows: np.ndarray  # row numbers of eligible enterprises
    amounts: np.ndarray  # their amounts in 万元, rounded to 分 (nan when the base figure is missing)
    near: NearMisses | None = None


def round_cents(amounts: np.ndarray) -> np.ndarray:
    return np.floor(amounts * 100.0 + 0.5 + 1e-6) / 100.0


def expression(compiled, columns, n):
    """The vectorised twin of ``engine.expression``."""
    tag = compiled[0]
    if tag == Expr.FIELD:
        return columns[compiled[1]]
    if tag == Expr.CONST:
        return np.full(n, compiled[1])
    if tag == Expr.YEARS_SINCE:
        return compiled[1] - expression(compiled[2], columns, n)
    if tag == Expr.LOOKUP:
        x = expression(compiled[3], columns, n)
        picked = np.asarray(compiled[2], dtype=np.float64)[np.searchsorted(np.asarray(compiled[1]), x, side="right")]
        return np.where(np.isnan(x), np.nan, picked)
    parts = [expression(part, columns, n) for part in compiled[1:]]
    if tag == Expr.DIVIDE:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(parts[1] != 0, parts[0] / np.where(parts[1] != 0, parts[1], 1.0), np.nan)
    if tag == Expr.SUBTRACT:
        return parts[0] - parts[1]
    result = parts[0]
    combine = {Expr.ADD: np.add, Expr.MULTIPLY: np.multiply, Expr.MIN: np.minimum, Expr.MAX: np.maximum}[tag]
    for part in parts[1:]:
        result = combine(result, part)
    return result


class Batch:
    """The plan, ready to run over columns."""

    def __init__(self, plan: Plan):
        self.plan = plan

    def columns(self, base: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The base columns (missing ones all-nan) plus every derived column the plan needs."""
        n = len(next(iter(base.values()))) if base else 0
        columns = {name: np.asarray(base[name], dtype=np.float64) if name in base else np.full(n, np.nan)
                   for name in self.plan.base}
        for field, compiled in self.plan.derived:
            columns[field.name] = expression(compiled, columns, n)
        return columns

    def run(self, base: dict[str, np.ndarray], *, gaps=True) -> list[ClauseResult]:
        columns = self.columns(base)
        n = len(next(iter(columns.values()))) if columns else 0
        known = {name: (None if not np.isnan(column).any() else ~np.isnan(column)) for name, column in columns.items()}
        met, self._code_index = [], {}
        for leaf in self.plan.leaves:
            met.append(self._leaf(leaf, columns, known, n))
        self._met, self._present = met, known
        self.values = columns  # the last run's columns, base and derived, for callers explaining rows
        return [self._clause(clause, n, gaps) for clause in self.plan.clauses]

    # conditions ------------------------------------------------------------

    def _leaf(self, leaf, columns, known, n):
        x = columns[leaf.field.name]
        op = leaf.op
        if leaf.other is not None:
            y = columns[leaf.other.name]
            shift = 1e-12 * np.maximum(1.0, np.abs(y))
            threshold = y - shift if op in (">=", "<") else (y + shift if op in (">", "<=") else y)
            return _compare(op, x, threshold, y, shift)
        if op in ("is_true", "is_false"):
            return x > 0.5 if op == "is_true" else x < 0.5
        if op in ("in", "not_in"):
            inside = _member(self._codes(leaf.field.name, x), leaf.const)
            return inside if op == "in" else (~inside & ~np.isnan(x))
        value = leaf.const
        if op in (">=", "<"):
            threshold = value - tolerance(value)
        elif op in (">", "<="):
            threshold = value + tolerance(value)
        else:
            threshold = value
        return _compare(op, x, threshold, value, tolerance(value))

    def _codes(self, name, x):
        """(positions, table size) of a code column: small non-negative integers map to themselves,
        anything else (no data included) to −1, the table's last slot, which is never a member."""
        if name not in self._code_index:
            with np.errstate(invalid="ignore"):
                valid = (x >= 0) & (x < 1_000_000) & (x == np.floor(x))
            size = int(x[valid].max()) + 2 if valid.any() else 1
            self._code_index[name] = (np.where(valid, x, -1).astype(np.int64), size)
        return self._code_index[name]

    def _incomplete(self, nodes):
        """Whether any of ``nodes`` reads a column with missing data."""
        for node in nodes:
            if type(node) is int:
                leaf = self.plan.leaves[node]
                if self._present.get(leaf.field.name) is not None or (
                        leaf.other is not None and self._present.get(leaf.other.name) is not None):
                    return True
            elif self._incomplete(node.children):
                return True
        return False

    def _known(self, node):
        """Rows where ``node``'s data is present (None: everywhere)."""
        if type(node) is int:
            leaf = self.plan.leaves[node]
            masks = [self._present.get(leaf.field.name)] + ([self._present.get(leaf.other.name)] if leaf.other else [])
            masks = [m for m in masks if m is not None]
            if not masks:
                return None
            return masks[0] if len(masks) == 1 else masks[0] & masks[1]
        return None

    def _state(self, node):
        """(met, unmet-with-data) masks of a condition; groups follow three-valued logic."""
        if type(node) is int:
            met = self._met[node]
            known = self._known(node)
            return met, (~met if known is None else known & ~met)
        pairs = [self._state(child) for child in node.children]
        if node.kind == GroupKind.NOT:
            return pairs[0][1], pairs[0][0]
        mets, fails = [p[0] for p in pairs], [p[1] for p in pairs]
        if node.kind == GroupKind.ALL:
            return np.logical_and.reduce(mets), np.logical_or.reduce(fails)
        return np.logical_or.reduce(mets), np.logical_and.reduce(fails)

    # clauses ---------------------------------------------------------------

    def _clause(self, clause, n, gaps):
        states = [(self._met[node], None) if type(node) is int else self._state(node) for node in clause.top]
        mets = [state[0] for state in states]
        k = len(mets)
        which = None
        if gaps and k > 1:
            # Byte arithmetic over the columns gives, per row, how many conditions hold (k: eligible,
            # k − 1: a near miss) and the sum of the positions of those that hold — hence, for a row
            # short of one, which one it lacks — without a Python step per row or per pair.
            count = mets[0].view(np.uint8).copy()
            held = np.zeros(n, dtype=np.uint8)
            for i, mask in enumerate(mets[1:], start=1):
                byte = mask.view(np.uint8)
                count += byte
                held += byte * np.uint8(i)
            rows = np.flatnonzero(count == k)
            near_mask = count == k - 1
            if self._incomplete(clause.top):
                # Also near: nothing fails outright, only data is missing (the scalar engine's rule).
                fails = np.logical_or.reduce([self._state(node)[1] for node in clause.top])
                near_mask |= (count < k) & ~fails
            blocked = self._clause_blocked(clause)
            if blocked is not None:
                near_mask &= ~blocked
            near = np.flatnonzero(near_mask)
            which = (k * (k - 1) // 2 - held[near].astype(np.int64)).clip(0, k - 1).astype(np.uint8)
        else:
            eligible = mets[0] if k == 1 else np.logical_and.reduce(mets)
            rows = np.flatnonzero(eligible)
            near = None
            if gaps:
                blocked = self._clause_blocked(clause)
                near = np.flatnonzero(~eligible if blocked is None else ~eligible & ~blocked)
        result = ClauseResult(rows=rows, amounts=self._amounts(clause.benefit, rows))
        if gaps:
            result.near = self._near(clause, states, near, which)
        return result

    def _clause_blocked(self, clause):
        """Rows where some condition of ``clause`` fails in a way growing cannot mend (None: no row)."""
        masks = [mask for mask in (self._blocked(node) for node in clause.top) if mask is not None]
        if not masks:
            return None
        return masks[0] if len(masks) == 1 else np.logical_or.reduce(masks)

    def _blocked(self, node):
        """Rows where ``node`` fails with its data present and cannot be met by growth: the scalar
        ``Scalar.reachable`` over columns. None when no row is blocked by it."""
        if type(node) is int:
            leaf = self.plan.leaves[node]
            if leaf.op in (">=", ">") and leaf.field.grows:
                return None
            return self._state(node)[1]
        if node.kind == GroupKind.NOT:
            return self._state(node.children[0])[0]  # the NOT fails where its child holds
        children = [self._blocked(child) for child in node.children]
        if node.kind == GroupKind.ALL:
            present = [mask for mask in children if mask is not None]
            return np.logical_or.reduce(present) if present else None
        if any(mask is None for mask in children):
            return None
        return np.logical_and.reduce(children)

    def _near(self, clause, states, rows, which):
        """Which condition each near miss lacks, whether for want of data, and by how much."""
        condition = which if which is not None else np.zeros(len(rows), dtype=np.uint8)
        missing = np.zeros(len(rows), dtype=bool)
        shortfall = np.full(len(rows), np.nan)
        for i, (node, (met, _)) in enumerate(zip(clause.top, states)):
            if which is None or type(node) is not int or self._incomplete([node]):
                # Rows short only of data may lack several conditions: mark those directly (the last wins).
                condition[np.flatnonzero(~met[rows])] = i
        for i, (node, (met, fails)) in enumerate(zip(clause.top, states)):
            picked = np.flatnonzero(condition == i)
            if not len(picked):
                continue
            chosen = rows[picked]
            if type(node) is not int:
                missing[picked] = ~fails[chosen]
                continue
            known = self._known(node)
            if known is not None:
                missing[picked] = ~known[chosen]
            leaf = self.plan.leaves[node]
            if leaf.op in COMPARISONS:
                x = self.values[leaf.field.name][chosen]
                value = self.values[leaf.other.name][chosen] if leaf.other else leaf.const
                shortfall[picked] = value - x if leaf.op in (">=", ">") else x - value
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(np.isnan(shortfall), np.nan, shortfall / self._thresholds(clause, rows, condition))
        return NearMisses(rows=rows, condition=condition, missing=missing, shortfall=shortfall, share=share)

    def _thresholds(self, clause, rows, condition):
        """The absolute threshold of each near miss's condition (nan where there is none, or it is 0)."""
        out = np.full(len(rows), np.nan)
        for i, node in enumerate(clause.top):
            picked = np.flatnonzero(condition == i)
            if not len(picked) or type(node) is not int or self.plan.leaves[node].op not in COMPARISONS:
                continue
            leaf = self.plan.leaves[node]
            value = self.values[leaf.other.name][rows[picked]] if leaf.other else np.full(len(picked), leaf.const)
            out[picked] = np.where(value != 0, np.abs(value), np.nan)
        return out

    # amounts ---------------------------------------------------------------

    def _amounts(self, benefit, rows):
        columns = self.values
        if benefit.kind == BenefitKind.NONE:
            return np.full(len(rows), np.nan)
        if benefit.kind == BenefitKind.AMOUNT:
            amounts = np.full(len(rows), float(benefit.amount))
        elif benefit.kind == BenefitKind.RATE:
            amounts = round_cents(float(benefit.rate) * round_cents(columns[benefit.base.name][rows]))
        else:
            x = columns[benefit.by.name][rows]
            starts = np.asarray([start - tolerance(start) for start, _, _ in benefit.tiers])
            position = np.searchsorted(starts, x, side="right") - 1
            base = round_cents(columns[benefit.base.name][rows]) if benefit.base is not None else None
            amounts = np.zeros(len(rows))
            for i, (_, fixed, rate) in enumerate(benefit.tiers):
                chosen = position == i
                if fixed is not None:
                    amounts[chosen] = float(fixed)
                else:
                    amounts[chosen] = round_cents(float(rate) * base[chosen])
            amounts[np.isnan(x)] = np.nan
        if benefit.cap is not None:
            amounts = np.where(amounts > float(benefit.cap), float(benefit.cap), amounts)
        return amounts


def _compare(op, x, threshold, value, shift):
    with np.errstate(invalid="ignore"):
        if op == ">=":
            return x >= threshold
        if op == ">":
            return x > threshold
        if op == "<=":
            return x <= threshold
        if op == "<":
            return x < threshold
        equal = np.abs(x - value) <= shift
        return equal if op == "==" else (~equal & ~np.isnan(x) & ~np.isnan(value))


def _member(codes, members):
    """Membership through a lookup table indexed by the column's codes: one gather per condition."""
    index, size = codes
    table = np.zeros(size, dtype=bool)  # the last slot stays False: no data and non-codes point there
    table[[int(code) for code in members if 0 <= code < size - 1]] = True
    return table[index]

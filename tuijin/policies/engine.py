"""One enterprise against a compiled plan: what it qualifies for, why, and what it lacks.

Conditions are three-valued — met, not met, or 缺少数据 — so that a figure nobody entered is
reported as missing and never counts as a pass (``not`` of missing stays missing). The
comparisons are the very float operations the batch engine (``batch.py``) applies to whole
columns, so the two agree on every enterprise; amounts are computed here in ``Decimal`` and
rounded half-up to 分, which the batch reproduces exactly for two-decimal figures.
"""

import math
from dataclasses import dataclass, field as dc_field
from decimal import ROUND_HALF_UP, Decimal

from .fields import CATALOGUE, CEILING, FLOOR, UNITS, Kind, format_gap, format_value
from .rules import COMPARISONS, OP_TEXT, BenefitKind, Expr, Group, GroupKind, Leaf, Plan, tolerance

NAN = math.nan
MET, UNMET, MISSING = 1, 0, -1
CENT = Decimal("0.01")


class Status:
    ELIGIBLE = "eligible"  # every condition met
    NEAR = "near"  # 差一点: one condition not met but reachable by growing, or only data missing
    NO = "no"  # further away; not listed


@dataclass
class Gap:
    text: str  # "研发投入占比 2.4%，要求 ≥ 3%，差 0.6 个百分点" or "缺少数据：研发投入"
    missing: bool = False
    shortfall: float | None = None  # in the field's unit; None when not a numeric comparison
    share: float | None = None  # the shortfall as a share of the threshold (0.1: 10 % short); None when unknown


@dataclass
class Outcome:
    clause: object  # the CompiledClause
    status: str
    amount: Decimal | None = None
    reasons: list = dc_field(default_factory=list)  # why it qualifies (eligible only)
    gaps: list = dc_field(default_factory=list)  # what is missing (near misses only)
    unmet: int = 0
    amount_note: str = ""

    @property
    def share(self) -> float | None:
        """How much is missing, as the largest share of a threshold among the gaps (None: only data)."""
        shares = [gap.share for gap in self.gaps if gap.share is not None]
        return max(shares) if shares else None

    @property
    def share_text(self) -> str:
        """"差门槛的 5%" (at least 0.1 %, so a tiny shortfall does not read as none); "" when only data is missing."""
        share = self.share
        if share is None:
            return ""
        percent = max(share * 100, 0.1)
        return f"差门槛的 {percent:.0f}%" if percent >= 1 else f"差门槛的 {percent:.1f}%"


def expression(compiled, values):
    """Evaluate a compiled expression on a dict of floats (nan for no data); division by zero gives nan."""
    tag = compiled[0]
    if tag == Expr.FIELD:
        return values[compiled[1]]
    if tag == Expr.CONST:
        return compiled[1]
    if tag == Expr.YEARS_SINCE:
        return compiled[1] - expression(compiled[2], values)
    if tag == Expr.LOOKUP:
        x = expression(compiled[3], values)
        if x != x:
            return NAN
        bounds, results = compiled[1], compiled[2]
        position = 0
        while position < len(bounds) and x >= bounds[position]:
            position += 1
        return results[position]
    parts = [expression(part, values) for part in compiled[1:]]
    if tag == Expr.DIVIDE:
        return parts[0] / parts[1] if parts[1] != 0 else NAN
    if tag == Expr.SUBTRACT:
        return parts[0] - parts[1]
    if tag == Expr.ADD:
        return math.fsum(parts) if all(p == p for p in parts) else NAN
    if tag == Expr.MULTIPLY:
        return math.prod(parts)
    if any(p != p for p in parts):
        return NAN
    return min(parts) if tag == Expr.MIN else max(parts)


def _threshold(op, value):
    """The float a value is compared with, shifted by the tolerance towards the exact decimal boundary."""
    if op in (">=", "<"):
        return value - tolerance(value)
    if op in (">", "<="):
        return value + tolerance(value)
    return value


def _leaf_test(leaf: Leaf):
    """A function of the values dict returning MET, UNMET or MISSING for ``leaf``."""
    name, op = leaf.field.name, leaf.op
    if leaf.other is not None:
        other = leaf.other.name

        def versus(values):
            x, y = values[name], values[other]
            if x != x or y != y:
                return MISSING
            return MET if _compare(op, x, _threshold(op, y), y) else UNMET
        return versus
    if op in ("in", "not_in"):
        members, wanted = leaf.const, op == "in"
        return lambda values: MISSING if values[name] != values[name] else (
            MET if (values[name] in members) == wanted else UNMET)
    if op in ("is_true", "is_false"):
        wanted = op == "is_true"
        return lambda values: MISSING if values[name] != values[name] else (
            MET if (values[name] > 0.5) == wanted else UNMET)
    threshold, value = _threshold(op, leaf.const), leaf.const
    return lambda values: MISSING if values[name] != values[name] else (
        MET if _compare(op, values[name], threshold, value) else UNMET)


def _compare(op, x, threshold, value):
    if op == ">=":
        return x >= threshold
    if op == ">":
        return x > threshold
    if op == "<=":
        return x <= threshold
    if op == "<":
        return x < threshold
    equal = abs(x - value) <= tolerance(value)
    return equal if op == "==" else not equal


class Scalar:
    """The plan, ready to evaluate one enterprise after another."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.tests = [_leaf_test(leaf) for leaf in plan.leaves]
        self.derived = [(field.name, compiled) for field, compiled in plan.derived]
        self.bases = _base_dependencies(plan)
        self._targets = {}

    def values(self, facts: dict) -> dict:
        """Floats for every field the plan reads: base facts (nan when absent) and derived fields."""
        values = {name: _float(facts.get(name)) for name in self.plan.base}
        for name, compiled in self.derived:
            values[name] = expression(compiled, values)
        return values

    def evaluate(self, facts: dict, explain=True) -> list[Outcome]:
        """Eligible clauses and near misses, in plan order.

        A near miss lacks exactly one condition, or lacks only data: "fill in your R&D spend" is
        worth telling an enterprise however many conditions that one missing figure holds up. The
        condition it lacks must be reachable (``reachable``): one that excludes the enterprise by
        its nature (already 规上, another industry, too big, a level it cannot step to) is not 差一点.
        """
        values = self.values(facts)
        states = [test(values) for test in self.tests]
        outcomes = []
        for clause in self.plan.clauses:
            unmet, failing = [], 0
            for node in clause.top:
                state = states[node] if type(node) is int else self._group(node, states)
                if state != MET:
                    unmet.append((node, state))
                    failing += state == UNMET
                    if failing and len(unmet) > 1:
                        break
            if not unmet:
                amount, note = self.amount(clause.benefit, values)
                outcome = Outcome(clause, Status.ELIGIBLE, amount, unmet=0, amount_note=note)
                if explain:
                    outcome.reasons = [self.reason(node, values, states) for node in clause.top]
                outcomes.append(outcome)
            elif (len(unmet) == 1 or not failing) and all(self.reachable(n, s, states) for n, s in unmet):
                outcome = Outcome(clause, Status.NEAR, unmet=len(unmet))
                if explain:
                    gaps = [self.gap(node, state, values, states) for node, state in unmet]
                    outcome.gaps = list({gap.text: gap for gap in gaps}.values())
                outcomes.append(outcome)
        return outcomes

    def reachable(self, node, state, states) -> bool:
        """Whether an unmet condition can be met by growing a figure that grows, or by filing missing data.

        The batch engine's ``Batch._blocked`` is the same rule over columns.
        """
        if state == MISSING:
            return True
        if type(node) is int:
            leaf = self.plan.leaves[node]
            return leaf.op in (">=", ">") and leaf.field.grows
        if node.kind == GroupKind.NOT:
            return False
        children = [(c, states[c] if type(c) is int else self._group(c, states)) for c in node.children]
        if node.kind == GroupKind.ALL:
            return all(self.reachable(c, s, states) for c, s in children if s == UNMET)
        return any(self.reachable(c, s, states) for c, s in children)

    def _group(self, group: Group, states):
        results = [states[c] if type(c) is int else self._group(c, states) for c in group.children]
        if group.kind == GroupKind.NOT:
            return {MET: UNMET, UNMET: MET}.get(results[0], MISSING)
        if group.kind == GroupKind.ALL:
            return UNMET if UNMET in results else (MISSING if MISSING in results else MET)
        return MET if MET in results else (MISSING if MISSING in results else UNMET)

    # amounts ---------------------------------------------------------------

    def amount(self, benefit, values):
        """(amount in 万元 as Decimal rounded half-up to 分, note); (None, why) when it cannot be computed."""
        if benefit.kind == BenefitKind.NONE:
            return None, benefit.note or "非资金支持"
        if benefit.kind == BenefitKind.AMOUNT:
            amount = benefit.amount
        elif benefit.kind == BenefitKind.RATE:
            amount, note = self._times(benefit.rate, benefit.base, values)
            if amount is None:
                return None, note
        else:
            x = values[benefit.by.name]
            if x != x:
                return None, self.missing_text(benefit.by.name, values, prefix="金额无法计算，")
            chosen = None
            for start, fixed, rate in benefit.tiers:
                if x >= start - tolerance(start):
                    chosen = (fixed, rate)
            if chosen is None:
                amount = Decimal("0.00")
            elif chosen[0] is not None:
                amount = chosen[0]
            else:
                amount, note = self._times(chosen[1], benefit.base, values)
                if amount is None:
                    return None, note
        if benefit.cap is not None and amount > benefit.cap:
            return benefit.cap.quantize(CENT), f"按上限 {_wan(benefit.cap)}"
        return amount.quantize(CENT), benefit.note

    def _times(self, rate, base, values):
        x = values[base.name]
        if x != x:
            return None, self.missing_text(base.name, values, prefix="金额无法计算，")
        base = Decimal(repr(x)).quantize(CENT, rounding=ROUND_HALF_UP)  # figures are kept to 分
        return (base * rate).quantize(CENT, rounding=ROUND_HALF_UP), ""

    # explanations ----------------------------------------------------------

    def field(self, name):
        return self.plan.fields.get(name) or CATALOGUE[name]

    def missing_text(self, name, values, prefix=""):
        """缺少数据：研发投入 — naming the base figures behind a derived one."""
        absent = [self.field(base).label for base in self.bases[name] if values[base] != values[base]]
        if absent:
            return f"{prefix}缺少数据：{'、'.join(absent)}"
        zero = [self.field(base).label for base in self.bases[name] if values[base] == 0]
        return f"{prefix}无法计算{self.field(name).label}：{'、'.join(zero) or '数据'}为 0"

    def requirement(self, node) -> str:
        """The condition in words: "研发投入占比 ≥ 3%"."""
        if isinstance(node, int):
            node = self.plan.leaves[node]
        if isinstance(node, Group):
            parts = [self.requirement(child) for child in node.children]
            if node.kind == GroupKind.NOT:
                return f"不满足（{parts[0]}）"
            return ("同时满足：" if node.kind == GroupKind.ALL else "满足其一：") + "；".join(parts)
        if node.label:
            return node.label
        label = node.field.label
        if node.op == "is_true":
            return label
        if node.op == "is_false":
            return f"非{label}"
        if node.op in ("in", "not_in"):
            codes = "、".join(format_value(node.field, code) for code in sorted(node.const))
            return f"{label}{OP_TEXT[node.op]} {codes}"
        target = node.other.label if node.other else format_value(node.field, node.const)
        return f"{label} {OP_TEXT[node.op]} {target}"

    def benefit_text(self, benefit) -> str:
        """The benefit rule in words: "设备投资 × 10%，最高 500 万元"."""
        cap = f"，最高 {_wan(benefit.cap)}" if benefit.cap is not None else ""
        if benefit.kind == BenefitKind.NONE:
            return benefit.note or "非资金支持"
        if benefit.kind == BenefitKind.AMOUNT:
            return f"{_wan(benefit.amount)}{cap}"
        if benefit.kind == BenefitKind.RATE:
            return f"{_times_text(benefit.base, benefit.rate)}{cap}"
        steps = [f"{format_value(benefit.by, start)}起 "
                 + (_wan(fixed) if fixed is not None else _times_text(benefit.base, rate))
                 for start, fixed, rate in benefit.tiers]
        return f"按{benefit.by.label}分档：{'；'.join(steps)}{cap}"

    def reason(self, node, values, states) -> str:
        """Why a met condition holds, with the enterprise's own figure: "研发投入占比 3.2%（要求 ≥ 3%）"."""
        if isinstance(node, int):
            leaf = self.plan.leaves[node]
            if leaf.op in ("is_true", "is_false"):
                return f"{leaf.field.label}：{format_value(leaf.field, values[leaf.field.name])}"
            return f"{leaf.field.label} {format_value(leaf.field, values[leaf.field.name])}（要求：{self._target(leaf, values)}）"
        if node.kind == GroupKind.ANY:
            met = [c for c in node.children if (states[c] if type(c) is int else self._group(c, states)) == MET]
            return self.reason(met[0], values, states)
        if node.kind == GroupKind.ALL:
            return "；".join(self.reason(child, values, states) for child in node.children)
        return self.requirement(node)

    def _target(self, leaf, values):
        """The requirement's right-hand side in words; constant ones are worded once per plan."""
        if leaf.other is None:
            text = self._targets.get(id(leaf))
            if text is None:
                text = self._targets[id(leaf)] = self._constant_target(leaf)
            return text
        return f"{OP_TEXT[leaf.op]} {format_value(leaf.field, values[leaf.other.name])}（{leaf.other.label}）"

    def _constant_target(self, leaf):
        if leaf.op in ("in", "not_in"):
            return self.requirement(leaf).removeprefix(leaf.field.label)
        return f"{OP_TEXT[leaf.op]} {format_value(leaf.field, leaf.const)}"

    def gap(self, node, state, values, states) -> Gap:
        """What an unmet condition lacks: the figure, the requirement and the difference, or the missing data."""
        if type(node) is not int:
            return self._group_gap(node, state, values, states)
        leaf = self.plan.leaves[node]
        if state == MISSING:
            names = [leaf.field.name] + ([leaf.other.name] if leaf.other else [])
            absent = [name for name in names if values[name] != values[name]]
            return Gap(self.missing_text(absent[0], values) if absent else "缺少数据", missing=True)
        gap = self._leaf_gap(leaf, values)
        if leaf.label:
            gap.text = f"{leaf.label}：{gap.text}"
        return gap

    def _leaf_gap(self, leaf, values) -> Gap:
        x = values[leaf.field.name]
        if leaf.op in ("is_true", "is_false"):
            return Gap(f"{leaf.field.label}：{format_value(leaf.field, x)}，要求：{'是' if leaf.op == 'is_true' else '否'}")
        if leaf.op not in COMPARISONS:
            return Gap(f"{leaf.field.label} {format_value(leaf.field, x)}，要求{self._target(leaf, values)}")
        value = values[leaf.other.name] if leaf.other else leaf.const
        below = leaf.op in (">=", ">")
        shown = format_value(leaf.field, x, FLOOR if below else CEILING)
        difference = value - x if below else x - value
        word = "差" if below else "超出"
        if leaf.op in (">", "<") and abs(difference) <= tolerance(value):
            return Gap(f"{leaf.field.label} {shown}，要求 {self._target(leaf, values)}", shortfall=0.0,
                       share=0.0)
        share = difference / abs(value) if value else None
        return Gap(f"{leaf.field.label} {shown}，要求 {self._target(leaf, values)}，{word} "
                   f"{format_gap(leaf.field, difference)}", shortfall=difference, share=share)

    def _group_gap(self, group, state, values, states):
        children = [(c, states[c] if type(c) is int else self._group(c, states)) for c in group.children]
        if group.kind == GroupKind.NOT:
            if state == MISSING:
                return self.gap(children[0][0], MISSING, values, states)
            return Gap(f"须不满足：{self.requirement(children[0][0])}")
        unmet = [(c, s) for c, s in children if s != MET]
        parts = [self.gap(c, s, values, states) for c, s in unmet]
        joiner = "；" if group.kind == GroupKind.ALL else "；或 "
        text = joiner.join(part.text for part in parts)
        return Gap(text if group.kind == GroupKind.ALL else f"以下满足其一即可：{text}",
                   missing=state == MISSING, shortfall=None)


def _float(value):
    if value is None:
        return NAN
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    return float(value)


def _wan(amount: Decimal) -> str:
    return f"{amount.normalize():f} 万元"


def _times_text(base, rate: Decimal) -> str:
    """"设备投资 × 10%" for money; "新引进高层次人才每人 5 万元" for a count or an area."""
    if base.kind == Kind.MONEY:
        return f"{base.label} × {(rate * 100).normalize():f}%"
    unit = UNITS.get(base.kind, "").strip() or "单位"
    return f"{base.label}每{unit} {_wan(rate)}"


def _base_dependencies(plan):
    """For every field of the plan, the base fields it is computed from (itself for a base field)."""
    refs = {field.name: _refs(compiled) for field, compiled in plan.derived}
    bases = {}

    def resolve(name):
        if name not in bases:
            bases[name] = [name] if name not in refs else list(dict.fromkeys(
                base for ref in refs[name] for base in resolve(ref)))
        return bases[name]

    for name in list(plan.base) + list(refs):
        resolve(name)
    return bases


def _refs(compiled):
    if compiled is None:
        return []
    tag = compiled[0]
    if tag == Expr.FIELD:
        return [compiled[1]]
    if tag == Expr.CONST:
        return []
    if tag == Expr.YEARS_SINCE:
        return _refs(compiled[2])
    if tag == Expr.LOOKUP:
        return _refs(compiled[3])
    return [ref for part in compiled[1:] for ref in _refs(part)]


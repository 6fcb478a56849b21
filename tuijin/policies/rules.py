"""The declarative rule format of a clause, its validator, and the compiled plan the engines run.

A clause's definition (stored as JSON, written as YAML by policy staff)::

    eligibility:                       # conditions: a leaf, or all / any / not of conditions
      all:
        - {field: is_above_scale, op: is_true}
        - {field: rd_ratio, op: ">=", value: {param: srdi_rd_ratio}}
        - {field: rd_ratio, op: ">=", value: {field: high_tech_rd_ratio_required}}
    benefit:                           # rate × base, a fixed amount, or tiers; optional cap (万元)
      rate: 0.1
      base: equipment_investment
      cap: 500
    derived:                           # optional fields of this clause, same expressions as fields.py
      export_share: {label: 出口占比, kind: ratio, expr: {divide: [exports, revenue]}, grows: true}
    tests:                             # scenarios that must hold, run by the suite and `policy_tests`
      - {name: 设备投资800万元, enterprise: {is_above_scale: true, equipment_investment: 800},
         eligible: true, amount: 80}
      - {name: 设备投资400万元, enterprise: {is_above_scale: true, equipment_investment: 400},
         eligible: false, near: false}   # near: whether it is listed as 差一点 (optional)

A derived field says ``grows: true`` when an enterprise can raise it by growing (see ``fields.Field``).

Nothing here is ever ``eval``-ed: a definition is checked against the field catalogue and the
operator table, and compiled into plain data (leaves, groups, expressions) with the parameters
of the evaluation date resolved. Every problem is reported at once, each with its place in the
definition, in Chinese, so that whoever saves a malformed rule learns what to fix.
"""

import datetime as dt
import json
import math
from dataclasses import dataclass, field as dc_field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from . import parameters
from .fields import CATALOGUE, NUMERIC, Field, Kind

COMPARISONS = (">=", ">", "<=", "<")
OPERATORS = COMPARISONS + ("==", "!=", "in", "not_in", "is_true", "is_false")
OP_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠", "in": "属于", "not_in": "不属于"}
DERIVED_KINDS = (Kind.MONEY, Kind.COUNT, Kind.AREA, Kind.RATIO, Kind.YEARS, Kind.LEVEL)
AMOUNT_KINDS = (Kind.MONEY, Kind.COUNT, Kind.AREA)
MAX_RATE_PLACES = 4  # with two-decimal bases, the float batch rounds to 分 exactly like Decimal (see batch.py)


def tolerance(value: float) -> float:
    """How far a float may stray from a two-decimal figure's exact ratio: far below any real difference.

    Two-decimal figures under 1e8 万元 differ from a ≤4-place threshold by at least 1e-12 when they
    differ at all, while float64 arithmetic errs by ~1e-16: "exactly 3 %" passes, "2.99 %" does not.
    """
    return 1e-12 * max(1.0, abs(value))


class RuleError(Exception):
    """A definition that cannot be compiled; ``messages`` lists every problem found."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("；".join(self.messages))


# ---------------------------------------------------------------- compiled plan


@dataclass
class Leaf:
    field: Field
    op: str
    const: object = None  # float, frozenset of floats, or None
    other: Field | None = None  # compared with another field instead of a constant
    label: str = ""
    param: str = ""  # the parameter the constant came from, for the explanation

    @property
    def key(self):
        const = tuple(sorted(self.const)) if isinstance(self.const, frozenset) else self.const
        return (self.field.name, self.op, const, self.other.name if self.other else None)

    @property
    def numeric(self):
        return self.op in COMPARISONS


class Expr(StrEnum):
    """The node kinds of a compiled expression: the first item of each tuple, and the YAML key of an operator."""

    FIELD = "field"  # a field's value: ("field", name)
    CONST = "const"  # a number: ("const", value)
    DIVIDE = "divide"  # first / second; no data when the second is zero
    MULTIPLY = "multiply"  # product of all parts
    ADD = "add"  # sum of all parts
    SUBTRACT = "subtract"  # first − second
    MIN = "min"  # the smallest part
    MAX = "max"  # the largest part
    YEARS_SINCE = "years_since"  # whole years from a year to the rule's date: ("years_since", this_year, inner)
    LOOKUP = "lookup"  # a dated bracket parameter read at a value: ("lookup", bounds, values, by)


EXPRESSIONS = tuple(kind for kind in Expr if kind not in (Expr.FIELD, Expr.CONST))  # what YAML may write as {op: …}


class GroupKind(StrEnum):
    """How a group of conditions combines its children; the YAML key that opens it."""

    ALL = "all"  # every child holds
    ANY = "any"  # at least one child holds
    NOT = "not"  # its one child does not hold


class BenefitKind(StrEnum):
    """What a clause pays; the YAML key that says so (NONE: a clause that only qualifies)."""

    AMOUNT = "amount"  # a fixed amount
    RATE = "rate"  # a rate times a base field
    TIERS = "tiers"  # brackets of a field, each an amount or a rate
    NONE = "none"  # no money: the clause only says who qualifies


@dataclass
class Group:
    kind: GroupKind
    children: list


@dataclass
class Benefit:
    kind: BenefitKind
    amount: Decimal | None = None
    rate: Decimal | None = None
    base: Field | None = None
    cap: Decimal | None = None
    by: Field | None = None
    tiers: list = dc_field(default_factory=list)  # [(from, amount | None, rate | None)], ascending
    note: str = ""


@dataclass
class CompiledClause:
    ref: object  # whatever the caller identifies the clause by (a Clause row, a workload index)
    title: str
    version: int
    top: list  # the conditions that must all hold: Leaf indices into the plan, or Group
    benefit: Benefit


@dataclass
class Plan:
    on: dt.date
    base: list  # base field names the clauses read
    derived: list  # [(Field, compiled expression)] in dependency order
    leaves: list  # unique Leaf objects; clauses refer to them by index
    clauses: list
    fields: dict  # every Field known to this plan by name


# ---------------------------------------------------------------- validation


def _number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and math.isfinite(value)


def _places(value) -> int:
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -exponent)


class _Checker:
    """Walks a definition once, collecting messages and building the compiled pieces."""

    def __init__(self, definition, on, local_fields):
        self.definition, self.on, self.errors = definition, on, []
        self.fields = dict(CATALOGUE) | local_fields

    def error(self, path, message):
        self.errors.append(f"{path}：{message}" if path else message)

    def field(self, path, name):
        if not isinstance(name, str) or name not in self.fields:
            self.error(path, f"未知字段“{name}”")
            return None
        return self.fields[name]

    # conditions -----------------------------------------------------------

    def condition(self, node, path):
        if not isinstance(node, dict):
            self.error(path, "条件必须是 {field, op, value} 或 all / any / not 之一")
            return None
        groups = [kind for kind in GroupKind if kind.value in node]
        if groups:
            if len(node) != 1:
                self.error(path, f"“{groups[0]}”不能与其他键并列：{'、'.join(sorted(map(str, node)))}")
                return None
            kind = groups[0]
            if kind == GroupKind.NOT:
                child = self.condition(node[kind.value], f"{path}.not")
                return Group(GroupKind.NOT, [child]) if child is not None else None
            items = node[kind.value]
            if not isinstance(items, list) or not items:
                self.error(f"{path}.{kind}", "须是非空的条件列表")
                return None
            children = [self.condition(item, f"{path}.{kind}[{i}]") for i, item in enumerate(items)]
            return Group(kind, children) if all(c is not None for c in children) else None
        unknown = set(node) - {"field", "op", "value", "label"}
        if unknown:
            self.error(path, f"未知的键：{'、'.join(sorted(map(str, unknown)))}")
        return self.leaf(node, path)

    def leaf(self, node, path):
        field = self.field(path, node.get("field"))
        op = node.get("op")
        if op not in OPERATORS:
            self.error(path, f"未知运算符“{op}”，可用：{'、'.join(OPERATORS)}")
            return None
        if field is None:
            return None
        label = str(node.get("label") or "")
        if op in ("is_true", "is_false"):
            if field.kind != Kind.BOOL:
                self.error(path, f"运算符“{op}”只能用于是/否字段，“{field.label}”（{field.name}）不是")
                return None
            if "value" in node:
                self.error(path, f"运算符“{op}”不需要 value")
            return Leaf(field, op, label=label)
        if field.kind == Kind.BOOL:
            self.error(path, f"“{field.label}”（{field.name}）是是/否字段，只能用 is_true 或 is_false")
            return None
        if "value" not in node:
            self.error(path, f"运算符“{op}”需要 value")
            return None
        value = node["value"]
        if op in ("in", "not_in"):
            if field.kind not in (Kind.CODE, Kind.LEVEL):
                self.error(path, f"运算符“{op}”只能用于代码或等级字段，“{field.label}”不是")
                return None
            if not isinstance(value, list) or not value:
                self.error(path, f"运算符“{op}”需要非空列表，得到“{value}”")
                return None
            codes = []
            for item in value:
                try:
                    codes.append(float(int(str(item))))
                except ValueError:
                    self.error(path, f"列表中的“{item}”不是代码")
            return Leaf(field, op, frozenset(codes), label=label)
        if op in COMPARISONS and field.kind == Kind.CODE:
            self.error(path, f"“{field.label}”是代码字段，只能用 ==、!=、in、not_in")
            return None
        if isinstance(value, dict):
            return self.reference(field, op, value, label, path)
        if not _number(value):
            self.error(path, f"运算符“{op}”需要数值，得到“{value}”")
            return None
        return Leaf(field, op, float(value), label=label)

    def reference(self, field, op, value, label, path):
        if set(value) == {"param"}:
            name = value["param"]
            if parameters.kind(name) != "values":
                self.error(path, f"未知参数“{name}”" if parameters.kind(name) is None
                           else f"参数“{name}”是分档参数，请在派生字段中用 lookup 引用")
                return None
            try:
                return Leaf(field, op, parameters.value(name, self.on), label=label, param=name)
            except parameters.ParameterError as exc:
                self.error(path, str(exc))
                return None
        if set(value) == {"field"}:
            other = self.field(path, value["field"])
            if other is None:
                return None
            if other.kind not in NUMERIC:
                self.error(path, f"“{other.label}”不是数值字段，不能用于比较")
                return None
            return Leaf(field, op, other=other, label=label)
        self.error(path, f"value 须是数值、{{param: 参数名}} 或 {{field: 字段名}}，得到“{value}”")
        return None

    # benefit --------------------------------------------------------------

    def money(self, path, value, what):
        if isinstance(value, dict) and set(value) == {"param"}:
            if parameters.kind(value["param"]) != "values":
                self.error(path, f"未知参数“{value['param']}”")
                return None
            value = parameters.value(value["param"], self.on)
        if not _number(value) or value < 0:
            self.error(path, f"{what}须是非负数，得到“{value}”")
            return None
        if _places(value) > 2:
            self.error(path, f"{what}最多两位小数（万元到分），得到“{value}”")
            return None
        return Decimal(str(value))

    def rate(self, path, value):
        if isinstance(value, dict) and set(value) == {"param"}:
            if parameters.kind(value["param"]) != "values":
                self.error(path, f"未知参数“{value['param']}”")
                return None
            value = parameters.value(value["param"], self.on)
        if not _number(value) or value <= 0:
            self.error(path, f"比例须是正数，得到“{value}”")
            return None
        if _places(value) > MAX_RATE_PLACES:
            self.error(path, f"比例最多 {MAX_RATE_PLACES} 位小数，得到“{value}”")
            return None
        return Decimal(str(value))

    def amount_base(self, path, name):
        field = self.field(path, name)
        if field is not None and field.kind not in AMOUNT_KINDS:
            self.error(path, f"计算基数须是金额、人数或面积字段，“{field.label}”不是")
            return None
        return field

    def benefit(self, node, path="benefit"):
        if node is None:
            return Benefit(BenefitKind.NONE)
        if not isinstance(node, dict):
            self.error(path, "须是 {amount}、{rate, base} 或 {tiers}")
            return None
        unknown = set(node) - {"amount", "rate", "base", "cap", "tiers", "note"}
        if unknown:
            self.error(path, f"未知的键：{'、'.join(sorted(map(str, unknown)))}")
        kinds = [kind for kind in (BenefitKind.AMOUNT, BenefitKind.RATE, BenefitKind.TIERS) if kind.value in node]
        if len(kinds) != 1:
            self.error(path, "须且只须有 amount、rate、tiers 之一")
            return None
        note = str(node.get("note") or "")
        cap = self.money(f"{path}.cap", node["cap"], "封顶金额") if "cap" in node else None
        if kinds[0] == BenefitKind.AMOUNT:
            return Benefit(BenefitKind.AMOUNT, amount=self.money(f"{path}.amount", node["amount"], "金额"), cap=cap, note=note)
        if kinds[0] == BenefitKind.RATE:
            if "base" not in node:
                self.error(path, "rate 需要 base（按哪个数乘比例）")
                return None
            return Benefit(BenefitKind.RATE, rate=self.rate(f"{path}.rate", node["rate"]),
                           base=self.amount_base(f"{path}.base", node["base"]), cap=cap, note=note)
        return self.tiers(node, path, cap, note)

    def tiers(self, node, path, cap, note):
        spec = node["tiers"]
        if not isinstance(spec, dict) or not isinstance(spec.get("brackets"), list) or not spec["brackets"]:
            self.error(f"{path}.tiers", "须是 {by: 字段, brackets: [{from, amount | rate}, …]}")
            return None
        by = self.field(f"{path}.tiers.by", spec.get("by"))
        if by is not None and by.kind not in NUMERIC:
            self.error(f"{path}.tiers.by", f"分档依据须是数值字段，“{by.label}”不是")
        base = self.amount_base(f"{path}.base", node["base"]) if "base" in node else None
        rows, previous = [], -math.inf
        for i, bracket in enumerate(spec["brackets"]):
            where = f"{path}.tiers.brackets[{i}]"
            if not isinstance(bracket, dict) or not _number(bracket.get("from")):
                self.error(where, "每档须有数值 from")
                continue
            if bracket["from"] <= previous:
                self.error(where, "from 须从小到大排列")
            previous = bracket["from"]
            if ("amount" in bracket) == ("rate" in bracket):
                self.error(where, "每档须且只须有 amount 或 rate")
                continue
            if "rate" in bracket and base is None:
                self.error(where, "按比例的档须在 benefit 中给出 base")
            amount = self.money(f"{where}.amount", bracket["amount"], "金额") if "amount" in bracket else None
            rate = self.rate(f"{where}.rate", bracket["rate"]) if "rate" in bracket else None
            rows.append((float(bracket["from"]), amount, rate))
        return Benefit(BenefitKind.TIERS, by=by, base=base, tiers=rows, cap=cap, note=note)

    # expressions ----------------------------------------------------------

    def expression(self, expr, path, refs):
        """Compile an expression into nested tuples; ``refs`` collects the field names it reads."""
        if isinstance(expr, str):
            field = self.field(path, expr)
            if field is not None and field.kind not in NUMERIC:
                self.error(path, f"“{field.label}”不是数值字段，不能参与计算")
            refs.append(expr)
            return (Expr.FIELD, expr)
        if _number(expr):
            return (Expr.CONST, float(expr))
        if not isinstance(expr, dict) or len(expr) != 1 or next(iter(expr)) not in EXPRESSIONS:
            self.error(path, f"表达式须是字段名、数值或 {{{'|'.join(EXPRESSIONS)}: …}}，得到“{expr}”")
            return None
        (op, args), = expr.items()
        if op == Expr.YEARS_SINCE:
            inner = self.expression(args, f"{path}.years_since", refs)
            return (Expr.YEARS_SINCE, float(self.on.year), inner)
        if op == Expr.LOOKUP:
            if not isinstance(args, dict) or set(args) != {"param", "by"}:
                self.error(f"{path}.lookup", "须是 {param: 分档参数名, by: 表达式}")
                return None
            if parameters.kind(args["param"]) != "brackets":
                self.error(f"{path}.lookup", f"未知的分档参数“{args['param']}”")
                return None
            bounds, values = parameters.brackets(args["param"], self.on)
            return (Expr.LOOKUP, tuple(bounds), tuple(values), self.expression(args["by"], f"{path}.lookup.by", refs))
        arity = 2 if op in (Expr.DIVIDE, Expr.SUBTRACT) else None
        if not isinstance(args, list) or len(args) < 2 or (arity and len(args) != arity):
            self.error(f"{path}.{op}", f"须是{'两' if arity else '至少两'}个表达式的列表")
            return None
        parts = [self.expression(arg, f"{path}.{op}[{i}]", refs) for i, arg in enumerate(args)]
        return (op, *parts) if all(p is not None for p in parts) else None


def _local_fields(definition, errors):
    """The clause's own derived fields, as Field objects (expressions still uncompiled)."""
    spec = definition.get("derived") or {}
    if not isinstance(spec, dict):
        errors.append("derived：须是“字段名: {label, kind, expr}”的映射")
        return {}
    local = {}
    for name, item in spec.items():
        path = f"derived.{name}"
        if not isinstance(name, str) or not name.isidentifier():
            errors.append(f"{path}：字段名须是英文标识符")
        elif name in CATALOGUE:
            errors.append(f"{path}：与内置字段“{CATALOGUE[name].label}”重名")
        elif not isinstance(item, dict) or "expr" not in item or item.get("kind") not in DERIVED_KINDS:
            errors.append(f"{path}：须有 label、kind（{'、'.join(DERIVED_KINDS)}）和 expr")
        else:
            local[name] = Field(name, str(item.get("label") or name), item["kind"], item["expr"],
                                grows=bool(item.get("grows", False)))
    return local


def _cycle(graph):
    """A dependency cycle among derived fields as a list of names, or None."""
    state, stack = {}, []

    def visit(name):
        state[name] = "visiting"
        stack.append(name)
        for dep in graph.get(name, ()):
            if state.get(dep) == "visiting":
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[name] = "done"
        return None

    for name in graph:
        if name not in state and (found := visit(name)):
            return found
    return None


@dataclass
class CheckedClause:
    top: list  # [Leaf | Group]
    benefit: Benefit
    derived: dict  # name -> (Field, compiled expression, [refs])


def check(definition, on: dt.date | None = None) -> CheckedClause:
    """Validate ``definition`` and compile it for the date ``on``; raise ``RuleError`` listing every problem."""
    on = on or dt.date.today()
    errors = []
    if not isinstance(definition, dict):
        raise RuleError(["条款定义须是映射（eligibility、benefit、tests…）"])
    unknown = set(definition) - {"eligibility", "benefit", "derived", "tests"}
    if unknown:
        errors.append(f"未知的键：{'、'.join(sorted(map(str, unknown)))}")
    local = _local_fields(definition, errors)
    checker = _Checker(definition, on, local)
    checker.errors = errors
    derived, graph = {}, {}
    derived_names = {f.name for f in CATALOGUE.values() if f.expr is not None} | set(local)
    for field in [f for f in CATALOGUE.values() if f.expr is not None] + list(local.values()):
        refs = []
        compiled = checker.expression(field.expr, f"derived.{field.name}.expr", refs)
        derived[field.name] = (field, compiled, refs)
        graph[field.name] = [ref for ref in refs if ref in derived_names]
    if (cycle := _cycle(graph)) is not None:
        errors.append(f"派生字段循环引用：{' → '.join(cycle)}")
    if "eligibility" not in definition:
        errors.append("缺少 eligibility（资格条件）")
        root = None
    else:
        root = checker.condition(definition["eligibility"], "eligibility")
    benefit = checker.benefit(definition.get("benefit"))
    _check_tests(definition.get("tests"), checker)
    if errors:
        raise RuleError(errors)
    top = root.children if isinstance(root, Group) and root.kind == GroupKind.ALL else [root]
    return CheckedClause(top=top, benefit=benefit, derived=derived)


def _check_tests(tests, checker):
    if tests is None:
        return
    if not isinstance(tests, list):
        checker.error("tests", "须是测试用例列表")
        return
    for i, case in enumerate(tests):
        path = f"tests[{i}]"
        if not isinstance(case, dict) or not isinstance(case.get("enterprise"), dict) or not isinstance(
                case.get("eligible"), bool):
            checker.error(path, "每个用例须有 name、enterprise（企业数据）和 eligible（true/false）")
            continue
        for name in case["enterprise"]:
            if name not in CATALOGUE or CATALOGUE[name].expr is not None:
                checker.error(f"{path}.enterprise", f"未知字段“{name}”（用例只填基础数据）")
        if "amount" in case and not _number(case["amount"]):
            checker.error(f"{path}.amount", f"须是数值，得到“{case['amount']}”")


def problems(definition, on: dt.date | None = None) -> list[str]:
    """The messages ``check`` would raise, or an empty list."""
    try:
        check(definition, on)
    except RuleError as exc:
        return exc.messages
    return []


def compile_plan(items, on: dt.date | None = None) -> Plan:
    """One plan for many clauses: ``items`` are (ref, title, version, definition) tuples.

    Identical conditions across clauses (the same field, operator and value) become one leaf, so
    the batch engine computes each distinct test once however many clauses share it.
    """
    on = on or dt.date.today()
    leaves, index, clauses, fields = [], {}, [], dict(CATALOGUE)
    derived, local_names = {}, {}

    def intern(node):
        if isinstance(node, Group):
            return Group(node.kind, [intern(child) for child in node.children])
        key = node.key
        if key not in index:
            index[key] = len(leaves)
            leaves.append(node)
        return index[key]

    for ref, title, version, definition in items:
        checked = check(definition, on)
        renames = {}
        for name, (field, compiled, refs) in checked.derived.items():
            if name in CATALOGUE:
                derived.setdefault(name, (field, compiled, refs))
                continue
            unique = local_names.setdefault((name, json.dumps(field.expr, sort_keys=True)), f"{name}#{len(local_names)}")
            renames[name] = unique
        for name, unique in renames.items():
            field, compiled, refs = checked.derived[name]
            renamed = Field(unique, field.label, field.kind, field.expr, grows=field.grows)
            fields[unique] = renamed
            derived[unique] = (renamed, _rename(compiled, renames), [renames.get(r, r) for r in refs])
        top = [intern(_rename_node(node, renames, fields)) for node in checked.top]
        benefit = checked.benefit
        if renames:
            benefit = _rename_benefit(benefit, renames, fields)
        clauses.append(CompiledClause(ref=ref, title=title, version=version, top=top, benefit=benefit))
    needed = _needed(leaves, clauses, derived)
    order = _order([name for name in derived if name in needed], derived)
    base = sorted(name for name in needed if name not in derived)
    return Plan(on=on, base=base, derived=[(derived[n][0], derived[n][1]) for n in order], leaves=leaves,
                clauses=clauses, fields=fields)


def _rename(compiled, renames):
    if not renames or compiled is None:
        return compiled
    tag = compiled[0]
    if tag == Expr.FIELD:
        return (Expr.FIELD, renames.get(compiled[1], compiled[1]))
    if tag == Expr.CONST:
        return compiled
    if tag == Expr.YEARS_SINCE:
        return (tag, compiled[1], _rename(compiled[2], renames))
    if tag == Expr.LOOKUP:
        return (tag, compiled[1], compiled[2], _rename(compiled[3], renames))
    return (tag, *[_rename(part, renames) for part in compiled[1:]])


def _rename_node(node, renames, fields):
    if isinstance(node, Group):
        return Group(node.kind, [_rename_node(child, renames, fields) for child in node.children])
    if node.field.name in renames or (node.other and node.other.name in renames):
        return Leaf(fields[renames.get(node.field.name, node.field.name)], node.op, node.const,
                    fields[renames.get(node.other.name, node.other.name)] if node.other else None, node.label,
                    node.param)
    return node


def _rename_benefit(benefit, renames, fields):
    for attr in ("base", "by"):
        field = getattr(benefit, attr)
        if field is not None and field.name in renames:
            setattr(benefit, attr, fields[renames[field.name]])
    return benefit


def _needed(leaves, clauses, derived):
    names = set()
    for leaf in leaves:
        names.add(leaf.field.name)
        if leaf.other:
            names.add(leaf.other.name)
    for clause in clauses:
        for field in (clause.benefit.base, clause.benefit.by):
            if field is not None:
                names.add(field.name)
    pending = list(names)
    while pending:
        name = pending.pop()
        for ref in derived.get(name, (None, None, []))[2]:
            if ref not in names:
                names.add(ref)
                pending.append(ref)
    return names


def _order(names, derived):
    """Derived fields in an order where each comes after the fields it reads."""
    done, order = set(), []

    def visit(name):
        if name in done or name not in derived:
            return
        done.add(name)
        for ref in derived[name][2]:
            visit(ref)
        order.append(name)

    for name in names:
        visit(name)
    return order


def parse_number(value):
    """A figure typed in a test case or a form: number, numeric string, true/false, or None."""
    if value is None or value == "":
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return math.nan

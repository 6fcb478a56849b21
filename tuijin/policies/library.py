"""The policy library as YAML files (``library/*.yaml``), their loading, and their test cases.

Like OpenFisca's YAML tests kept beside its formulas, each clause carries scenarios — an
enterprise's figures, whether it qualifies, the amount, and text its gaps must contain — that
``manage.py policy_tests`` and the test suite run; ``near`` says whether it is listed as 差一点. In a scenario a qualification not mentioned is
not held (as in the profile tables); any other figure not mentioned is missing data.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from .engine import Scalar, Status
from .rules import RuleError, compile_plan, parse_number

DIRECTORY = Path(__file__).with_name("library")
QUALIFICATION_DEFAULTS = {"is_high_tech": 0.0, "is_above_scale": 0.0, "is_tech_sme": 0.0, "is_srdi": 0.0,
                          "srdi_level": 0.0}


def files() -> list[Path]:
    return sorted(path for path in DIRECTORY.glob("*.yaml"))


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def case_facts(case: dict) -> dict:
    facts = dict(QUALIFICATION_DEFAULTS)
    facts.update({name: parse_number(value) for name, value in (case.get("enterprise") or {}).items()})
    return facts


@dataclass
class CaseResult:
    clause: str
    case: str
    failures: list  # what did not hold, in words; empty when the case passed


def run_cases(label: str, definition: dict, on: dt.date) -> list[CaseResult]:
    """Run a clause's own ``tests``; a rule that does not compile fails every case with its messages."""
    cases = definition.get("tests") or []
    try:
        plan = compile_plan([(label, label, 0, definition)], on)
    except RuleError as error:
        return [CaseResult(label, "规则校验", error.messages)]
    scalar = Scalar(plan)
    results = []
    for number, case in enumerate(cases, start=1):
        name = case.get("name") or f"用例{number}"
        outcomes = scalar.evaluate(case_facts(case))
        outcome = outcomes[0] if outcomes else None
        eligible = outcome is not None and outcome.status == Status.ELIGIBLE
        failures = []
        if eligible != case["eligible"]:
            why = "；".join(g.text for g in outcome.gaps) if outcome and outcome.gaps else "差两项以上"
            failures.append(f"应{'符合' if case['eligible'] else '不符合'}，实际{'符合' if eligible else '不符合'}"
                            + ("" if eligible else f"（{why}）"))
        if "amount" in case and eligible:
            expected = Decimal(str(case["amount"])).quantize(Decimal("0.01"))
            if outcome.amount != expected:
                failures.append(f"金额应为 {expected} 万元，实际 {outcome.amount} 万元")
        near = outcome is not None and outcome.status == Status.NEAR
        if "near" in case and near != case["near"]:
            failures.append(f"应{'列为' if case['near'] else '不列为'}“差一点就能享受”，实际{'列为' if near else '未列为'}")
        texts = [g.text for g in outcome.gaps] if outcome else []
        for fragment in case.get("gaps") or []:
            if not any(fragment in text for text in texts):
                failures.append(f"差距说明中应有“{fragment}”，实际：{'；'.join(texts) or '无'}")
        results.append(CaseResult(label, name, failures))
    return results


def library_cases(on: dt.date | None = None) -> list[CaseResult]:
    """Every case of every clause in the YAML library, evaluated on the policy's start date."""
    results = []
    for path in files():
        spec = read(path)
        when = on or _date(spec["policy"]["valid_from"])
        for clause in spec["clauses"]:
            results += run_cases(f"{path.stem}/{clause['code']}", _definition(clause), when)
    return results


def _definition(clause: dict) -> dict:
    return {key: clause[key] for key in ("eligibility", "benefit", "derived", "tests") if key in clause}


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load(*, actor=None) -> dict:
    """Create or update the library's policies and clauses; a changed rule becomes a new version."""
    from . import actions
    from .models import Clause, Policy

    counts = {"policies": 0, "clauses": 0, "changed": 0}
    for path in files():
        spec = read(path)
        meta = spec["policy"]
        policy, _ = Policy.objects.update_or_create(code=meta["code"], defaults={
            "title": meta["title"], "issuer": meta["issuer"], "document_number": meta.get("document_number", ""),
            "valid_from": _date(meta["valid_from"]),
            "valid_to": _date(meta["valid_to"]) if meta.get("valid_to") else None,
            "text": meta.get("text", "").strip(), "is_example": bool(meta.get("example", False)),
        })
        counts["policies"] += 1
        for order, item in enumerate(spec["clauses"], start=1):
            clause = Clause.objects.filter(policy=policy, code=item["code"]).first() or Clause(
                policy=policy, code=item["code"])
            before = clause.version if clause.pk else 0
            data = {"title": item["title"], "reference": item.get("reference", ""),
                    "description": item.get("description", "").strip(),
                    "how_to_apply": item.get("how_to_apply", "").strip(), "automatic": bool(item.get("automatic")),
                    "definition": _definition(item), "sort_order": order}
            clause = actions.save_clause(clause, actor=actor, data=data, note=f"从政策库 {path.name} 载入")
            counts["clauses"] += 1
            counts["changed"] += clause.version != before
    return counts

"""The 通报's 预测研判 section: the forecasts the battle map's panel shows, as the 通报 prints them.

Issue #19 wants the year-end forecast "on the battle map and the briefing" with the same numbers on both,
so nothing is forecast here: ``foresight.services.outlook`` gives the district's (or park's) year-end and
双过半 roll-ups, each park's, and the projects contributing most to the shortfall; this module formats
them (亿元 / 万元 with two places, probability as a percent) so a template needs no filters.
"""

from decimal import ROUND_HALF_UP, Decimal

from tuijin.foresight import services
from tuijin.projects.models import Project

NONE = "—"
SHOWN = 10  # projects named as contributing most to the shortfall


def _yi(amount: float) -> str:
    return f"{(Decimal(str(amount)) / 10000).quantize(Decimal('0.01'), ROUND_HALF_UP)}"


def _wan(amount: float) -> str:
    return f"{Decimal(str(amount)).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def _probability(value) -> str:
    return NONE if value is None else f"{round(value * 100)}%"


def _rollup(rollup) -> dict:
    return {"expected": _yi(rollup.expected), "low": _yi(rollup.low), "high": _yi(rollup.high),
            "expected_wan": _wan(rollup.expected), "low_wan": _wan(rollup.low), "high_wan": _wan(rollup.high),
            "goal": _yi(rollup.goal), "done": _yi(rollup.done), "count": rollup.count,
            "status": rollup.status, "probability": _probability(rollup.probability)}


def section(year, as_of, projects):
    """(context, raw) of the 预测研判 section for ``projects`` in ``year`` as of ``as_of``."""
    found = services.outlook(year, as_of, projects)
    year_end, half = found.total(), found.total(target=6)
    parks = [{"name": name, **_rollup(total)} for _key, name, total, _half in found.by_park()]
    short = found.shortfall(year_end)[:SHOWN]
    names = dict(Project.objects.filter(pk__in=[f.project_id for f in short]).values_list("pk", "name"))
    shortfall = [{"name": names.get(f.project_id, ""), "gap": _wan(f.plan - f.expected),
                  "plan": _wan(f.plan), "expected": _wan(f.expected), "probability": _probability(f.probability),
                  "status": f.status, "explanation": f.explanation} for f in short]
    context = {"count": len(found), "months": services.months_known(year, as_of),
               "year_end": _rollup(year_end), "half": _rollup(half), "parks": parks, "shortfall": shortfall}
    raw = {"foresight_expected": year_end.expected, "foresight_status": year_end.status,
           "foresight_probability": year_end.probability, "foresight_half_expected": half.expected,
           "foresight_half_status": half.status}
    return context, raw

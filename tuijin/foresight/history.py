"""The two sources the backtest replays: the district's own rollups, and an exported ledger file.

Both become the same ``calculations.Panel`` (one series per project and year) so that the
backtest, a pure function, cannot tell them apart; the ledger is read through
``tuijin.lib.ledger`` (the exchange format), without touching the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from tuijin.lib import ledger
from tuijin.progress.models import ProjectYearRollup
from tuijin.projects.models import Category

from .calculations import Panel
from .services import panel_of, rows_of

CATEGORY_LABELS = dict(Category.choices)


def from_database(today: dt.date) -> tuple[Panel, list[int]]:
    """Every planned project-year of the district; the complete years are those before ``today``'s."""
    rows = rows_of(ProjectYearRollup.objects.filter(planned_investment__gt=0)).order_by("year", "pk")
    panel, _ = panel_of(rows)
    return panel, sorted({int(y) for y in panel.year if y < today.year})


def from_ledger(file) -> tuple[Panel, list[int]]:
    """A ledger's projects, plans and approved reports as series; complete years are those before the export's.

    A record that appears twice (an incremental export appended to a full one) counts at its highest
    ``version``. Raises ``ledger.LedgerError`` (line and Chinese reason) on a malformed line.
    """
    header, projects, plans, reports = None, {}, {}, {}
    for line, record in ledger.read(file):
        kind = record.get("type")
        if kind == "header":
            header = record
        elif kind == "project":
            _newest(projects, record["key"], record)
        elif kind == "plan":
            _newest(plans, (record["project"], int(record["year"])), record)
        elif kind == "report":
            _newest(reports, (record["project"], int(record["year"]), int(record["month"])), record)
    exported = str((header or {}).get("exported_at") or dt.date.today().isoformat())
    current_year = int(exported[:4])
    months = defaultdict(lambda: [0.0] * 12)
    for (key, year, month), record in reports.items():
        months[(key, year)][month - 1] = float(Decimal(str(record["completed_investment"])))
    rows = []
    for (key, year), plan in sorted(plans.items(), key=lambda item: (item[0][1], str(item[0][0]))):
        project = projects.get(key, {})
        planned = float(Decimal(str(plan["planned_investment"])))
        if planned <= 0:
            continue
        category = project.get("category", "")
        rows.append((key, year, planned, months[(key, year)], CATEGORY_LABELS.get(category, category),
                     float(Decimal(str(project.get("total_investment") or 0))), project.get("park") or "",
                     project.get("industry_chain") or ""))
    panel = Panel.from_rows(rows)
    return panel, sorted({int(y) for y in panel.year if y < current_year})


def _newest(found: dict, key, record: dict):
    if key not in found or int(record.get("version", 0)) >= int(found[key].get("version", 0)):
        found[key] = record

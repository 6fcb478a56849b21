"""What the rules read about enterprises, from the profile tables: one year's figures, qualifications in
force on a date, industry and age — as float columns (nan = not reported) for the batch engine, or one
enterprise's dict for the scalar engine. Three queries whatever the number of enterprises.
"""

import datetime as dt
import math

import numpy as np

from tuijin.enterprises.models import (
    FIGURE_FIELDS, Enterprise, EnterpriseYearFigures, Qualification, QualificationKind,
)

from .fields import BASE_NAMES

INDUSTRIAL = range(6, 47)  # GB/T 4754 门类 B (06–12), C (13–43), D (44–46): 采矿、制造、电热燃水
FLAGS = {QualificationKind.HIGH_TECH: "is_high_tech", QualificationKind.ABOVE_SCALE: "is_above_scale",
         QualificationKind.TECH_SME: "is_tech_sme"}


def _number(value):
    return math.nan if value is None else float(value)


def load(enterprises, year: int, on: dt.date) -> tuple[list[int], dict[str, np.ndarray]]:
    """(enterprise ids, base columns) for the enterprises of a queryset, with ``year``'s figures."""
    rows = list(enterprises.order_by("pk").values_list("pk", "industry__code", "established_on"))
    ids = [row[0] for row in rows]
    position = {pk: i for i, pk in enumerate(ids)}
    n = len(ids)
    columns = {name: np.full(n, np.nan) for name in BASE_NAMES}
    for i, (_, code, established) in enumerate(rows):
        industry = int(code) if code and code.isdigit() else None
        columns["industry_code"][i] = math.nan if industry is None else industry
        columns["is_industrial"][i] = math.nan if industry is None else float(industry in INDUSTRIAL)
        columns["founded_year"][i] = math.nan if established is None else established.year
    chosen = enterprises.values("pk")
    figures = EnterpriseYearFigures.objects.filter(enterprise__in=chosen, year__in=[year, year - 1]).values_list(
        "enterprise_id", "year", *FIGURE_FIELDS)
    for enterprise_id, figure_year, *values in figures:
        i = position[enterprise_id]
        if figure_year == year:
            for name, value in zip(FIGURE_FIELDS, values):
                columns[name][i] = _number(value)
        else:
            columns["revenue_prev"][i] = _number(values[0])
    for name in ("is_high_tech", "is_above_scale", "is_tech_sme", "is_srdi", "srdi_level"):
        columns[name][:] = 0.0  # a qualification not on record is not held: absence is an answer here
    held = Qualification.objects.filter(enterprise__in=chosen, granted_on__lte=on).exclude(
        expires_on__lt=on).values_list("enterprise_id", "kind", "level")
    for enterprise_id, kind, level in held:
        i = position[enterprise_id]
        if kind == QualificationKind.SRDI:
            columns["srdi_level"][i] = max(columns["srdi_level"][i], level or 0)
            columns["is_srdi"][i] = float(columns["srdi_level"][i] >= 2)
        else:
            columns[FLAGS[kind]][i] = 1.0
    return ids, columns


def for_enterprise(enterprise, year: int, on: dt.date) -> dict:
    """One enterprise's facts as a dict of floats (nan = not reported)."""
    _, columns = load(Enterprise.objects.filter(pk=enterprise.pk), year, on)
    return {name: float(column[0]) for name, column in columns.items()}

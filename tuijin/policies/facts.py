"""What the rules read about enterprises, from the profile tables: one year's figures, qualifications in
force on a date, industry and age — as float columns (nan = not reported) for the batch engine, or one
enterprise's dict for the scalar engine. Up to five queries whatever the number of enterprises.
"""

import datetime as dt
import math

import numpy as np
from django.db.models import CharField, FloatField
from django.db.models.functions import Cast, Coalesce, Substr

from tuijin.enterprises.models import (
    FIGURE_FIELDS, Enterprise, EnterpriseYearFigures, Industry, Qualification, QualificationKind,
)
from tuijin.lib.sql import raw_rows

from .fields import BASE_NAMES

INDUSTRIAL = range(6, 47)  # GB/T 4754 门类 B (06–12), C (13–43), D (44–46): 采矿、制造、电热燃水
FLAGS = {QualificationKind.HIGH_TECH: "is_high_tech", QualificationKind.ABOVE_SCALE: "is_above_scale",
         QualificationKind.TECH_SME: "is_tech_sme"}


def _year(value) -> float:
    if value is None:
        return math.nan
    return float(value.year) if hasattr(value, "year") else float(str(value)[:4])


def load(enterprises, year: int, on: dt.date, names=None) -> tuple[list[int], dict[str, np.ndarray]]:
    """(enterprise ids, base columns) for the enterprises of a queryset, with ``year``'s figures.

    Read column-wise: one query per table, the figures cast to floats by the database and taken into one
    array (None → nan), placed by ``searchsorted`` on the ascending ids — no model instance, no per-cell
    Decimal and no Python loop over enterprises × fields. ``names`` (the plan's base fields, default all)
    limits the figures read to those a rule set uses: at 200,000 enterprises fetching the cells is most
    of the cost (all eleven figures of two years: 6.5 s; the 免申即享 library's: see bench/policies.py).
    """
    wanted = set(BASE_NAMES if names is None else names) & set(BASE_NAMES)
    rows = np.array(raw_rows(enterprises.order_by("pk").values_list(
        "pk", Coalesce("industry_id", 0), Cast(Substr(Cast("established_on", CharField()), 1, 4), FloatField()))),
        dtype=np.float64).reshape(-1, 3)
    keys = rows[:, 0].astype(np.int64)
    ids = keys.tolist()
    n = len(ids)
    columns = {name: np.full(n, np.nan) for name in BASE_NAMES if name in wanted}
    if not n:
        return ids, columns
    if wanted & {"industry_code", "is_industrial"}:
        codes = {pk: float(code) for pk, code in Industry.objects.values_list("pk", "code") if code and code.isdigit()}
        table = np.full(max([0, *codes]) + 2, np.nan)  # slot 0: no industry
        for pk, code in codes.items():
            table[pk] = code
        industry = table[np.clip(rows[:, 1].astype(np.int64), 0, len(table) - 1)]
        if "industry_code" in wanted:
            columns["industry_code"] = industry
        if "is_industrial" in wanted:
            columns["is_industrial"] = np.where(
                np.isnan(industry), np.nan,
                ((industry >= INDUSTRIAL.start) & (industry < INDUSTRIAL.stop)).astype(float))
    if "founded_year" in wanted:
        columns["founded_year"] = rows[:, 2].copy()
    narrowed = bool(enterprises.query.where)  # every enterprise: no IN (subquery) for the database to run
    chosen = enterprises.values("pk")

    def figures_of(which_year, fields):
        if not fields:
            return
        casts = {f"as_float_{name}": Cast(name, FloatField()) for name in fields}
        found = EnterpriseYearFigures.objects.filter(year=which_year)
        if narrowed:
            found = found.filter(enterprise__in=chosen)
        table = np.array(raw_rows(found.annotate(**casts).values_list("enterprise_id", *casts)), dtype=np.float64)
        if not len(table):
            return
        table = table.reshape(-1, 1 + len(fields))
        at = np.searchsorted(keys, table[:, 0].astype(np.int64))
        return at, table

    this = [name for name in FIGURE_FIELDS if name in wanted]
    found = figures_of(year, this)
    if found is not None:
        at, table = found
        for j, name in enumerate(this, start=1):
            columns[name][at] = table[:, j]
    if "revenue_prev" in wanted:
        found = figures_of(year - 1, ["revenue"])
        if found is not None:
            columns["revenue_prev"][found[0]] = found[1][:, 1]
    flags = [name for name in ("is_high_tech", "is_above_scale", "is_tech_sme", "is_srdi", "srdi_level")
             if name in wanted]
    if not flags:
        return ids, columns
    for name in flags:
        columns[name][:] = 0.0  # a qualification not on record is not held: absence is an answer here
    held = Qualification.objects.filter(granted_on__lte=on).exclude(expires_on__lt=on)
    if narrowed:
        held = held.filter(enterprise__in=chosen)
    srdi = "srdi_level" in columns or "is_srdi" in columns
    level = np.zeros(n) if srdi else None
    for enterprise_id, kind, grade in held.values_list("enterprise_id", "kind", "level"):
        i = int(np.searchsorted(keys, enterprise_id))
        if i >= n or keys[i] != enterprise_id:
            continue
        if kind == QualificationKind.SRDI:
            if srdi:
                level[i] = max(level[i], grade or 0)
        elif FLAGS[kind] in columns:
            columns[FLAGS[kind]][i] = 1.0
    if srdi:
        if "srdi_level" in columns:
            columns["srdi_level"] = level
        if "is_srdi" in columns:
            columns["is_srdi"] = (level >= 2).astype(float)
    return ids, columns


def for_enterprise(enterprise, year: int, on: dt.date) -> dict:
    """One enterprise's facts as a dict of floats (nan = not reported)."""
    _, columns = load(Enterprise.objects.filter(pk=enterprise.pk), year, on)
    return {name: float(column[0]) for name, column in columns.items()}

"""Demo enterprise profiles (two years of figures, qualifications, a few service records) and the
example policy library, for ``seed_demo``: enough that 政策匹配, 免申即享 and the growth lists
show real-looking results the moment a newcomer logs in.

Drawn from one ``random.Random(seed)``; some figures are left blank on purpose, since "缺少数据"
is part of what the pages must show. The ``enterprise`` demo account's company gets hand-picked
figures that qualify for some clauses and narrowly miss others.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from tuijin.enterprises.models import (
    Enterprise, EnterpriseYearFigures, Qualification, QualificationKind, Scale, ServiceKind, ServiceRecord,
    ServiceStatus, SrdiLevel,
)

from tuijin.policies import library

CENT = Decimal("0.01")
REVENUE = {Scale.LARGE: 60000, Scale.MEDIUM: 9000, Scale.SMALL: 1800, Scale.MICRO: 350}  # median, 万元
STAFF = {Scale.LARGE: 900, Scale.MEDIUM: 220, Scale.SMALL: 60, Scale.MICRO: 12}
SHOWCASE = {  # the demo account's enterprise, last year
    "revenue": 8600, "tax": 520, "rd_spend": 240, "employees": 210, "rd_staff": 25, "exports": None,
    "hightech_revenue": 5400, "equipment_investment": 1260, "new_talent": 2, "leased_area": None, "rent_paid": None,
}


def _money(value):
    return None if value is None else Decimal(str(value)).quantize(CENT)


def seed_policies(*, seed=2026) -> dict:
    """Load the example policy library and give every enterprise a profile; returns counts."""
    counts = library.load()
    showcase = Enterprise.objects.filter(users__username="enterprise").first()
    rng = random.Random(seed)
    today = timezone.localdate()
    last = today.year - 1
    enterprises = list(Enterprise.objects.select_related("industry").order_by("pk"))
    figures, qualifications, records = [], [], []
    for enterprise in enterprises:
        industrial = enterprise.industry.code.isdigit() and 6 <= int(enterprise.industry.code) <= 46
        rows = _figures(rng, enterprise, last)
        if showcase is not None and enterprise.pk == showcase.pk:
            rows = _showcase(enterprise, last)
        figures += rows
        latest = next((row for row in rows if row.year == last), None)
        qualifications += _qualifications(rng, enterprise, latest, industrial, today,
                                          showcase is not None and enterprise.pk == showcase.pk)
        if rng.random() < 0.15:
            records.append(_service(rng, enterprise, today))
    EnterpriseYearFigures.objects.bulk_create(figures, batch_size=2000)
    Qualification.objects.bulk_create(qualifications, batch_size=2000)
    ServiceRecord.objects.bulk_create(records, batch_size=2000)
    return {**counts, "figures": len(figures), "qualifications": len(qualifications)}


def _figures(rng, enterprise, last):
    if rng.random() < 0.04:
        return []  # never reported: every policy shows 缺少数据 for it
    revenue = REVENUE[enterprise.scale] * rng.lognormvariate(0, 0.6)
    staff = max(3, int(STAFF[enterprise.scale] * rng.lognormvariate(0, 0.4)))
    growth = rng.gauss(0.08, 0.15)
    rows = []
    for year, scale in ((last - 1, 1 / (1 + growth)), (last, 1.0)):
        income = revenue * scale
        intensity = rng.lognormvariate(-3.4, 0.6)
        rows.append(EnterpriseYearFigures(
            enterprise=enterprise, year=year, revenue=_money(round(income, 2)),
            tax=_money(round(income * rng.uniform(0.02, 0.07), 2)),
            rd_spend=None if rng.random() < 0.1 else _money(round(income * intensity, 2)),
            employees=staff, rd_staff=int(staff * rng.uniform(0.03, 0.3)),
            exports=_money(round(income * rng.uniform(0.1, 0.6), 2)) if rng.random() < 0.25 else None,
            hightech_revenue=_money(round(income * rng.uniform(0.2, 0.9), 2)) if rng.random() < 0.6 else None,
            equipment_investment=_money(round(income * rng.uniform(0, 0.15), 2)),
            new_talent=rng.choice([0, 0, 0, 1, 2, 3]),
            leased_area=_money(rng.randint(300, 3000)) if rng.random() < 0.3 else None,
            rent_paid=None))
        row = rows[-1]
        if row.leased_area is not None:
            row.rent_paid = _money(round(float(row.leased_area) * rng.uniform(0.03, 0.06), 2))
    return rows


def _showcase(enterprise, last):
    previous = EnterpriseYearFigures(enterprise=enterprise, year=last - 1, revenue=Decimal("7200.00"),
                                     rd_spend=Decimal("190.00"), employees=196, rd_staff=22)
    current = EnterpriseYearFigures(enterprise=enterprise, year=last,
                                    **{name: _money(value) if name not in ("employees", "rd_staff", "new_talent")
                                       else value for name, value in SHOWCASE.items()})
    return [previous, current]


def _qualifications(rng, enterprise, latest, industrial, today, showcase):
    found = []
    revenue = float(latest.revenue) if latest and latest.revenue is not None else 0
    rd = float(latest.rd_spend) / revenue if latest and latest.rd_spend is not None and revenue else 0

    def add(kind, years_ago, valid_years=None, level=None):
        granted = today - dt.timedelta(days=int(365 * years_ago))
        expires = granted + dt.timedelta(days=365 * valid_years) if valid_years else None
        found.append(Qualification(enterprise=enterprise, kind=kind, level=level, granted_on=granted,
                                   expires_on=expires, certificate_no=f"GR{granted.year}51{rng.randrange(10 ** 6):06d}"))

    if industrial and (revenue >= 2000 and (showcase or rng.random() < 0.9)):
        add(QualificationKind.ABOVE_SCALE, rng.uniform(0.3, 6))
    if showcase or (rd >= 0.035 and rng.random() < 0.55):
        add(QualificationKind.HIGH_TECH, rng.uniform(0.2, 2.5), valid_years=3)
    if not showcase and enterprise.scale in (Scale.SMALL, Scale.MEDIUM) and rng.random() < 0.12:
        add(QualificationKind.SRDI, rng.uniform(0.2, 2.5), valid_years=3,
            level=rng.choices([SrdiLevel.INNOVATIVE, SrdiLevel.SPECIALISED, SrdiLevel.LITTLE_GIANT], [5, 3, 1])[0])
    if enterprise.scale in (Scale.SMALL, Scale.MICRO) and rng.random() < 0.2:
        add(QualificationKind.TECH_SME, rng.uniform(0.1, 0.9), valid_years=1)
    return found


def _service(rng, enterprise, today):
    need = rng.random() < 0.5
    topic = rng.choice(["用工招聘", "融资贷款", "研发费用加计扣除", "厂房扩建用地", "高企认定辅导", "出口退税"])
    return ServiceRecord(
        enterprise=enterprise, kind=ServiceKind.NEED if need else ServiceKind.VISIT,
        happened_on=today - dt.timedelta(days=rng.randint(1, 200)),
        summary=f"{'企业反映' if need else '走访了解'}{topic}情况", need=f"希望协调解决{topic}问题" if need else "",
        status=ServiceStatus.OPEN if need else ServiceStatus.RECORDED)

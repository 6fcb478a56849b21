"""Demo 重点企业监测: the chain members and the demo enterprise as key enterprises, 36 months of figures each.

Figures grow a little each year with a seasonal dip at the Spring Festival; one anchor company's output and
electricity fall sharply in the last two months (a 重点企业指标下滑 warning), and the demo enterprise's latest
month waits for its park's review. Written with ``bulk_create`` (thousands of rows in a few queries).
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from tuijin.accounts.models import Role, User
from tuijin.alerts.models import RuleKey, WarningRule
from tuijin.alerts.rules import grade
from tuijin.monitoring import actions, services
from tuijin.monitoring.models import FiguresEvent, FiguresStatus, KeyEnterprise, MonthlyFigures
from tuijin.promotion.models import ChainMember, MemberRole

SEASON = [0.82, 0.78, 1.0, 1.0, 1.02, 1.05, 1.0, 0.98, 1.03, 1.05, 1.08, 1.15]


def seed_monitoring(seed=0) -> int:
    rng = random.Random(seed + 16)
    today = timezone.localdate()
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    ids = list(ChainMember.objects.order_by("pk").values_list("enterprise_id", flat=True).distinct()[:60])
    own = User.objects.filter(role=Role.ENTERPRISE, enterprise__isnull=False).values_list("enterprise_id", flat=True)
    ids = list(dict.fromkeys([*own[:1], *ids]))
    if not ids:
        return 0
    KeyEnterprise.objects.bulk_create([KeyEnterprise(enterprise_id=pk, since=dt.date(today.year - 3, 1, 1),
                                                     note="规上工业企业") for pk in ids], ignore_conflicts=True)
    falling = (ChainMember.objects.filter(role=MemberRole.ANCHOR, enterprise_id__in=ids)
               .values_list("enterprise_id", flat=True).first() or ids[-1])
    last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    months = services.window(*last, span=36)
    now = timezone.now()
    rows = []
    for pk in ids:
        base = rng.uniform(800, 12000)
        growth = rng.uniform(-0.04, 0.15)
        for index, (year, month) in enumerate(months):
            level = base * (1 + growth) ** (index / 12) * SEASON[month - 1] * rng.uniform(0.95, 1.05)
            power = level * rng.uniform(0.018, 0.024)
            if pk == falling and index >= len(months) - 2:
                level, power = level * 0.62, power * 0.58
            pending = pk == ids[0] and index == len(months) - 1
            rows.append(MonthlyFigures(
                enterprise_id=pk, year=year, month=month, output=Decimal(f"{level:.2f}"),
                revenue=Decimal(f"{level * 0.93:.2f}"), tax=Decimal(f"{level * 0.045:.2f}"),
                electricity=Decimal(f"{power:.2f}"), employees=int(base / 25) + rng.randint(-5, 5),
                energy=Decimal(f"{power * 1.23:.2f}") if pk % 3 == 0 else None,
                status=FiguresStatus.SUBMITTED if pending else FiguresStatus.APPROVED,
                submitted_at=now, reviewed_at=None if pending else now, reviewed_by=None if pending else coordinator))
    MonthlyFigures.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    stored = MonthlyFigures.objects.filter(enterprise_id__in=ids).values_list("pk", flat=True)
    FiguresEvent.objects.bulk_create([FiguresEvent(figures_id=pk, kind="imported", actor=coordinator, source="import",
                                                   reason="演示数据") for pk in stored], batch_size=2000)
    rule = WarningRule.current()[RuleKey.KEY_ENTERPRISE_DROP]
    actions.scan_drops(today, lambda fall: grade(rule, fall))
    return len(rows)


"""Demo 数据上报: two districts' ledgers imported into this instance, so the city view (/exchange/) has rows.

The files are made here in the exchange format (not read from this database), then loaded through
``exchange.importer`` exactly as ``manage.py import_ledger`` loads a district's file. One project is then
corrected at this level and sent again changed by its district, which leaves one open 导入冲突 to decide.
"""

import datetime as dt
import json
import random
from decimal import Decimal

from django.utils import timezone

from tuijin.accounts.models import Role, User
from tuijin.exchange.importer import import_ledger
from tuijin.lib import ledger
from tuijin.lib.context import Source, acting
from tuijin.projects.actions import update_project
from tuijin.projects.models import Project

DISTRICTS = [
    ("510117", "郫都区", ["菁蓉镇", "郫都电子信息产业园", "中国川菜产业园"]),
    ("510118", "新津区", ["天府智能制造产业园", "新津物流园"]),
]
NAMES = ["智能终端生产基地", "川菜调味品扩能", "动力电池模组", "冷链物流中心", "新型显示材料", "生物医药研发中试",
         "智慧仓储", "精密模具", "绿色食品加工", "工业互联网平台"]


def _lines(code, name, parks, rng, today, count, bump=None):
    now = timezone.localtime().replace(microsecond=0).isoformat()
    lines = [ledger.header(code, name, now)]
    months = max(today.month - 1, 0)
    for number in range(count):
        started = rng.random() < 0.7
        key = f"{code}:XM{today.year}-{number:04d}"
        version = 2 if bump == number else 1
        total = Decimal(rng.randrange(3000, 120000))
        common = {"source_district": code, "changed_at": now}
        lines.append({"type": "project", **common, "version": version, "key": key, "code": f"XM{today.year}-{number:04d}",
                      "national_code": "", "name": f"{name}{NAMES[number % len(NAMES)]}项目{number // len(NAMES) or ''}",
                      "park": parks[number % len(parks)], "enterprise": "", "category": "industrial", "level": "district",
                      "stage": "construction" if started else "preparation", "industry_chain": "",
                      "total_investment": str(total + (1000 if version == 2 else 0)) + ".00",
                      "actual_start_date": dt.date(today.year, 1, 10).isoformat() if started else None,
                      "planned_start_date": dt.date(today.year, 3, 1).isoformat(),
                      "stats_filed_on": dt.date(today.year, 2, 1).isoformat() if started else None})
        planned = (total * Decimal("0.3")).quantize(Decimal("1"))
        lines.append({"type": "plan", **common, "version": 1, "project": key, "year": today.year,
                      "planned_investment": f"{planned}.00", "plans_start": not started, "plans_complete": False,
                      "plans_operate": False, "plans_capacity": False})
        for month in range(1, months + 1) if started else ():
            done = (planned / 12 * Decimal(rng.uniform(0.5, 1.3))).quantize(Decimal("0.01"))
            lines.append({"type": "report", **common, "version": 1, "project": key, "year": today.year, "month": month,
                          "completed_investment": str(done), "funds_arrived": str((done * Decimal("0.8")).quantize(
                              Decimal("0.01")))})
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


def seed_exchange(seed=0, count=24) -> int:
    """Import the two districts; return how many projects they brought."""
    today = timezone.localdate()
    with acting(Source.IMPORT):
        for code, name, parks in DISTRICTS:
            import_ledger(_lines(code, name, parks, random.Random(seed + int(code)), today, count),
                          file_name=f"{name}.jsonl")
        code, name, parks = DISTRICTS[0]
        corrected = Project.objects.get(code=f"{code}-XM{today.year}-0000")
        coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
        with acting(Source.PAGE, coordinator):
            update_project(corrected, actor=coordinator, data={"name": f"{corrected.name}（市级更正）"},
                           expected_version=corrected.version)
        import_ledger(_lines(code, name, parks, random.Random(seed + int(code)), today, count, bump=0),
                      file_name=f"{name}-更新.jsonl")
    return count * len(DISTRICTS)

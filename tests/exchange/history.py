"""数据上报's rows for ``tests/test_it_keeps_history_of_every_business_model.py``: a conflict (a project edited
here, then sent changed by its district), decided on its page by a coordinator."""

import datetime as dt
import json

from tuijin.exchange.importer import import_ledger
from tuijin.exchange.models import Conflict
from tuijin.lib import ledger
from tuijin.projects.models import Project

NOW = "2026-06-05T09:00:00+08:00"


def _file(version, name):
    head = ledger.header("510115", "温江区", NOW)
    project = {"type": "project", "source_district": "510115", "version": version, "changed_at": NOW,
               "key": "510115:WJ-1", "code": "WJ-1", "national_code": "", "name": name, "park": "海峡园",
               "stage": "planning", "category": "industrial", "level": "district", "total_investment": "8000.00"}
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in (head, project)).encode()


def a_conflict(world):
    import_ledger(_file(1, "区县项目"))
    Project.objects.filter(code="510115-WJ-1").update(name="本级更正的名称", updated_at=dt.datetime.now(dt.UTC))
    import_ledger(_file(2, "区县改的名称"))
    return Conflict.objects.get()


def keep_local(world, conflict):
    return world.page(world.coordinator, "exchange_conflict_decide", [conflict.pk], {"decision": "keep"})


def fields(event):
    return event.detail["字段"] == ["name"]

"""``manage.py baseline --from --to [--park] --json``: the changes as JSON, the park's projects only with --park."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.progress.actions import save_yearly_plan
from tuijin.projects import actions


def at(month, day):
    return time_machine.travel(timezone.make_aware(dt.datetime(2026, month, day, 10)), tick=False)


def run(*args):
    out = io.StringIO()
    call_command("baseline", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def made(users, park, other_park):
    coordinator = users[Role.COORDINATOR]
    with at(1, 10):
        own = actions.create_project(actor=coordinator, data={
            "name": "高新项目", "park": park, "total_investment": Decimal("8000.00"),
            "planned_complete_date": dt.date(2027, 6, 30)})
    with at(2, 10):
        away = actions.create_project(actor=coordinator, data={
            "name": "临港项目", "park": other_park, "total_investment": Decimal("9000.00")})
        actions.update_project(own, actor=coordinator, data={"planned_complete_date": dt.date(2027, 9, 30)},
                               expected_version=own.version)
        save_yearly_plan(own, 2026, actor=coordinator, data={"planned_investment": Decimal("3000.00")})
    with at(3, 10):
        actions.update_project(away, actor=coordinator, data={"total_investment": Decimal("9500.00")},
                               expected_version=away.version)
    return own, away


def test_it_prints_the_changes_and_the_added_projects_as_json(made):
    own, away = made
    # When the changes from 1月31日 to 2月28日 are asked for as JSON
    printed = json.loads(run("--from", "2026-01-31", "--to", "2026-02-28", "--json"))
    # Then the new project is added, and the slip and the new plan of the other are the changes
    assert printed["from"] == "2026-01-31" and printed["to"] == "2026-02-28"
    assert printed["added"] == [away.code] and printed["removed"] == []
    assert printed["changes"] == [
        {"project_code": own.code, "kind": "date", "field": "planned_complete_date", "label": "计划竣工日期",
         "before": "2027-06-30", "after": "2027-09-30", "delta": 92},
        {"project_code": own.code, "kind": "plan", "field": "yearly_plan.2026", "label": "2026年度计划投资（万元）",
         "before": None, "after": "3000.00", "delta": None},
    ]


def test_with_park_only_that_parks_projects_are_printed(made, park):
    own, away = made
    # When March is asked for one park
    printed = json.loads(run("--from", "2026-01-01", "--to", "2026-03-31", "--park", park.name, "--json"))
    # Then the other park's project is neither added nor changed
    assert printed["added"] == [own.code]
    assert all(change["project_code"] == own.code for change in printed["changes"])


def test_it_refuses_an_unknown_park_and_reversed_dates(made):
    with pytest.raises(CommandError, match="没有名为“火星园”的园区"):
        run("--from", "2026-01-01", "--to", "2026-03-31", "--park", "火星园")
    with pytest.raises(CommandError, match="不能晚于"):
        run("--from", "2026-04-01", "--to", "2026-03-31")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--from", "2026/04/01", "--to", "2026-03-31")


def test_without_json_it_prints_lines(made):
    printed = run("--from", "2026-02-28", "--to", "2026-03-31")
    assert "总投资变化 1" in printed and "9000.00 → 9500.00（+500.00 万元）" in printed

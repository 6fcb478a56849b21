"""A plan that runs into a year whose holiday notice is not out yet (2027: not in chinesecalendar) counts that
year Monday to Friday; the plan page says so and marks the dates, and ``node_plan --json`` flags each node."""

import datetime as dt
import json

from django.core.management import call_command
from django.urls import reverse

from tuijin.core.models import HolidayDay, HolidayYear
from tuijin.lib.workdays import forget_entered_years
from tuijin.nodeplans import actions

from ..pages import text

# The festival flow from Monday 21 Dec 2026: 合规性审查 21–25 Dec, 立项/备案 28–30 Dec, 用地预审 31 Dec → 5 Jan
# 2027 (1 Jan counted as a working day: an estimate), 环评 from 30 Dec (lag 2) into January, 施工许可 after both.
START = dt.date(2026, 12, 21)


def make(project, flow, coordinator):
    return actions.apply_template(project, flow, actor=coordinator, start_date=START)


def test_the_json_flags_each_node_with_a_date_in_2027(project, flow, coordinator, capsys):
    # Given the plan from 21 Dec 2026
    plan = make(project, flow, coordinator)

    # When the plan is printed
    call_command("node_plan", plan.project.code, "--json")
    nodes = {n["name"]: n for n in json.loads(capsys.readouterr().out)["nodes"]}

    # Then the nodes wholly in 2026 are exact, the ones reaching 2027 are estimated
    assert nodes["合规性审查"]["planned_finish"] == "2026-12-25" and nodes["合规性审查"]["estimated"] is False
    assert nodes["立项/备案"]["planned_finish"] == "2026-12-30" and nodes["立项/备案"]["estimated"] is False
    # 用地预审: 31 Dec, then 1, 4, 5 Jan 2027 — New Year's Day counted as a working day, as Monday–Friday says
    assert (nodes["用地预审"]["planned_start"], nodes["用地预审"]["planned_finish"]) == ("2026-12-31", "2027-01-05")
    assert nodes["用地预审"]["estimated"] is True
    assert nodes["施工许可"]["estimated"] is True and nodes["施工许可"]["planned_start"].startswith("2027-")


def test_the_plan_page_notes_the_year_and_marks_its_dates(client, project, flow, coordinator):
    # Given the plan from 21 Dec 2026
    plan = make(project, flow, coordinator)

    # When the plan page is opened
    client.force_login(coordinator)
    response = client.get(reverse("nodeplans_project", args=[plan.project.pk]))
    html, page = response.content.decode(), text(response)

    # Then it says 2027 is estimated, and marks exactly the rows with a 2027 date
    assert "2027年节假日安排尚未发布，按周一至周五估算" in page
    marked = {row.split('data-node="', 1)[1].split('"', 1)[0] for row in html.split("<tr")[1:]
              if 'data-estimated="1"' in row.split(">", 1)[0]}
    assert marked == {"用地预审", "环评", "施工许可"}
    # And the Gantt's data carries the flag for its tooltip
    assert '"estimated": true' in html


def test_a_plan_within_known_years_is_not_marked(client, plan, coordinator):
    # Given the festival plan, wholly in 2026; when its page is opened, there is no note and no mark
    client.force_login(coordinator)
    response = client.get(reverse("nodeplans_project", args=[plan.project.pk]))
    assert "按周一至周五估算" not in text(response)
    assert 'data-estimated="1"' not in response.content.decode()


def test_once_the_notice_is_entered_the_note_goes(client, project, flow, coordinator):
    # Given 2027's notice entered by a coordinator (New Year's Day off)
    plan = make(project, flow, coordinator)
    notice = HolidayYear.objects.create(year=2027, notice="国务院办公厅关于2027年部分节假日安排的通知")
    HolidayDay.objects.create(holiday_year=notice, date=dt.date(2027, 1, 1), name="元旦")
    forget_entered_years()

    # When the plan page is opened, nothing is called an estimate
    client.force_login(coordinator)
    response = client.get(reverse("nodeplans_project", args=[plan.project.pk]))
    assert "按周一至周五估算" not in text(response)
    assert 'data-estimated="1"' not in response.content.decode()

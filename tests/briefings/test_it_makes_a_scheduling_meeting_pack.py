"""调度会材料: the agenda from the meeting's problems and its lagging projects, a page per project with its facts,
dates, chart, open problems and warnings, and the last meeting's action items with their status."""

import datetime as dt

from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.briefings import packs
from tuijin.coordination import actions as coordination

from .helpers import document, table, text


def test_the_pack_has_the_agenda_a_page_per_project_and_last_meeting_s_decisions(users, small_district, department,
                                                                                no_pdf):
    coordinator = users[Role.COORDINATOR]
    b = small_district["B"]
    problem = small_district["open_problem"]
    # Given last month's meeting, which decided one action item
    before = coordination.record_meeting(actor=coordinator, data={
        "title": "2月重大项目调度会", "held_at": timezone.make_aware(dt.datetime(2026, 2, 20, 9)), "place": "区政府"})
    coordination.record_decision(before, actor=coordinator, lead=department, working_days=10, data={
        "title": "协调解决锂电池项目施工用电", "description": "住建局牵头", "category": problem.category})
    # And this month's meeting on project A (with its open problem) and B
    meeting = coordination.record_meeting(actor=coordinator, data={
        "title": "3月重大项目调度会", "held_at": timezone.make_aware(dt.datetime(2026, 3, 25, 9)),
        "place": "区政府3楼会议室", "chaired_by": "常务副区长"}, projects=[b], agenda=[problem])

    # When the pack is made
    pack = packs.meeting(meeting, today=dt.date(2026, 3, 31))
    body = text(pack.files["docx"])

    # Then the agenda lists the problem on it; each project has its page with facts and open problems
    assert f"{problem.code} 临时道路未修通" in body
    assert "项目简况：锂电池正极材料项目" in body and "项目简况：智能装备产业园项目" in body
    facts = dict(row for row in table(pack.files["docx"], "事项"))
    assert facts["所在园区"] == "高新园"
    assert "红色预警：计划开工已过3个月仍未开工" in body
    # the project's monthly investment chart is an image on its page
    assert len(document(pack.files["docx"]).inline_shapes) == 2
    # and the last meeting's decision, with its status today
    decisions = table(pack.files["docx"], "编号")
    assert any(row[1] == "协调解决锂电池项目施工用电" and row[2] == department.name and row[4] == "已交办"
               for row in decisions)
    assert "2月重大项目调度会（2026-02-20）" in body

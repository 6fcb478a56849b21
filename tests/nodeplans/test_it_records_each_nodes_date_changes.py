"""Every event that moves a date names each moved node — the edited one first — with ISO old and new values,
so that each node's planned dates at any past moment can be rebuilt from the history alone."""

import datetime as dt

import time_machine
from django.utils import timezone

from tuijin.nodeplans import actions, calculations
from tuijin.nodeplans.models import NodeEvent, NodeEventKind

from .conftest import FESTIVAL_FLOW, START, build_flow, dates, node

D = dt.date


def at(month, day, hour=9):
    return timezone.make_aware(dt.datetime(2026, month, day, hour, 0))


def moves(event):
    return [(c["name"], c["field"], c["old"], c["new"]) for c in event.changes if "node" in c]


def test_a_duration_change_records_the_edited_nodes_own_dates_and_its_dependants(plan, coordinator):
    # Given the festival plan, 用地预审 26 Feb → 2 March and 施工许可 10–11 March
    # When 用地预审 is given 10 working days
    actions.reschedule(node(plan, "用地预审"), actor=coordinator, duration=10)

    # Then the event lists 用地预审's own duration and finish first, then 施工许可's two dates
    event = NodeEvent.objects.get(kind=NodeEventKind.RESCHEDULED)
    assert moves(event) == [
        ("用地预审", "duration_workdays", "4", "10"),
        ("用地预审", "planned_finish", "2026-03-02", "2026-03-10"),
        ("施工许可", "planned_start", "2026-03-10", "2026-03-11"),
        ("施工许可", "planned_finish", "2026-03-11", "2026-03-12"),
    ]
    # And each entry names the node by id and code as well
    land = node(plan, "用地预审")
    assert {(c["node"], c["code"]) for c in event.changes if c["name"] == "用地预审"} == {(land.pk, "land")}


def test_a_start_moved_by_hand_records_the_nodes_new_start_and_finish(plan, coordinator):
    # Given 环评 25 Feb → 9 March (28 Feb is a make-up working day); when it may start no earlier than 2 March
    actions.reschedule(node(plan, "环评"), actor=coordinator, not_before=D(2026, 3, 2))

    # Then its own start bound, start and finish come first, then 施工许可's dates
    event = NodeEvent.objects.get(kind=NodeEventKind.RESCHEDULED)
    own = [m for m in moves(event) if m[0] == "环评"]
    assert own[0][1] == "not_before"
    assert own[1:] == [("环评", "planned_start", "2026-02-25", "2026-03-02"),
                       ("环评", "planned_finish", "2026-03-09", "2026-03-13")]
    assert [m[0] for m in moves(event)][len(own):] == ["施工许可", "施工许可"]


def test_a_node_done_late_records_its_own_finish(plan, coordinator):
    # When 合规性审查 (planned to finish 13 Feb) is done on 24 Feb
    actions.mark_done(node(plan, "合规性审查"), actor=coordinator, finished_on=D(2026, 2, 24),
                      evidence_no="锦发改审〔2026〕12号", today=D(2026, 2, 24))

    # Then its own finish moved is recorded ahead of its dependants'
    event = NodeEvent.objects.get(kind=NodeEventKind.DONE)
    assert ("合规性审查", "planned_finish", "2026-02-13", "2026-02-24") in moves(event)
    assert moves(event).index(("合规性审查", "planned_finish", "2026-02-13", "2026-02-24")) < \
        [m[0] for m in moves(event)].index("立项/备案")


def test_an_approved_extension_records_the_nodes_duration_and_finish(plan, coordinator, users):
    # When 施工许可 (10–11 March) is granted 3 more working days
    request = actions.request_extension(node(plan, "施工许可"), actor=coordinator, days=3, reason="等待图审")
    actions.decide_extension(request, actor=coordinator, approve=True)

    # Then its duration and finish moved are recorded
    event = NodeEvent.objects.get(kind=NodeEventKind.EXTENSION_APPROVED)
    assert moves(event) == [("施工许可", "duration_workdays", "2", "5"),
                            ("施工许可", "planned_finish", "2026-03-11", "2026-03-16")]


def test_the_planned_dates_at_any_past_moment_are_rebuilt_from_the_history(project, flow, coordinator):
    # Given a plan made on 2 Feb, changed on 5 Feb and 10 Feb, with a snapshot of its dates after each step
    snapshots = {}
    with time_machine.travel(at(2, 2), tick=False):
        plan = actions.apply_template(project, flow, actor=coordinator, start_date=START)
    snapshots["after-apply"] = dates(plan)
    with time_machine.travel(at(2, 5), tick=False):
        actions.reschedule(node(plan, "用地预审"), actor=coordinator, duration=10)
    snapshots["after-5-feb"] = dates(plan)
    with time_machine.travel(at(2, 10), tick=False):
        actions.reschedule(node(plan, "环评"), actor=coordinator, not_before=D(2026, 3, 2))
    current = dates(plan)

    # When the history is read in one query
    rows = calculations.node_date_changes([project.pk])

    # Then replaying it forwards up to each moment gives the dates of that moment
    def replay(until):
        state = {}
        for row in rows:
            if row.at < until and row.field != "duration_workdays":
                start, finish = state.get(row.node, (None, None))
                state[row.node] = (row.new, finish) if row.field == "planned_start" else (start, row.new)
        return state

    assert replay(at(2, 4)) == snapshots["after-apply"]
    assert replay(at(2, 8)) == snapshots["after-5-feb"]
    assert replay(at(3, 1)) == current
    # And undoing it backwards from today does too
    state = dict(current)
    for row in reversed(rows):
        if row.at >= at(2, 6) and row.field != "duration_workdays":
            start, finish = state[row.node]
            state[row.node] = (row.old, finish) if row.field == "planned_start" else (start, row.old)
    assert state == snapshots["after-5-feb"]

    # And a window reads only its own changes, typed: dates as dates, durations as numbers
    window = calculations.node_date_changes([project.pk], since=at(2, 4), until=at(2, 8))
    assert [(r.project_id, r.node, r.field, r.old, r.new) for r in window] == [
        (project.pk, "用地预审", "duration_workdays", 4, 10),
        (project.pk, "用地预审", "planned_finish", D(2026, 3, 2), D(2026, 3, 10)),
        (project.pk, "施工许可", "planned_start", D(2026, 3, 10), D(2026, 3, 11)),
        (project.pk, "施工许可", "planned_finish", D(2026, 3, 11), D(2026, 3, 12)),
    ]
    assert {r.at for r in window} == {at(2, 5)}
    # And the applied event gives every node's first dates, with no old value
    first = [r for r in rows if r.at == at(2, 2)]
    assert {r.node for r in first} == {name for _code, name, *_ in FESTIVAL_FLOW}
    assert all(r.old is None for r in first)


def test_the_history_of_many_projects_is_one_query(project, other_project, flow, coordinator,
                                                   django_assert_num_queries):
    # Given plans on two projects, each changed once
    for each in (project, other_project):
        plan = actions.apply_template(each, flow, actor=coordinator, start_date=START)
        actions.reschedule(node(plan, "用地预审"), actor=coordinator, duration=6)
    from tuijin.projects.models import Project

    # When both histories are read through a subquery of ids: one query
    with django_assert_num_queries(1):
        rows = calculations.node_date_changes(Project.objects.values("pk"))
    assert {r.project_id for r in rows} == {project.pk, other_project.pk}
    # And another project's changes are not read for one project
    assert {r.project_id for r in calculations.node_date_changes([other_project.pk])} == {other_project.pk}


def test_the_plan_page_does_not_list_every_first_date(client, plan, coordinator):
    from django.urls import reverse

    from ..pages import text

    # When the plan page shows its history, the applied event does not list each node's first dates
    client.force_login(coordinator)
    page = text(client.get(reverse("nodeplans_project", args=[plan.project.pk])))
    assert "套用模板" in page
    assert "施工许可（计划完成）" not in page

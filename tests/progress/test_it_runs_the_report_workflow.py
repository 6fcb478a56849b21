"""The monthly report workflow: draft → submitted → returned → resubmitted → approved, then locked."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from tuijin.progress import actions
from tuijin.progress.models import ProjectYearRollup, ReportEventKind, ReportStatus


@pytest.fixture
def draft(project, users):
    return actions.save_draft(project, 2026, 3, actor=users["enterprise"],
                              data={"completed_investment": Decimal("120.50"), "narrative": "主体结构施工"})


def test_it_walks_a_report_through_its_workflow(draft, users):
    enterprise, reviewer = users["enterprise"], users["park_staff"]

    # Given a submitted report that the park returns with a reason
    actions.submit_report(draft, actor=enterprise)
    returned = actions.return_report(draft, actor=reviewer, reason="完成额与形象进度不符")
    assert (returned.status, returned.return_reason) == (ReportStatus.RETURNED, "完成额与形象进度不符")

    # When the enterprise fixes it and resubmits, and the park approves
    actions.save_draft(draft.project, 2026, 3, actor=enterprise, data={"completed_investment": Decimal("98")})
    actions.submit_report(returned, actor=enterprise)
    approved = actions.approve_report(returned, actor=reviewer)

    # Then it is approved, counted in the rollup, and its history tells the whole story
    assert approved.status == ReportStatus.APPROVED and approved.completed_investment == Decimal("98.00")
    rollup = ProjectYearRollup.objects.get(project=draft.project, year=2026)
    assert (rollup.completed_m03, rollup.completed_total, rollup.last_reported_month) == (Decimal(98), Decimal(98), 3)
    history = list(approved.events.order_by("pk").values_list("kind", "reason"))
    assert history == [
        (ReportEventKind.CREATED, ""), (ReportEventKind.SUBMITTED, ""),
        (ReportEventKind.RETURNED, "完成额与形象进度不符"), (ReportEventKind.EDITED, ""),
        (ReportEventKind.SUBMITTED, "修改后重新报送"), (ReportEventKind.APPROVED, ""),
    ]


def test_it_needs_a_reason_to_return(draft, users):
    actions.submit_report(draft, actor=users["enterprise"])

    with pytest.raises(actions.WorkflowRefused, match="须填写退回原因"):
        actions.return_report(draft, actor=users["park_staff"], reason=" ")


def test_it_locks_an_approved_report(draft, users):
    actions.submit_report(draft, actor=users["enterprise"])
    actions.approve_report(draft, actor=users["park_staff"])

    with pytest.raises(actions.WorkflowRefused, match="已审核，不能再修改；如需更正"):
        actions.save_draft(draft.project, 2026, 3, actor=users["enterprise"], data={"completed_investment": 1})


def test_it_logs_a_correction_with_its_reason(draft, users):
    # Given an approved report of 120.50
    actions.submit_report(draft, actor=users["enterprise"])
    actions.approve_report(draft, actor=users["park_staff"])

    # A correction without a reason is refused; with one it changes the figure and the rollup
    with pytest.raises(actions.WorkflowRefused, match="须填写更正原因"):
        actions.correct_report(draft, actor=users["coordinator"], data={"completed_investment": Decimal(100)},
                               reason="")
    corrected = actions.correct_report(draft, actor=users["coordinator"],
                                       data={"completed_investment": Decimal(100)}, reason="统计局核减")

    assert corrected.status == ReportStatus.APPROVED
    assert ProjectYearRollup.objects.get(project=draft.project, year=2026).completed_total == Decimal(100)
    event = corrected.events.get(kind=ReportEventKind.CORRECTED)
    assert event.reason == "统计局核减"
    assert event.changes == [{"field": "completed_investment", "label": "本月完成投资（万元）",
                              "old": "120.50", "new": "100"}]


def test_it_does_not_count_a_report_that_is_not_approved(draft, users):
    actions.submit_report(draft, actor=users["enterprise"])

    rollup = ProjectYearRollup.objects.filter(project=draft.project, year=2026).first()

    assert rollup is None or rollup.completed_total == 0


def test_it_refuses_to_submit_twice(draft, users):
    actions.submit_report(draft, actor=users["enterprise"])

    with pytest.raises(actions.WorkflowRefused, match="当前状态为“已报送”"):
        actions.submit_report(draft, actor=users["enterprise"])


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_simultaneous_reviewers_win(project, users):
    # Given a submitted report and two reviewers acting at the same moment (one approves, one returns)
    report = actions.save_draft(project, 2026, 5, actor=users["enterprise"], data={"completed_investment": 10})
    actions.submit_report(report, actor=users["enterprise"])
    barrier = threading.Barrier(2)
    outcomes = []

    def act(step):
        try:
            barrier.wait()
            step()
            outcomes.append("ok")
        except actions.WorkflowRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(lambda: actions.approve_report(report, actor=users["park_staff"]),)),
        threading.Thread(target=act, args=(lambda: actions.return_report(report, actor=users["coordinator"],
                                                                         reason="数据有误"),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then exactly one succeeded and the other was told the report had moved on
    assert sorted(outcomes) == ["ok", "refused"]
    report.refresh_from_db()
    assert report.status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
    assert report.events.filter(kind__in=[ReportEventKind.APPROVED, ReportEventKind.RETURNED]).count() == 1


def test_it_refuses_a_draft_for_a_month_still_to_come_in_the_action_itself(project, users):
    # Given next month (the form, the API and the importer refuse it; a script calling the action must be refused too)
    from django.utils import timezone

    from tuijin.progress.models import MonthlyReport

    today = timezone.localdate()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    # When a draft is saved for it directly
    with pytest.raises(actions.WorkflowRefused) as refused:
        actions.save_draft(project, year, month, actor=users["enterprise"],
                           data={"completed_investment": Decimal("10")})
    # Then it is refused in the same words and no report exists
    assert str(refused.value) == f"不能报送未来月份（{year}年{month}月）"
    assert not MonthlyReport.objects.filter(project=project).exists()

"""The lifecycle state machine: every pair of stages, and the evidence each move needs."""

import datetime as dt

import pytest

from tuijin.projects import actions, lifecycle
from tuijin.projects.models import Category, EventKind, Stage

from .factories import ProjectFactory

TODAY = dt.date(2026, 11, 23)
S = Stage

# Written out by hand from domain.md, not derived from the code under test.
LEGAL = {
    S.PLANNING: {S.NEGOTIATING, S.TERMINATED},
    S.NEGOTIATING: {S.SIGNED, S.TERMINATED},
    S.SIGNED: {S.REGISTERED, S.SUSPENDED, S.TERMINATED},
    S.REGISTERED: {S.PREPARATION, S.SUSPENDED, S.TERMINATED},
    S.PREPARATION: {S.CONSTRUCTION, S.SUSPENDED, S.TERMINATED},
    S.CONSTRUCTION: {S.COMPLETED, S.SUSPENDED, S.TERMINATED},
    S.COMPLETED: {S.OPERATING},
    S.OPERATING: {S.AT_CAPACITY},
    S.AT_CAPACITY: set(),
    S.SUSPENDED: {S.CONSTRUCTION, S.TERMINATED},  # suspended while under construction
    S.TERMINATED: set(),
}

# Actual dates a project has by the time it reaches each stage.
REACHED = [
    (S.SIGNED, "actual_sign_date", dt.date(2025, 1, 10)),
    (S.REGISTERED, "actual_register_date", dt.date(2025, 2, 10)),
    (S.PREPARATION, "actual_preparation_date", dt.date(2025, 3, 10)),
    (S.CONSTRUCTION, "actual_start_date", dt.date(2025, 5, 10)),
    (S.COMPLETED, "actual_complete_date", dt.date(2026, 1, 10)),
    (S.OPERATING, "actual_operate_date", dt.date(2026, 3, 10)),
    (S.AT_CAPACITY, "actual_capacity_date", dt.date(2026, 6, 10)),
]
MAIN_LINE = [S.PLANNING, S.NEGOTIATING, *[stage for stage, _, _ in REACHED]]


def project_at(stage, enterprise, **extra):
    """A consistent project standing at ``stage``; a suspended one was suspended during construction."""
    line_stage = S.CONSTRUCTION if stage == S.SUSPENDED else stage
    dates = {}
    if line_stage in MAIN_LINE:
        position = MAIN_LINE.index(line_stage)
        dates = {field: value for reached, field, value in REACHED if MAIN_LINE.index(reached) <= position}
    return ProjectFactory(
        stage=stage, enterprise=enterprise, suspended_from=S.CONSTRUCTION if stage == S.SUSPENDED else "",
        construction_permit_no="510115202505100101" if "actual_start_date" in dates else "",
        **dates, **extra,
    )


def full_evidence():
    return lifecycle.Evidence(date=dt.date(2026, 10, 1), permit_no="510115202605100199", reason="资金到位，具备条件")


@pytest.mark.parametrize("target", list(Stage))
@pytest.mark.parametrize("source", list(Stage))
def test_it_allows_exactly_the_legal_moves(db, enterprise, coordinator, source, target):
    # Given a project standing at ``source`` and complete evidence
    project = project_at(source, enterprise)

    # When someone moves it to ``target``
    if target in LEGAL[source]:
        moved = actions.change_stage(project, target, actor=coordinator, evidence=full_evidence(), today=TODAY)

        # Then a legal move happens and is logged with who, from, to and the evidence
        assert moved.stage == target
        event = moved.events.get()
        assert (event.actor, event.from_stage, event.to_stage) == (coordinator, source, target)
        assert event.evidence
        assert moved.version == project.version + 1
    else:
        # Then an illegal one is refused in Chinese, naming both stages, and nothing changes
        with pytest.raises(lifecycle.TransitionRefused) as refused:
            actions.change_stage(project, target, actor=coordinator, evidence=full_evidence(), today=TODAY)
        assert f"不能从“{source.label}”直接变更为“{target.label}”" in refused.value.message
        project.refresh_from_db()
        assert project.stage == source
        assert not project.events.exists()


def test_it_lets_government_projects_go_straight_to_approvals(db, coordinator):
    # Given an infrastructure project still being planned (no investor to sign with)
    project = ProjectFactory(stage=S.PLANNING, category=Category.INFRASTRUCTURE)

    # When it moves to 前期手续 with a date
    moved = actions.change_stage(project, S.PREPARATION, actor=coordinator,
                                 evidence=lifecycle.Evidence(date=dt.date(2026, 3, 1)), today=TODAY)

    # Then it is allowed and the date is recorded
    assert moved.stage == S.PREPARATION
    assert moved.actual_preparation_date == dt.date(2026, 3, 1)


def test_it_needs_a_start_date_and_a_permit_to_start(db, enterprise, coordinator):
    project = project_at(S.PREPARATION, enterprise)

    with pytest.raises(lifecycle.TransitionRefused) as refused:
        actions.change_stage(project, S.CONSTRUCTION, actor=coordinator, evidence=lifecycle.Evidence(), today=TODAY)

    assert refused.value.errors == {"date": "请填写实际开工日期", "permit_no": "开工须提供施工许可证号"}


def test_it_records_the_start_date_and_permit(db, enterprise, coordinator):
    project = project_at(S.PREPARATION, enterprise)

    moved = actions.change_stage(project, S.CONSTRUCTION, actor=coordinator, today=TODAY,
                                 evidence=lifecycle.Evidence(date=dt.date(2026, 4, 2), permit_no=" 5101152026040201 "))

    assert (moved.actual_start_date, moved.construction_permit_no) == (dt.date(2026, 4, 2), "5101152026040201")


def test_it_refuses_a_completion_before_the_start(db, enterprise, coordinator):
    project = project_at(S.CONSTRUCTION, enterprise)  # started 2025-05-10

    with pytest.raises(lifecycle.TransitionRefused) as refused:
        actions.change_stage(project, S.COMPLETED, actor=coordinator, today=TODAY,
                             evidence=lifecycle.Evidence(date=dt.date(2025, 5, 9)))

    assert refused.value.errors["date"] == "实际竣工日期（2025-05-09）不能早于实际开工日期（2025-05-10）"


def test_it_accepts_a_completion_on_the_start_day(db, enterprise, coordinator):
    project = project_at(S.CONSTRUCTION, enterprise)

    moved = actions.change_stage(project, S.COMPLETED, actor=coordinator, today=TODAY,
                                 evidence=lifecycle.Evidence(date=dt.date(2025, 5, 10)))

    assert moved.actual_complete_date == dt.date(2025, 5, 10)


def test_it_refuses_a_date_in_the_future(db, enterprise, coordinator):
    project = project_at(S.NEGOTIATING, enterprise)

    with pytest.raises(lifecycle.TransitionRefused) as refused:
        actions.change_stage(project, S.SIGNED, actor=coordinator, today=TODAY,
                             evidence=lifecycle.Evidence(date=TODAY + dt.timedelta(days=1)))

    assert refused.value.errors["date"] == "实际签约日期不能晚于今天（2026-11-23）"


def test_it_needs_a_reason_to_suspend_or_terminate(db, enterprise, coordinator):
    project = project_at(S.CONSTRUCTION, enterprise)

    for target, message in ((S.SUSPENDED, "请填写停缓建原因"), (S.TERMINATED, "请填写终止原因")):
        with pytest.raises(lifecycle.TransitionRefused) as refused:
            actions.change_stage(project, target, actor=coordinator, evidence=lifecycle.Evidence(reason="  "),
                                 today=TODAY)
        assert refused.value.errors == {"reason": message}


def test_it_resumes_to_the_stage_it_left(db, enterprise, coordinator):
    # Given a project suspended during its approvals
    project = project_at(S.PREPARATION, enterprise)
    project = actions.change_stage(project, S.SUSPENDED, actor=coordinator, today=TODAY,
                                   evidence=lifecycle.Evidence(reason="用地指标未落实"))
    assert project.suspended_from == S.PREPARATION

    # Then it can resume only to 前期手续, not jump to 在建
    assert lifecycle.allowed_targets(project) == [S.PREPARATION, S.TERMINATED]
    resumed = actions.change_stage(project, S.PREPARATION, actor=coordinator, today=TODAY,
                                   evidence=lifecycle.Evidence(reason="用地指标已落实"))

    # And the history shows the suspension and the resumption with their reasons
    assert resumed.stage == S.PREPARATION and resumed.suspended_from == ""
    kinds = list(resumed.events.order_by("pk").values_list("kind", "evidence"))
    assert kinds == [(EventKind.SUSPENDED, {"reason": "用地指标未落实"}),
                     (EventKind.RESUMED, {"reason": "用地指标已落实"})]


def test_it_needs_an_enterprise_to_register(db, coordinator):
    project = ProjectFactory(stage=S.SIGNED, actual_sign_date=dt.date(2026, 1, 5))

    with pytest.raises(lifecycle.TransitionRefused) as refused:
        actions.change_stage(project, S.REGISTERED, actor=coordinator, today=TODAY,
                             evidence=lifecycle.Evidence(date=dt.date(2026, 2, 1)))

    assert "须先在项目信息中关联项目单位" in refused.value.message


def test_it_refuses_a_move_made_on_a_stale_page(db, enterprise, coordinator):
    # Given two people who opened the same project; the first moves it on
    project = project_at(S.NEGOTIATING, enterprise)
    actions.change_stage(project, S.SIGNED, actor=coordinator, today=TODAY, expected_version=project.version,
                         evidence=lifecycle.Evidence(date=dt.date(2026, 1, 5)))

    # When the second submits with the version they loaded
    with pytest.raises(actions.StaleEdit):
        actions.change_stage(project, S.TERMINATED, actor=coordinator, today=TODAY,
                             expected_version=project.version, evidence=lifecycle.Evidence(reason="谈判破裂"))

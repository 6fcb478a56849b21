"""Who sees the ranking, who may open a unit's records, who may change the weights; the config edit is logged."""

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.leaderboards.models import BoardEvent

from ..pages import text


def test_the_board_page_shows_scores_formulas_and_both_lists(client, users, league):
    # Given a leader
    client.force_login(users[Role.LEADER])

    # When they open the park board for January to June
    response = client.get(reverse("leaderboards_board", args=[league["parks"].pk]) + "?from=2026-01&to=2026-06")

    # Then the ranking, each score's formula and the rule of each list are on the page
    page = text(response)
    assert response.status_code == 200
    assert "(30×75.0 + 10×100.0 + 20×50.0 + 20×20.0 + 20×50.0) ÷ 100 = 56.5" in page
    assert "上榜规则：得分低于10.0分（0.0分）" in page


def test_enterprises_are_refused_and_a_park_opens_only_its_own_records(client, users, league, park, other_park):
    board = league["parks"]
    # Given an enterprise user: the board is refused
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(reverse("leaderboards_board", args=[board.pk])).status_code == 403

    # Given park staff: their own park's records open, another park's are a 404
    client.force_login(users[Role.PARK_STAFF])
    own = reverse("leaderboards_drill", args=[board.pk, park.pk, "starts"]) + "?from=2026-01&to=2026-06"
    other = reverse("leaderboards_drill", args=[board.pk, other_park.pk, "starts"]) + "?from=2026-01&to=2026-06"
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404


def test_a_bad_span_on_the_page_is_a_chinese_400(client, users, league):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("leaderboards_board", args=[league["parks"].pk]) + "?from=2026-07&to=2026-01")
    assert response.status_code == 400
    assert "起始月份 2026-07 晚于截止月份 2026-01" in text(response)


def test_a_coordinator_changes_a_weight_and_the_change_is_logged(client, users, league):
    board = league["parks"]
    form = {"name": board.name, "unit_kind": "park", "red_top": 1, "red_min_score": "50", "black_bottom": 0,
            "black_below": "10", "weight_signings": 40, "weight_landings": 10, "weight_starts": 20,
            "weight_investment": 20, "weight_punctuality": 0, "weight_solved": 0, "weight_on_time": 0}
    # Given park staff: the settings are refused
    client.force_login(users[Role.PARK_STAFF])
    assert client.post(reverse("leaderboards_edit", args=[board.pk]), form).status_code == 403

    # When a coordinator raises 签约 to 40 and drops 月报按时报送率
    client.force_login(users[Role.COORDINATOR])
    response = client.post(reverse("leaderboards_edit", args=[board.pk]), form)

    # Then the board has the new weights and the change is in its history
    assert response.status_code == 302
    assert dict(board.measures.values_list("measure", "weight")) == {
        "signings": 40, "landings": 10, "starts": 20, "investment": 20}
    labels = {change["label"] for change in BoardEvent.objects.get(board=board).changes}
    assert labels == {"权重：签约项目目标完成率", "权重：月报按时报送率"}


def test_weights_all_zero_are_refused(client, users, league):
    client.force_login(users[Role.COORDINATOR])
    board = league["parks"]
    response = client.post(reverse("leaderboards_edit", args=[board.pk]), {
        "name": board.name, "unit_kind": "park", "red_top": 1, "red_min_score": "50", "black_bottom": 0,
        "black_below": "10"})
    assert response.status_code == 400
    assert "请至少为一个指标设置大于 0 的权重。" in text(response)
    assert board.measures.count() == 5


def test_the_board_pays_the_same_queries_for_more_projects_and_reports(client, users, league, park):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuijin.progress.models import MonthlyReport, ReportStatus, YearlyPlan

    from ..factories import ProjectFactory

    client.force_login(users[Role.COORDINATOR])
    url = reverse("leaderboards_board", args=[league["parks"].pk]) + "?from=2026-01&to=2026-06"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    # Given 20 more projects in 高新园, each with a plan, a start and six reports
    for number in range(20):
        project = ProjectFactory(code=f"XM2026-Q{number:04d}", park=park, actual_start_date=dt.date(2026, 2, 1))
        YearlyPlan.objects.create(project=project, year=2026, planned_investment=100)
        MonthlyReport.objects.bulk_create([MonthlyReport(
            project=project, year=2026, month=m, completed_investment=0, status=ReportStatus.APPROVED,
            submitted_at=dt.datetime(2026, m + 1, 2, tzinfo=dt.timezone.utc)) for m in range(1, 7)])
    # When the board is opened again, Then it takes no more queries than before
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) <= len(before)

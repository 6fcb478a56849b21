"""The progress page never says 暂无记录 under a list of reports: the history block shows what was done to
this year's reports, and is left out when they came in without any (seeded or migrated rows)."""

from decimal import Decimal

from tests.pages import text
from tuijin.progress import actions
from tuijin.progress.models import MonthlyReport, ReportStatus


def test_it_leaves_out_the_history_of_reports_that_have_none(client, users, project):
    # Given eleven approved reports loaded without any history
    MonthlyReport.objects.bulk_create(
        MonthlyReport(project=project, year=2026, month=month, completed_investment=Decimal(10),
                      status=ReportStatus.APPROVED) for month in range(1, 12))
    client.force_login(users["coordinator"])

    # When the coordinator opens the project's progress
    page = text(client.get(f"/progress/projects/{project.pk}/?year=2026"))

    # Then the reports are listed and no empty history contradicts them
    assert "11月" in page and page.count("已审核") >= 11
    assert "暂无记录" not in page and "月报办理记录" not in page


def test_it_shows_what_was_done_to_this_year_s_reports(client, users, project):
    # Given a report the enterprise drafted and submitted
    report = actions.save_draft(project, 2026, 4, actor=users["enterprise"], data={"completed_investment": Decimal(9)})
    actions.submit_report(report, actor=users["enterprise"])
    client.force_login(users["coordinator"])

    # Then its history is listed under 月报办理记录
    page = text(client.get(f"/progress/projects/{project.pk}/?year=2026"))
    assert "月报办理记录" in page and "4月 报送" in page and "4月 起草" in page

"""Changes that come through the API or a scheduled job are logged with that door, not as 系统."""

import contextvars
import datetime as dt

from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.alerts import tasks
from tuijin.alerts.models import RuleKey, Warning, WarningEvent
from tuijin.audit.models import AuditAction, AuditEntry

from ..api.conftest import api, token_of  # noqa: F401 - the API caller fixtures
from ..factories import ProjectFactory


def test_a_report_submitted_over_the_api_is_logged_as_an_api_change_by_its_user(api, users, project):
    # Given the enterprise user with an API token
    enterprise_user = users[Role.ENTERPRISE]
    first = timezone.localdate().replace(day=1)
    last_month = first - dt.timedelta(days=1)

    # When the phone app submits last month's report
    response = api.post(enterprise_user, f"/projects/{project.pk}/reports",
                        {"year": last_month.year, "month": last_month.month, "completed_investment": "1250.50",
                         "funds_arrived": "800", "narrative": "主体结构完成", "submit": True})

    # Then the audit log has the new report, by that user, through the API, with its figures
    assert response.status_code == 201
    entry = AuditEntry.objects.get(model="progress.monthlyreport", action=AuditAction.CREATE)
    assert (entry.source, entry.get_source_display(), entry.actor) == ("api", "接口", enterprise_user)
    assert any(change["new"] == "1250.50" for change in entry.changes)


def test_warnings_raised_by_the_scheduled_scan_say_they_came_from_a_scheduled_job(db):
    # Given a project 40 days late to start
    project = ProjectFactory(planned_start_date=timezone.localdate() - dt.timedelta(days=40))

    # When huey's consumer runs the morning scan (a worker thread starts with an empty context)
    contextvars.Context().run(tasks.scan_warnings.call_local)

    # Then the warning's 发出预警 event reads 命令/定时任务, not 系统
    warning = Warning.objects.get(project=project, rule=RuleKey.START_OVERDUE)
    event = WarningEvent.objects.get(warning=warning)
    assert (event.source, event.get_source_display()) == ("command", "命令/定时任务")

"""Demo 待办 the other demo modules leave out: a monthly report the park sent back to the demo enterprise.

The rest of every demo role's to-do list comes from the data the other modules write (reports waiting for
review, problems at each step from ``seed_problems``, quiet leads, node plans with late nodes).
"""

from tuijin.accounts.models import Role, User
from tuijin.progress import actions
from tuijin.progress.models import MonthlyReport, ReportStatus

REASON = "本月完成投资与形象进度不符，请补充现场照片并核实金额后重新报送"


def seed_todos() -> int:
    """Return the demo enterprise's latest waiting (or draft) report with a reason; the number returned (0 or 1)."""
    enterprise_user = User.objects.filter(username="enterprise", role=Role.ENTERPRISE).first()
    if enterprise_user is None or not enterprise_user.enterprise_id:
        return 0
    report = (MonthlyReport.objects.filter(project__enterprise_id=enterprise_user.enterprise_id,
                                           status__in=[ReportStatus.SUBMITTED, ReportStatus.DRAFT])
              .select_related("project").order_by("-status", "-year", "-month").first())
    if report is None:
        return 0
    reviewer = (User.objects.filter(role=Role.PARK_STAFF, organisation_id=report.project.park_id).first()
                or User.objects.filter(role=Role.COORDINATOR, is_superuser=False).first())
    if report.status == ReportStatus.DRAFT:
        report = actions.submit_report(report, actor=enterprise_user)
    actions.return_report(report, actor=reviewer, reason=REASON)
    return 1

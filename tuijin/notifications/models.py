from django.conf import settings
from django.db import models


class NotificationKind(models.TextChoices):
    """What a notification is about; one member per event that tells someone to act or that something happened."""
    EXPORT_DONE = "export_done", "导出完成"  # an export the user started is ready to download
    EXPORT_FAILED = "export_failed", "导出失败"  # an export the user started failed
    REPORT_SUBMITTED = "report_submitted", "月报待审核"  # a monthly report was submitted for review
    REPORT_RETURNED = "report_returned", "月报被退回"  # a reviewer sent a monthly report back
    REPORT_APPROVED = "report_approved", "月报已审核"  # a reviewer approved a monthly report
    PROBLEM_FILED = "problem_filed", "新问题待交办"  # a problem was filed and waits for assignment
    PROBLEM_ASSIGNED = "problem_assigned", "问题交办"  # a problem was assigned to a department
    PROBLEM_REPLIED = "problem_replied", "问题已答复"  # the lead department replied to a problem
    PROBLEM_HANDED_BACK = "problem_handed_back", "问题反向交办"  # a department handed a problem back
    PROBLEM_REOPENED = "problem_reopened", "问题退回重办"  # the filer rejected a reply
    PROBLEM_CLOSED = "problem_closed", "问题办结"  # a problem was closed
    PROBLEM_ESCALATED = "problem_escalated", "问题升级"  # a problem moved up an escalation level
    PROBLEM_DIRECTED = "problem_directed", "领导批示"  # a leader wrote an instruction on a problem
    PROBLEM_OVERDUE = "problem_overdue", "问题超期"  # a problem passed its working-day deadline
    PROBLEM_DUE_SOON = "problem_due_soon", "问题即将到期"  # a problem's deadline is near
    ENTERPRISE_NEED = "enterprise_need", "企业诉求"  # an enterprise raised a need
    ENTERPRISE_NEED_ANSWERED = "enterprise_need_answered", "企业诉求已答复"  # an enterprise's need was answered
    AUTO_GRANT_APPROVED = "auto_grant_approved", "免申即享已兑现"  # a policy benefit was granted without application
    WARNING = "warning", "预警"  # warnings were raised for the user's unit
    WARNING_RESOLVED = "warning_resolved", "预警已解除"  # a warning was resolved
    LEAD_MOVED = "lead_moved", "线索阶段变化"  # an investment lead moved between stages
    LEAD_REGISTERED = "lead_registered", "招商项目入库"  # a signed lead became a registered project
    NODE_PLAN_CHANGED = "node_plan_changed", "促建流程变化"  # a node plan was made, approved or a node moved
    NODE_PLAN_SUBMITTED = "node_plan_submitted", "促建流程待审批"  # a node plan waits for the lead bureau
    NODE_EXTENSION_REQUESTED = "node_extension_requested", "节点延期申请"  # an owner unit asked for more days
    NODE_EXTENSION_DECIDED = "node_extension_decided", "节点延期审批"  # an extension was approved or refused
    NODE_DUE_SOON = "node_due_soon", "节点即将到期"  # a node the unit owns is due within a few working days
    NODE_OVERDUE = "node_overdue", "节点逾期"  # a node the unit owns passed its planned finish
    MATCH_INVITED = "match_invited", "对接会邀请"  # an enterprise was invited to a matchmaking event (产用对接)
    INTEL_QUEUED = "intel_queued", "情报待审核"  # a watched folder or batch queued news with projects to review


class Notification(models.Model):
    """One message in a user's inbox. Apps write them through ``services.notify``."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField("类型", max_length=40, choices=NotificationKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title

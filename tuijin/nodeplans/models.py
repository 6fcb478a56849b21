"""Node plans (促建流程): flow templates per project type, a project's plan of procedure nodes, its history.

A template is reference data (the flow chart a district runs its projects through); applying it to a
project copies its nodes and finish-to-start links into a ``NodePlan`` whose dates are computed on the
working-day calendar (``schedule.py``). The lead bureau approves the plan, which freezes each node's
baseline; later changes move the planned dates and leave the baseline where it was, so a slip shows.
Every change is a ``NodeEvent`` row written through ``events.py``.
"""

from django.conf import settings
from django.db import models

from tuijin.lib.events import source_field


class ProjectType(models.TextChoices):
    INDUSTRIAL = "industrial", "产业化项目"  # an enterprise's investment: 备案, land transfer, permits
    GOVERNMENT = "government", "政府投资项目"  # a government-funded project: 立项审批, 可研, 概算


class OwnerKind(models.TextChoices):
    PARK = "park", "项目所在园区"  # the park the project sits in
    RESPONSIBLE = "responsible", "包保部门"  # the project's responsible unit (包保部门)
    NAMED = "named", "指定单位"  # a named bureau or department (自然资源和规划局 …)


class NodeTemplate(models.Model):
    code = models.SlugField("模板代码", max_length=40, unique=True)
    name = models.CharField("模板名称", max_length=60, unique=True)
    project_type = models.CharField("项目类型", max_length=20, choices=ProjectType.choices)
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "促建流程模板"
        verbose_name_plural = "促建流程模板"
        ordering = ["project_type", "name"]

    def __str__(self):
        return self.name


class TemplateNode(models.Model):
    template = models.ForeignKey(NodeTemplate, verbose_name="模板", on_delete=models.CASCADE, related_name="nodes")
    code = models.SlugField("节点代码", max_length=40)
    name = models.CharField("节点名称", max_length=60)
    sort_order = models.PositiveIntegerField("排序", default=0)
    owner_kind = models.CharField("责任单位类型", max_length=20, choices=OwnerKind.choices,
                                  default=OwnerKind.RESPONSIBLE)
    owner_name = models.CharField("指定责任单位", max_length=100, blank=True,
                                  help_text="责任单位类型为“指定单位”时填写单位名称或简称")
    duration_workdays = models.PositiveSmallIntegerField("默认办理时限（工作日）", default=5)

    class Meta:
        verbose_name = "模板节点"
        verbose_name_plural = "模板节点"
        ordering = ["template", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="nodeplans_template_node_code"),
                       models.CheckConstraint(condition=models.Q(duration_workdays__gte=1),
                                              name="nodeplans_template_node_duration")]

    def __str__(self):
        return self.name


class TemplateLink(models.Model):
    """Finish-to-start: ``successor`` may start ``lag_workdays`` working days after ``predecessor`` finishes."""

    predecessor = models.ForeignKey(TemplateNode, verbose_name="前置节点", on_delete=models.CASCADE,
                                    related_name="successor_links")
    successor = models.ForeignKey(TemplateNode, verbose_name="后续节点", on_delete=models.CASCADE,
                                  related_name="predecessor_links")
    lag_workdays = models.PositiveSmallIntegerField("间隔（工作日）", default=0)

    class Meta:
        verbose_name = "模板节点前置关系"
        verbose_name_plural = "模板节点前置关系"
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="nodeplans_template_link")]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "编制中"  # applied from a template; owner units may propose other durations
    PROPOSED = "proposed", "待审批"  # sent to the lead bureau for approval
    APPROVED = "approved", "已批准"  # approved: the baseline is frozen, changes show as slips against it


class NodePlan(models.Model):
    project = models.OneToOneField("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                   related_name="node_plan")
    template = models.ForeignKey(NodeTemplate, verbose_name="模板", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="plans")
    status = models.CharField("状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    start_date = models.DateField("流程起始日期")
    planned_start = models.DateField("计划开始", null=True, blank=True)
    planned_finish = models.DateField("计划完成", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编制人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)

    class Meta:
        verbose_name = "促建流程"
        verbose_name_plural = "促建流程"

    def __str__(self):
        return f"{self.project}促建流程"


class NodeStatus(models.TextChoices):
    OPEN = "open", "办理中"  # not finished yet (whether it has started follows from its dates)
    DONE = "done", "已完成"  # finished: an actual date and its evidence are recorded


def evidence_path(node, filename):
    return f"nodeplans/{node.plan.project_id}/{node.pk or 'new'}/{filename}"


class PlanNode(models.Model):
    plan = models.ForeignKey(NodePlan, verbose_name="促建流程", on_delete=models.CASCADE, related_name="nodes")
    code = models.SlugField("节点代码", max_length=40)
    name = models.CharField("节点名称", max_length=60)
    sort_order = models.PositiveIntegerField("排序", default=0)
    owner = models.ForeignKey("accounts.Organisation", verbose_name="责任单位", on_delete=models.PROTECT,
                              related_name="plan_nodes")
    duration_workdays = models.PositiveSmallIntegerField("办理时限（工作日）")
    not_before = models.DateField("最早开始", null=True, blank=True, help_text="调整节点开始日期时记录")
    planned_start = models.DateField("计划开始")
    planned_finish = models.DateField("计划完成")
    baseline_start = models.DateField("基线开始", null=True, blank=True)
    baseline_finish = models.DateField("基线完成", null=True, blank=True)
    critical = models.BooleanField("关键路径", default=False)
    status = models.CharField("状态", max_length=20, choices=NodeStatus.choices, default=NodeStatus.OPEN)
    actual_finish = models.DateField("实际完成", null=True, blank=True)
    evidence_no = models.CharField("批复文号", max_length=100, blank=True)
    evidence_file = models.FileField("批复附件", upload_to=evidence_path, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办结登记人", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "流程节点"
        verbose_name_plural = "流程节点"
        ordering = ["plan", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="nodeplans_plan_node_code"),
                       models.CheckConstraint(condition=models.Q(duration_workdays__gte=1),
                                              name="nodeplans_plan_node_duration")]
        indexes = [models.Index(fields=["owner", "status", "planned_finish"])]

    def __str__(self):
        return self.name


class PlanLink(models.Model):
    predecessor = models.ForeignKey(PlanNode, verbose_name="前置节点", on_delete=models.CASCADE,
                                    related_name="successor_links")
    successor = models.ForeignKey(PlanNode, verbose_name="后续节点", on_delete=models.CASCADE,
                                  related_name="predecessor_links")
    lag_workdays = models.PositiveSmallIntegerField("间隔（工作日）", default=0)

    class Meta:
        verbose_name = "节点前置关系"
        verbose_name_plural = "节点前置关系"
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="nodeplans_plan_link")]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"  # asked by the owner unit, waiting for the lead bureau
    APPROVED = "approved", "已同意"  # granted: the node's duration grew by ``days`` and its dependants moved
    REFUSED = "refused", "不同意"  # refused with a note; the node keeps its dates


class ExtensionRequest(models.Model):
    node = models.ForeignKey(PlanNode, verbose_name="节点", on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField("延期（工作日）")
    reason = models.TextField("延期理由")
    status = models.CharField("状态", max_length=20, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(days__gte=1), name="nodeplans_extension_days")]

    def __str__(self):
        return f"{self.node}延期{self.days}个工作日"


class NodeEventKind(models.TextChoices):
    APPLIED = "applied", "套用模板"  # the plan was made from a template
    DURATION_PROPOSED = "duration_proposed", "提出办理时限"  # an owner unit proposed another duration
    SUBMITTED = "submitted", "报送审批"  # the plan was sent to the lead bureau
    RETURNED = "returned", "退回修改"  # the lead bureau sent it back
    APPROVED = "approved", "批准（冻结基线）"  # approved; the baseline was frozen
    RESCHEDULED = "rescheduled", "调整节点"  # a node's start or duration changed; dependants re-flowed
    DONE = "done", "节点办结"  # a node was marked done with its date and evidence
    EXTENSION_REQUESTED = "extension_requested", "申请延期"  # an owner unit asked for more days
    EXTENSION_APPROVED = "extension_approved", "同意延期"  # granted; dependants re-flowed
    EXTENSION_REFUSED = "extension_refused", "不同意延期"  # refused


class NodeEvent(models.Model):
    """Append-only history of a node plan: who did what, when, and which dates moved (``changes``)."""

    plan = models.ForeignKey(NodePlan, verbose_name="促建流程", on_delete=models.CASCADE, related_name="events")
    node = models.ForeignKey(PlanNode, verbose_name="节点", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="events")
    kind = models.CharField("事件", max_length=30, choices=NodeEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    source = source_field()
    note = models.TextField("说明", blank=True)
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "促建流程记录"
        verbose_name_plural = "促建流程记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.plan} {self.get_kind_display()}"

"""吹哨报到: problems filed by projects and enterprises, action items from meetings, and their handling.

A problem and a meeting's action item are one model (``Problem.kind``) so that both go
through the same loop, escalation and scorecards. ``Problem`` carries the current state
for fast lists and compare-and-set moves; ``ProblemAssignment`` keeps every department a
problem was given to (lead or co-, with its own clock and outcome, which the scorecards
read); ``ProblemEvent`` is the append-only timeline of who did what, when and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tuijin.accounts import access
from tuijin.lib.events import source_field


class ProblemCategory(models.Model):
    """用地, 规划, 环评 …: seeded by a migration, edited by coordinators in the admin."""

    name = models.CharField("名称", max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True, help_text="停用后不再出现在提交表单中，已有问题不受影响")

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


DEFAULT_CATEGORIES = ["用地", "规划", "环评", "水电气", "道路", "融资", "用工", "审批", "其他"]


def seed_categories(model=ProblemCategory):
    """The default categories (idempotent); the data migration and transactional tests use it."""
    for order, name in enumerate(DEFAULT_CATEGORIES, start=1):
        model.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


class ProblemKind(models.TextChoices):
    PROBLEM = "problem", "问题"  # filed from below by a project or enterprise (吹哨)
    ACTION_ITEM = "action_item", "交办事项"  # assigned from above by a meeting decision (正向交办)


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"  # handled in the usual order
    URGENT = "urgent", "紧急"  # will hold up construction or a key milestone soon
    CRITICAL = "critical", "特急"  # work has stopped, or a deadline set from above is at stake


class ProblemStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"  # filed; waiting for the coordinator to pick a lead department
    ASSIGNED = "assigned", "已交办"  # a lead department has it and must report in (报到) within one working day
    ACCEPTED = "accepted", "已报到"  # the lead department accepted it
    IN_PROGRESS = "in_progress", "办理中"  # being worked, first time or after the filer reopened it
    REPLIED = "replied", "已答复"  # the department replied with its result; the filer confirms or reopens
    CLOSED = "closed", "已办结"  # the filer confirmed and rated the reply
    RETURNED = "returned", "已退回"  # 反向交办: the department handed it back; the coordinator reassigns it


# With a department and its clock running: these can go overdue and climb a level.
OPEN_STATUSES = [ProblemStatus.ASSIGNED, ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS]
# Not finished: everything but closed.
UNFINISHED_STATUSES = [status for status in ProblemStatus if status != ProblemStatus.CLOSED]


class Level(models.TextChoices):
    """三级保障: the values sort in order, so ``level__gte=Level.LEADER`` means "level 2 or higher"."""

    DEPARTMENT = "1", "一级·部门办理"  # 高效事项办理: the lead department works it
    LEADER = "2", "二级·领导督办"  # 精准问题处置: the responsible district leader is told and directs
    MEETING = "3", "三级·调度会"  # 跟踪预警服务: tracked on the next scheduling meeting's agenda


NEXT_LEVEL = {Level.DEPARTMENT: Level.LEADER, Level.LEADER: Level.MEETING}


class ReplyOutcome(models.TextChoices):
    SOLVED = "solved", "已解决"  # the department says the problem is solved
    EXPLAINED = "explained", "已解释说明"  # cannot be solved now; the department explained why


def problem_scope(user) -> Q:
    """The problems and action items ``user`` may see.

    Leaders and coordinators see all; an enterprise sees the problems of its own enterprise and
    projects (not the government's internal action items); a department sees what it is or was
    assigned, as lead or co-department; park staff see their park's; a 包保 official sees those
    of the projects and enterprises they are responsible for; everyone sees what they filed.
    """
    if not access.is_active(user):
        return access.NOTHING
    if access.sees_everything(user):
        return Q()
    if access.is_enterprise_user(user):
        if not user.enterprise_id:
            return access.NOTHING
        own = Q(enterprise_id=user.enterprise_id) | Q(project__enterprise_id=user.enterprise_id)
        return own & Q(kind=ProblemKind.PROBLEM)
    scope = Q(filed_by=user) | Q(project__responsible_official=user) | Q(enterprise__responsible_official=user)
    if access.department_of(user):
        assigned = ProblemAssignment.objects.filter(department_id=access.department_of(user)).values("problem_id")
        scope |= Q(pk__in=assigned)
    if access.park_of(user):
        scope |= Q(project__park_id=access.park_of(user)) | Q(enterprise__park_id=access.park_of(user))
    return scope


class ProblemQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(problem_scope(user))

    def overdue(self, now=None):
        return self.filter(status__in=OPEN_STATUSES, deadline__lt=now or timezone.now())


class Problem(models.Model):
    kind = models.CharField("类型", max_length=20, choices=ProblemKind.choices, default=ProblemKind.PROBLEM)
    code = models.CharField("编号", max_length=20, unique=True, blank=True)
    title = models.CharField("问题摘要", max_length=100)
    description = models.TextField("问题描述")
    category = models.ForeignKey(ProblemCategory, verbose_name="问题类别", on_delete=models.PROTECT,
                                 related_name="problems")
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="problems")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="problems")
    meeting = models.ForeignKey("Meeting", verbose_name="来源会议", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="action_items")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True,
                                 on_delete=models.SET_NULL, related_name="problems_filed")
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    status = models.CharField("状态", max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.SUBMITTED)
    level = models.CharField("保障层级", max_length=1, choices=Level.choices, default=Level.DEPARTMENT)
    lead_department = models.ForeignKey("accounts.Organisation", verbose_name="牵头部门", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="problems_led")
    working_days = models.PositiveSmallIntegerField("办理时限（工作日）", null=True, blank=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    accept_due = models.DateTimeField("报到期限", null=True, blank=True)
    accepted_at = models.DateTimeField("报到时间", null=True, blank=True)
    deadline = models.DateTimeField("办理期限", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    escalate_after = models.DateTimeField(
        "升级时点", null=True, blank=True, db_index=True,
        help_text="仍未处理完毕且过了这个时点，定时任务把问题升一级（报到期限、办理期限、领导督办期限）",
    )
    due_soon_notified_at = models.DateTimeField("临期提醒时间", null=True, blank=True)
    overdue_notified_at = models.DateTimeField("逾期提醒时间", null=True, blank=True)
    reply = models.TextField("答复内容", blank=True)
    reply_outcome = models.CharField("办理结果", max_length=20, choices=ReplyOutcome.choices, blank=True)
    rating = models.PositiveSmallIntegerField("满意度评分", null=True, blank=True)
    solved = models.BooleanField("提交人确认已解决", null=True, blank=True)
    confirm_comment = models.CharField("评价意见", max_length=300, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重新办理次数", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = "问题与交办事项"
        verbose_name_plural = "问题与交办事项"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["level"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="problem_rating_1_to_5"),
            models.CheckConstraint(
                condition=models.Q(kind=ProblemKind.ACTION_ITEM) | models.Q(project__isnull=False)
                | models.Q(enterprise__isnull=False),
                name="problem_has_project_or_enterprise",
            ),
        ]

    @property
    def is_action_item(self) -> bool:
        """A task handed down by a meeting (正向交办), not a problem filed from below."""
        return self.kind == ProblemKind.ACTION_ITEM

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def subject(self):
        """What the problem is about, as a list shows it: the project, or else the enterprise."""
        return self.project or self.enterprise

    def is_overdue(self, now=None):
        return self.status in OPEN_STATUSES and self.deadline is not None and self.deadline < (now or timezone.now())

    @property
    def responsible_official(self):
        """The 包保 leader who directs at level 2: the project's, or else the enterprise's."""
        if self.project_id and self.project.responsible_official_id:
            return self.project.responsible_official
        if self.enterprise_id:
            return self.enterprise.responsible_official
        return None


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "牵头"  # answers for the problem: reports in, works it, replies
    CO = "co", "协办"  # helps the lead department; sees the problem and its timeline


class ProblemAssignment(models.Model):
    """One department's turn with a problem: the clocks it was given and how it did.

    A reassignment or hand-back ends the turn (``ended_at``) and a new one starts, so the
    scorecards judge each department on its own turns.
    """

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey("accounts.Organisation", verbose_name="部门", on_delete=models.PROTECT,
                                   related_name="problem_assignments")
    role = models.CharField("角色", max_length=10, choices=AssignmentRole.choices)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="交办人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField("交办时间")
    accept_due = models.DateTimeField("报到期限", null=True, blank=True)
    deadline = models.DateTimeField("办理期限", null=True, blank=True)
    accepted_at = models.DateTimeField("报到时间", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    went_overdue = models.BooleanField("曾逾期", default=False)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=300, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    solved = models.BooleanField("确认已解决", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("满意度评分", null=True, blank=True)

    class Meta:
        verbose_name = "交办记录"
        verbose_name_plural = "交办记录"
        ordering = ["assigned_at", "pk"]
        indexes = [models.Index(fields=["department", "role", "assigned_at"])]
        constraints = [
            models.UniqueConstraint(fields=["problem"], condition=models.Q(role="lead", ended_at__isnull=True),
                                    name="one_active_lead_per_problem"),
        ]

    def __str__(self):
        return f"{self.problem} → {self.department}（{self.get_role_display()}）"


class EventKind(models.TextChoices):
    FILED = "filed", "提交问题"
    DECIDED = "decided", "会议交办"
    ASSIGNED = "assigned", "交办"
    REASSIGNED = "reassigned", "重新交办"
    ACCEPTED = "accepted", "报到"
    STARTED = "started", "开始办理"
    REPLIED = "replied", "答复"
    REOPENED = "reopened", "退回重办"
    CONFIRMED = "confirmed", "确认办结"
    HANDED_BACK = "handed_back", "反向交办"
    ESCALATED = "escalated", "升级"
    DIRECTED = "directed", "领导批示"
    DUE_SOON = "due_soon", "临期提醒"
    OVERDUE = "overdue", "逾期"
    ON_AGENDA = "on_agenda", "列入调度会议题"


class ProblemEvent(models.Model):
    """Append-only timeline of a problem: who, when, from and to which status and level, and why."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    source = source_field()
    from_status = models.CharField("原状态", max_length=20, choices=ProblemStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=ProblemStatus.choices, blank=True)
    from_level = models.CharField("原层级", max_length=1, choices=Level.choices, blank=True)
    to_level = models.CharField("新层级", max_length=1, choices=Level.choices, blank=True)
    department = models.ForeignKey("accounts.Organisation", verbose_name="相关部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("原因/内容", blank=True)
    details = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "问题办理记录"
        verbose_name_plural = "问题办理记录"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.problem.code} {self.get_kind_display()}"


def attachment_path(instance, filename):
    return f"problem-attachments/{instance.problem_id}/{filename}"


class Attachment(models.Model):
    """A file filed with a problem or a reply; served only to those who may see the problem."""

    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(ProblemEvent, verbose_name="随附于", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class MeetingKind(models.TextChoices):
    SCHEDULING = "scheduling", "调度会"  # the regular meeting that goes through projects and escalated problems
    ON_SITE = "on_site", "现场办公"  # leaders meet at a project's site to settle its problems there


class Meeting(models.Model):
    kind = models.CharField("类型", max_length=20, choices=MeetingKind.choices, default=MeetingKind.SCHEDULING)
    title = models.CharField("会议名称", max_length=100)
    held_at = models.DateTimeField("时间")
    place = models.CharField("地点", max_length=100)
    chaired_by = models.CharField("主持人", max_length=50, blank=True)
    attendees = models.TextField("参会人员", blank=True, help_text="参会领导和单位，每行一个或用顿号分隔")
    projects = models.ManyToManyField("projects.Project", verbose_name="研究的项目", blank=True,
                                      related_name="meetings")
    agenda = models.ManyToManyField(Problem, verbose_name="研究的问题（议题）", blank=True,
                                    related_name="agenda_meetings")
    minutes = models.TextField("会议纪要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "调度会/现场办公"
        verbose_name_plural = "调度会/现场办公"
        ordering = ["-held_at", "-pk"]

    def __str__(self):
        return self.title


class MeetingEventKind(models.TextChoices):
    CREATED = "created", "登记会议"  # the meeting was recorded with its projects and agenda
    EDITED = "edited", "修改会议"  # minutes, attendees, time or place changed
    AGENDA = "agenda", "议题变更"  # a problem was put on (or taken off) its agenda


class MeetingEvent(models.Model):
    """Append-only history of a meeting record: minutes and attendees are completed afterwards, by whom."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=MeetingEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    source = source_field()
    changes = models.JSONField("变更内容", default=list, blank=True)

    class Meta:
        verbose_name = "会议记录变更"
        verbose_name_plural = "会议记录变更"
        ordering = ["-created_at", "-pk"]

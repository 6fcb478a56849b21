import datetime as dt

from django import forms
from django.utils import timezone

from tuijin.accounts import access
from tuijin.accounts.access import can_file_problem, project_scope
from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.enterprises.models import Enterprise
from tuijin.lib.params import FIRST_YEAR, LAST_YEAR
from tuijin.projects.models import Project

from . import attachments
from .actions import MAX_WORKDAYS
from .models import Level, Meeting, ProblemCategory, ProblemKind, ProblemStatus, ReplyOutcome, Urgency


CHECK = {"class": "form-check-input"}


def _control(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple,
                               forms.HiddenInput)):
            continue
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


def departments():
    return Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, each checked by ``attachments.check`` (type by name and content, size)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "附件")
        kwargs.setdefault("help_text", f"{attachments.ALLOWED_LABEL}，每个不超过上限，最多 {attachments.MAX_FILES} 个")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if len(uploads) > attachments.MAX_FILES:
            raise forms.ValidationError(f"一次最多上传 {attachments.MAX_FILES} 个附件。")
        errors = []
        for upload in uploads:
            try:
                attachments.check(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return uploads


def filing_targets(user, preselected=None):
    """(value, label) choices of what ``user`` may file a problem about: ``project:ID`` or ``enterprise:ID``.

    An enterprise lists its projects and itself; a 包保 official and park staff list theirs;
    a coordinator, who may file for anything, starts from a project page (``preselected``).
    """
    projects = Project.objects.none()
    enterprises = Enterprise.objects.none()
    if access.enterprise_of(user):
        projects = Project.objects.filter(enterprise_id=access.enterprise_of(user))
        enterprises = Enterprise.objects.filter(pk=access.enterprise_of(user))
    elif not access.is_coordinator(user):
        projects = Project.objects.filter(responsible_official=user)
        enterprises = Enterprise.objects.filter(responsible_official=user)
        if access.park_of(user):
            projects = projects | Project.objects.filter(park_id=access.park_of(user))
            enterprises = enterprises | Enterprise.objects.filter(park_id=access.park_of(user))
    choices = [(f"project:{p.pk}", f"项目：{p.name}（{p.code}）") for p in projects.order_by("name")[:500]]
    choices += [(f"enterprise:{e.pk}", f"企业：{e.name}") for e in enterprises.order_by("name")[:500]]
    if preselected is not None and not any(value == preselected[0] for value, _ in choices):
        choices.insert(0, preselected)
    return choices


def resolve_target(user, value):
    """The project or enterprise behind a ``target`` value, if ``user`` may file for it (else None, None)."""
    kind, _, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None, None
    if kind == "project":
        project = Project.objects.filter(project_scope(user), pk=pk).select_related("enterprise").first()
        if project and can_file_problem(user, project=project):
            return project, None
    if kind == "enterprise":
        enterprise = Enterprise.objects.visible_to(user).filter(pk=pk).first()
        if enterprise and can_file_problem(user, enterprise=enterprise):
            return None, enterprise
    return None, None


class ProblemForm(forms.Form):
    target = forms.ChoiceField(label="涉及项目或企业")
    category = forms.ModelChoiceField(label="问题类别", queryset=ProblemCategory.objects.filter(is_active=True),
                                      empty_label="请选择类别")
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    title = forms.CharField(label="问题摘要", max_length=100,
                            widget=forms.TextInput(attrs={"placeholder": "一句话说明问题，如：厂区供电线路迟迟未接入"}))
    description = forms.CharField(label="问题描述", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text="现状、卡在哪个环节、希望协调解决什么、时间要求")
    files = AttachmentsField()

    def __init__(self, *args, user, preselected=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["target"].choices = [("", "请选择")] + filing_targets(user, preselected)
        _control(self)

    def clean_target(self):
        project, enterprise = resolve_target(self.user, self.cleaned_data["target"])
        if project is None and enterprise is None:
            raise forms.ValidationError("请选择您可以为其反映问题的项目或企业。")
        self.cleaned_data["project"], self.cleaned_data["enterprise"] = project, enterprise
        return self.cleaned_data["target"]

    def problem_data(self):
        return {name: self.cleaned_data.get(name) for name in
                ("title", "description", "category", "urgency", "project", "enterprise")}


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(label="牵头部门", queryset=departments(), empty_label="请选择牵头部门")
    co_departments = forms.ModelMultipleChoiceField(label="协办部门", queryset=departments(), required=False,
                                                    widget=forms.CheckboxSelectMultiple(attrs=CHECK))
    working_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=MAX_WORKDAYS, initial=5,
                                      help_text="按法定工作日计算，节假日顺延、调休上班日计入")
    note = forms.CharField(label="交办意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)

    def clean(self):
        data = super().clean()
        lead, co = data.get("lead"), data.get("co_departments") or []
        if lead and lead in co:
            self.add_error("co_departments", "牵头部门不必再选为协办部门。")
        return data


class BulkAssignForm(AssignForm):
    """交办 of the problems ticked on the list: the single form's fields, plus when the list was shown."""

    since = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["working_days"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["lead"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["note"].widget = forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                           "placeholder": "交办意见（可选）"})


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果", choices=ReplyOutcome.choices, widget=forms.RadioSelect(attrs=CHECK),
                                initial=ReplyOutcome.SOLVED)
    reply = forms.CharField(label="答复内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text="办理过程、结果；未能解决的，说明原因和下一步安排")
    files = AttachmentsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写原因"})

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        _control(self)


RATINGS = [(5, "5 分 很满意"), (4, "4 分 满意"), (3, "3 分 基本满意"), (2, "2 分 不太满意"), (1, "1 分 不满意")]


class ConfirmForm(forms.Form):
    solved = forms.TypedChoiceField(label="问题是否已实际解决", choices=[("yes", "已解决"), ("no", "未解决")],
                                    coerce=lambda value: value == "yes", widget=forms.RadioSelect(attrs=CHECK),
                                    initial="yes")
    rating = forms.TypedChoiceField(label="满意度评分", choices=RATINGS, coerce=int,
                                    widget=forms.RadioSelect(attrs=CHECK),
                                    error_messages={"invalid_choice": "满意度评分应为 1—5 分"})
    comment = forms.CharField(label="评价意见", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)


class ProblemFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False,
                        widget=forms.TextInput(attrs={"placeholder": "编号、摘要、项目或企业", "type": "search"}))
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态")] + ProblemStatus.choices)
    level = forms.ChoiceField(label="层级", required=False, choices=[("", "全部层级")] + Level.choices)
    category = forms.ModelChoiceField(label="类别", required=False, queryset=ProblemCategory.objects.all(),
                                      empty_label="全部类别")
    department = forms.ModelChoiceField(label="牵头部门", required=False, queryset=departments(),
                                        empty_label="全部部门")
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "问题和交办事项")] + ProblemKind.choices)
    overdue = forms.BooleanField(label="只看逾期", required=False)
    mine = forms.ChoiceField(label="范围", required=False,
                             choices=[("1", "交办给本部门的（牵头或协办）"), ("0", "本部门经办过的全部")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "held_at", "place", "chaired_by", "attendees", "minutes"]
        widgets = {
            "held_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("held_at"):
            start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
            self.initial["held_at"] = start
        _control(self)


class DecisionForm(forms.Form):
    title = forms.CharField(label="议定事项", max_length=100)
    description = forms.CharField(label="具体要求", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ModelChoiceField(label="类别", queryset=ProblemCategory.objects.filter(is_active=True),
                                      empty_label="请选择类别")
    project = forms.ModelChoiceField(label="涉及项目", queryset=Project.objects.none(), required=False,
                                     empty_label="（不涉及具体项目）")
    lead = forms.ModelChoiceField(label="责任部门（牵头）", queryset=departments(), empty_label="请选择")
    co_departments = forms.ModelMultipleChoiceField(label="配合部门", queryset=departments(), required=False,
                                                    widget=forms.CheckboxSelectMultiple(attrs=CHECK))
    working_days = forms.IntegerField(label="完成时限（工作日）", min_value=1, max_value=MAX_WORKDAYS, initial=10)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = meeting.projects.all()
        _control(self)

    def item_data(self):
        data = {name: self.cleaned_data.get(name) for name in ("title", "description", "category", "project")}
        return data | {"enterprise": None}


class ScorecardFilterForm(forms.Form):
    start = forms.DateField(label="自", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="至", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        defaults = {"start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}
        merged = defaults | {key: value for key, value in (data or {}).items() if key in defaults and value}
        super().__init__(merged, **kwargs)
        _control(self)

    def clean(self):
        """A period the calendar can count in: 9999-12-31 is a date, but the day after it is not (500)."""
        data = super().clean()
        for name in ("start", "end"):
            if data.get(name) and not dt.date(FIRST_YEAR, 1, 1) <= data[name] <= dt.date(LAST_YEAR, 12, 31):
                self.add_error(name, f"日期须在 {FIRST_YEAR}—{LAST_YEAR} 年之间")
        return data

    def period(self):
        if self.is_valid() and self.cleaned_data["start"] <= self.cleaned_data["end"]:
            return self.cleaned_data["start"], self.cleaned_data["end"]
        today = timezone.localdate()
        return today.replace(month=1, day=1), today


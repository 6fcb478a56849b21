from django import forms
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from tuijin.accounts import access
from tuijin.accounts.models import Organisation, OrganisationKind, User
from tuijin.enterprises.models import Enterprise
from tuijin.lib.project_code import national_code_problem

from . import attachments, lifecycle, search
from .models import AttachmentKind, Category, Level, Milestone, Project, SizeBand, Stage, actual_field, planned_field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


MILESTONE_FIELDS = [name for m in Milestone for name in (planned_field(m), actual_field(m))]
FACT_FIELDS = [
    "code", "national_code", "name", "enterprise", "park", "industry_chain", "category", "level",
    "total_investment", "description",
]
RESPONSIBILITY_FIELDS = [
    "responsible_official", "responsible_unit", "latitude", "longitude", "construction_permit_no",
    "stats_filed_on", "stats_code",
]
EDITABLE_FIELDS = [*FACT_FIELDS, *RESPONSIBILITY_FIELDS, *MILESTONE_FIELDS]


class ProjectForm(forms.ModelForm):
    """Master data of a project. The stage is not edited here: it moves only through the lifecycle."""

    class Meta:
        model = Project
        fields = EDITABLE_FIELDS
        widgets = {name: DateInput() for name in [*MILESTONE_FIELDS, "stats_filed_on"]} | {
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = "留空则自动生成"
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).only("id", "name")
        self.fields["park"].queryset = Organisation.objects.filter(kind=OrganisationKind.PARK)
        if access.park_of(user):
            self.fields["park"].queryset = self.fields["park"].queryset.filter(pk=access.park_of(user))
            self.fields["park"].required = True
        self.fields["responsible_unit"].queryset = Organisation.objects.exclude(kind=OrganisationKind.DISTRICT)
        self.fields["responsible_official"].queryset = User.objects.filter(access.official_choices())
        for milestone in Milestone:
            # An actual date is first recorded by the stage change that needs it as evidence;
            # here it can only be corrected.
            name = actual_field(milestone)
            if not getattr(self.instance, name):
                self.fields[name].disabled = True
                self.fields[name].help_text = "推进阶段时填写"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def sections(self):
        """The fields grouped as the page shows them; milestone dates come as (label, planned, actual) rows."""
        return {
            "facts": [self[name] for name in FACT_FIELDS],
            "responsibility": [self[name] for name in RESPONSIBILITY_FIELDS],
            "dates": [(m.label, self[planned_field(m)], self[actual_field(m)]) for m in Milestone],
        }

    def changed_values(self):
        """The cleaned values of the fields a person may change, for ``actions.update_project``."""
        return {name: value for name, value in self.cleaned_data.items() if not self.fields[name].disabled}

    def clean_national_code(self):
        value = self.cleaned_data["national_code"].strip()
        if value:
            problem = national_code_problem(value)
            if problem:
                raise forms.ValidationError(problem)
        return value

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        if value is not None and not 3 <= value <= 54:
            raise forms.ValidationError("纬度应在 3 到 54 之间（中国境内）")
        return value

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        if value is not None and not 73 <= value <= 136:
            raise forms.ValidationError("经度应在 73 到 136 之间（中国境内）")
        return value

    def clean(self):
        data = super().clean()
        for name, message in list(lifecycle.date_order_problems(dict(data), timezone.localdate())):
            self.add_error(name, message)
        return data


SORTS = {
    "investment": ("-total_investment", "总投资从高到低"),
    "-investment": ("total_investment", "总投资从低到高"),
    "name": ("name", "项目名称"),
    "start": ("planned_start_date", "计划开工日期"),
    "updated": ("-updated_at", "最近更新"),
}


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False,
                        widget=forms.TextInput(attrs={"placeholder": "项目名称、编号、统一代码或企业"}))
    stage = forms.ChoiceField(label="阶段", required=False, choices=[("", "全部阶段"), *Stage.choices])
    park = forms.ModelChoiceField(label="园区", required=False, empty_label="全部园区",
                                  queryset=Organisation.objects.filter(kind=OrganisationKind.PARK))
    level = forms.ChoiceField(label="级别", required=False, choices=[("", "全部级别"), *Level.choices])
    category = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *Category.choices])
    size = forms.ChoiceField(label="规模", required=False, choices=[("", "全部规模"), *SizeBand.choices])
    sort = forms.ChoiceField(label="排序", required=False, choices=[(k, v[1]) for k, v in SORTS.items()])
    # At a city or province level: the projects of one reporting district (its parks), from 数据上报's drill-down.
    district = forms.ModelChoiceField(label="区县", required=False, empty_label="全部区县",
                                      queryset=Organisation.objects.filter(kind=OrganisationKind.DISTRICT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def apply(self, queryset):
        from django.db.models import Q

        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            term = data["q"].strip()
            # The enterprise match is a subquery or an id list, not a join: the count and the page stay one
            # table wide; both halves read a trigram index where the database has one (``search``).
            match = search.name_match(term)
            if term.isascii():  # codes are ASCII: a Chinese term cannot be in them
                match |= Q(code__icontains=term) | Q(national_code__icontains=term)
            queryset = queryset.filter(match)
        if data["stage"]:
            queryset = queryset.filter(stage=data["stage"])
        if data["park"]:
            queryset = queryset.filter(park=data["park"])
        if data.get("district"):
            parks = Organisation.objects.filter(parent=data["district"], kind=OrganisationKind.PARK).values("pk")
            queryset = queryset.filter(park_id__in=parks)
        if data["level"]:
            queryset = queryset.filter(level=data["level"])
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["size"]:
            queryset = queryset.filter(total_investment__gte=SizeBand(data["size"]).minimum)
        field = SORTS.get(data["sort"] or "investment")[0]
        # Projects without the value go last on every database (SQLite and PostgreSQL disagree otherwise).
        order = F(field[1:]).desc(nulls_last=True) if field.startswith("-") else F(field).asc(nulls_last=True)
        return queryset.order_by(order, "pk")


class TransitionForm(forms.Form):
    """Evidence for one stage change; only the fields the target stage needs are shown."""

    target = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label="实际日期", required=False, widget=DateInput(attrs={"class": "form-control"}))
    permit_no = forms.CharField(label="施工许可证号", required=False, max_length=50,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    reason = forms.CharField(label="原因 / 说明", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def __init__(self, *args, shown=(), date_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date", "permit_no", "reason"):
            if name not in shown:
                del self.fields[name]
        if date_label and "date" in self.fields:
            self.fields["date"].label = date_label


class AttachmentForm(forms.Form):
    """A document filed with a project: its type, title, number, date and the file (checked by its bytes)."""

    kind = forms.ChoiceField(label="类型", choices=AttachmentKind.choices)
    title = forms.CharField(label="文件名称", max_length=150, required=False, help_text="不填则用文件名")
    document_no = forms.CharField(label="文号", max_length=100, required=False)
    document_date = forms.DateField(label="日期", required=False, widget=DateInput())
    file = forms.FileField(label="文件")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = attachments.ACCEPT
        self.fields["file"].help_text = f"{attachments.ALLOWED_LABEL}，不超过 {settings.PROJECTS_MAX_ATTACHMENT_MB} MB"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        attachments.check(upload)
        return upload

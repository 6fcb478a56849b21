"""Forms of the promotion pages; amounts in 万元. Each form only collects: the rules live in ``pipeline``/``actions``."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from tuijin.accounts import access
from tuijin.accounts.models import Organisation, OrganisationKind, User
from tuijin.enterprises.models import Industry
from tuijin.lib.uscc import normalise as normalise_uscc
from tuijin.projects.forms import DateInput
from tuijin.projects.models import Project, Stage

from .models import (
    PIPELINE, Activity, CapitalSource, ChainSegment, ContractKind, IndustryChain, Lead, LeadEvent, LeadEventKind,
    LeadSource, LeadStage, Metric, PeriodKind, TargetCompany,
)
from .periods import Period


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.HiddenInput, forms.CheckboxSelectMultiple)):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def _parks():
    return Organisation.objects.filter(kind=OrganisationKind.PARK)


def _promotion_units():
    return Organisation.objects.filter(kind__in=[OrganisationKind.PARK, OrganisationKind.BUREAU])


def _segment_choices():
    return ChainSegment.objects.select_related("chain").order_by("chain__sort_order", "chain__name", "order")


class SegmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.chain.name} · {obj.name}（{obj.get_position_display()}）"


class LeadForm(forms.ModelForm):
    """A lead's facts. Park staff register leads for their own park."""

    segment = SegmentChoiceField(label="环节", queryset=ChainSegment.objects.none(), required=False)

    class Meta:
        model = Lead
        fields = ["name", "company_name", "company_uscc", "company_location", "industry", "source", "chain",
                  "segment", "target_company", "expected_investment", "park", "unit", "owner", "next_step",
                  "next_step_on", "note"]
        widgets = {"next_step_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = _segment_choices()
        self.fields["chain"].queryset = IndustryChain.objects.all()
        self.fields["target_company"].queryset = TargetCompany.objects.select_related("segment")
        self.fields["industry"].queryset = Industry.objects.filter(code__regex=r"^\d{2}$")
        self.fields["park"].queryset = _parks()
        self.fields["unit"].queryset = _promotion_units()
        self.fields["owner"].queryset = User.objects.filter(access.lead_owner_choices(user))
        if access.park_of(user):
            self.fields["park"].queryset = _parks().filter(pk=access.park_of(user))
            self.fields["park"].required = True
        if not self.instance.pk and user is not None:
            self.initial.setdefault("unit", user.organisation_id)
            self.initial.setdefault("owner", user.pk)
            if access.park_of(user):
                self.initial.setdefault("park", access.park_of(user))
        _style(self)

    def clean_company_uscc(self):
        value = normalise_uscc(self.cleaned_data.get("company_uscc") or "")
        if value:
            from tuijin.lib.uscc import uscc_problem

            problem = uscc_problem(value)
            if problem:
                raise forms.ValidationError(problem)
        return value

    def clean(self):
        data = super().clean()
        chain, segment = data.get("chain"), data.get("segment")
        if segment and chain and segment.chain_id != chain.pk:
            self.add_error("segment", f"环节“{segment.name}”不属于产业链“{chain.name}”")
        if segment and not chain:
            data["chain"] = segment.chain
        if data.get("expected_investment") is not None and data["expected_investment"] < 0:
            self.add_error("expected_investment", "预计投资不能为负数")
        return data


class LeadFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "企业、项目或编号"}))
    stage = forms.ChoiceField(label="阶段", required=False, choices=[("", "全部阶段"), *LeadStage.choices])
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部来源"), *LeadSource.choices])
    chain = forms.ModelChoiceField(label="产业链", required=False, queryset=IndustryChain.objects.all(),
                                   empty_label="全部产业链")
    park = forms.ModelChoiceField(label="园区", required=False, queryset=Organisation.objects.none(),
                                  empty_label="全部园区")
    owner = forms.ModelChoiceField(label="负责人", required=False, queryset=User.objects.none(),
                                   empty_label="全部负责人")
    reached = forms.ChoiceField(label="曾达到", required=False,
                                choices=[("", "曾达到阶段"), *[(s.value, s.label) for s in PIPELINE]])
    unit = forms.ModelChoiceField(label="单位", required=False, queryset=Organisation.objects.none(),
                                  widget=forms.HiddenInput)
    cohort = forms.IntegerField(label="登记年度", required=False, min_value=2000, max_value=2100,
                                widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = _parks()
        self.fields["unit"].queryset = Organisation.objects.exclude(kind=OrganisationKind.DEPARTMENT)
        self.fields["owner"].queryset = User.objects.filter(leads_owned__isnull=False).distinct()
        _style(self)

    def apply(self, queryset):
        from .calculations import leads_of, reached_q

        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            term = data["q"].strip()
            queryset = queryset.filter(Q(name__icontains=term) | Q(company_name__icontains=term)
                                       | Q(code__icontains=term))
        for name in ("stage", "source", "chain", "park", "owner"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        if data["reached"]:
            queryset = queryset.filter(reached_q(data["reached"]))
        if data["unit"]:
            queryset = queryset.filter(leads_of(data["unit"]))
        if data["cohort"]:
            queryset = queryset.filter(pk__in=LeadEvent.objects.filter(
                kind__in=[LeadEventKind.CREATED, LeadEventKind.IMPORTED], occurred_on__year=data["cohort"],
            ).values("lead_id"))
        return queryset


class MoveForm(forms.Form):
    """The evidence a stage move needs; only the fields of ``shown`` are kept."""

    date = forms.DateField(label="日期", widget=DateInput())
    reason = forms.CharField(label="原因 / 说明", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    agreed_investment = forms.DecimalField(label="协议投资额（万元）", max_digits=14, decimal_places=2)
    capital_source = forms.ChoiceField(label="资金来源", choices=CapitalSource.choices)
    contract_title = forms.CharField(label="协议名称", max_length=150, required=False)
    company_name = forms.CharField(label="本地注册企业名称", max_length=120)
    uscc = forms.CharField(label="统一社会信用代码", max_length=30, help_text="18位，含校验位")
    industry = forms.ModelChoiceField(label="所属行业", queryset=Industry.objects.none(), required=False,
                                      help_text="企业尚未在企业库中时必填")
    project = forms.ModelChoiceField(label="关联已有项目", queryset=Project.objects.none(), required=False,
                                     empty_label="（新建项目）", help_text="项目库中已有该项目时选择，否则自动新建")

    def __init__(self, *args, shown=(), date_label="日期", projects=None, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in shown:
                del self.fields[name]
        if "date" in self.fields:
            self.fields["date"].label = date_label
            self.initial.setdefault("date", timezone.localdate())
        if "reason" in self.fields:
            self.fields["reason"].required = reason_required
        if "industry" in self.fields:
            self.fields["industry"].queryset = Industry.objects.filter(code__regex=r"^\d{2}$")
        if "project" in self.fields:
            self.fields["project"].queryset = (projects if projects is not None else Project.objects.none()).filter(
                stage__in=[Stage.PLANNING, Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED, Stage.PREPARATION,
                           Stage.CONSTRUCTION]).order_by("name")
        _style(self)


class ContractForm(forms.Form):
    kind = forms.ChoiceField(label="协议类型", choices=[(k.value, k.label) for k in ContractKind
                                                       if k != ContractKind.INITIAL])
    signed_on = forms.DateField(label="签约日期", widget=DateInput())
    agreed_investment = forms.DecimalField(label="协议投资额（万元）", max_digits=14, decimal_places=2, min_value=0,
                                           help_text="增资扩产填写增资后的协议总额，系统只计增量")
    capital_source = forms.ChoiceField(label="资金来源", choices=CapitalSource.choices)
    title = forms.CharField(label="协议名称", max_length=150, required=False)

    def __init__(self, *args, allow_initial=False, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_initial:
            self.fields["kind"].choices = ContractKind.choices
        _style(self)


class FundArrivalForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", min_value=1, max_value=12,
                               error_messages={"min_value": "月份应为1—12", "max_value": "月份应为1—12"})
    domestic = forms.DecimalField(label="到位内资（万元）", max_digits=14, decimal_places=2, min_value=0,
                                  initial=0, error_messages={"min_value": "到位资金不能为负数"})
    foreign = forms.DecimalField(label="到位外资（万元）", max_digits=14, decimal_places=2, min_value=0,
                                 initial=0, error_messages={"min_value": "到位资金不能为负数"})
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "held_on", "location", "unit", "participants", "companies_met", "outcome",
                  "leads", "chains"]
        widgets = {"held_on": DateInput(), "companies_met": forms.Textarea(attrs={"rows": 3}),
                   "outcome": forms.Textarea(attrs={"rows": 3}), "chains": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, leads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = leads if leads is not None else Lead.objects.none()
        self.fields["leads"].widget.attrs["size"] = 6
        self.fields["unit"].queryset = _promotion_units()
        if access.park_of(user):
            self.fields["unit"].queryset = _promotion_units().filter(pk=access.park_of(user))
            self.fields["unit"].required = True
        if not self.instance.pk and user is not None:
            self.initial.setdefault("unit", user.organisation_id)
            self.initial.setdefault("held_on", timezone.localdate())
        _style(self)

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("活动日期不能晚于今天；计划中的活动请在开展后登记")
        return value


class TargetForm(forms.Form):
    period_kind = forms.ChoiceField(label="期间类型", choices=PeriodKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    number = forms.IntegerField(label="季度 / 月份", min_value=1, max_value=12, required=False,
                                help_text="季度填1—4，月份填1—12；年度目标不填")
    unit = forms.ModelChoiceField(label="单位", queryset=Organisation.objects.none())
    metric = forms.ChoiceField(label="指标", choices=Metric.choices)
    value = forms.DecimalField(label="目标值", max_digits=14, decimal_places=2, min_value=0,
                               help_text="个数；金额指标以万元计")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organisation.objects.exclude(kind=OrganisationKind.DEPARTMENT)
        _style(self)

    def clean(self):
        data = super().clean()
        kind, number, year = data.get("period_kind"), data.get("number"), data.get("year")
        if not kind or not year:
            return data
        if kind == PeriodKind.YEAR:
            data["period"] = Period.year(year)
        elif kind == PeriodKind.QUARTER:
            if number is None or not 1 <= number <= 4:
                self.add_error("number", "季度目标请填写季度（1—4）")
            else:
                data["period"] = Period.quarter(year, number)
        elif number is None:
            self.add_error("number", "月度目标请填写月份（1—12）")
        else:
            data["period"] = Period.month(year, number)
        return data

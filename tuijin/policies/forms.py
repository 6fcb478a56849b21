import datetime as dt

import yaml
from django import forms
from django.utils import timezone

from tuijin.lib import params

from .models import Clause
from .rules import problems


def rule_from_yaml(text: str) -> dict:
    """A rule typed as YAML, or a ValidationError naming the line and column of a YAML mistake."""
    try:
        definition = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        raise forms.ValidationError(f"YAML 格式错误{where}：{getattr(error, 'problem', '') or error}") from error
    if not isinstance(definition, dict):
        raise forms.ValidationError("规则须是一个 YAML 映射（eligibility、benefit …）。")
    return definition


class ClauseForm(forms.ModelForm):
    """A clause with its rule written as YAML; the rule is checked before anything is saved."""

    rule = forms.CharField(label="规则（YAML）", widget=forms.Textarea(attrs={"rows": 22, "class": "form-control font-monospace",
                                                                          "spellcheck": "false"}))

    class Meta:
        model = Clause
        fields = ["title", "reference", "description", "how_to_apply", "automatic", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "how_to_apply": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["rule"].initial = yaml.safe_dump(self.instance.definition, allow_unicode=True,
                                                         sort_keys=False, width=110)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            else:
                field.widget.attrs.setdefault("class", "form-control")

    def clean_rule(self):
        definition = rule_from_yaml(self.cleaned_data["rule"])
        messages = problems(definition, self.instance.policy.valid_from if self.instance.policy_id else None)
        if messages:
            raise forms.ValidationError(messages)
        return definition

    def clause_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["definition"] = self.cleaned_data["rule"]
        return data


class RunForm(forms.Form):
    data_year = forms.IntegerField(label="数据年度", min_value=2000,
                                   widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    as_of = forms.DateField(label="测算基准日", widget=forms.DateInput(
        attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"))
    title = forms.CharField(label="批次名称", required=False, max_length=200,
                            widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                          "placeholder": "留空则自动命名"}))

    def clean_data_year(self):
        year = self.cleaned_data["data_year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError("数据年度不能晚于今年。")
        return year


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "通过"), ("exclude", "排除")])
    reason = forms.CharField(required=False, max_length=300)


def year_from(request, default: int) -> int:
    """The ``year`` query parameter, within sensible bounds."""
    return params.year(request.GET, default=default, low=2000, high=dt.date.today().year)

"""The audit page's search: record, user, period, door and action — each checked, with a Chinese message."""

from django import forms

from tuijin.lib.context import SOURCE_CHOICES

from . import registry
from .models import AuditAction

MAX_TEXT = 100


def model_choices():
    return [("", "全部数据类型")] + [(model._meta.label_lower, str(model._meta.verbose_name))
                                 for model in registry.registered_models()]


class AuditSearchForm(forms.Form):
    model = forms.ChoiceField(label="数据类型", required=False)
    pk = forms.CharField(label="记录编号", required=False, max_length=64,
                         error_messages={"max_length": "记录编号最多 %(limit_value)d 个字符。"})
    q = forms.CharField(label="记录名称或编码", required=False, max_length=MAX_TEXT,
                        error_messages={"max_length": "记录名称或编码最多 %(limit_value)d 个字符。"})
    user = forms.CharField(label="操作人", required=False, max_length=MAX_TEXT,
                           error_messages={"max_length": "操作人最多 %(limit_value)d 个字符。"})
    date_from = forms.DateField(label="起始日期", required=False,
                                error_messages={"invalid": "起始日期应为 年-月-日，如 2026-06-01。"},
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False,
                              error_messages={"invalid": "截止日期应为 年-月-日，如 2026-06-30。"},
                              widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部来源")] + SOURCE_CHOICES)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部操作")] + AuditAction.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = model_choices()
        for name in ("model", "source", "action"):
            self.fields[name].error_messages["invalid_choice"] = f"{self.fields[name].label}「%(value)s」不存在。"
        for name in ("pk", "q", "user"):
            self.fields[name].error_messages["null_characters_not_allowed"] = f"{self.fields[name].label}含有无效字符。"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return cleaned

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("model"):
            entries = entries.filter(model=data["model"])
        if data.get("pk"):
            entries = entries.filter(object_pk=data["pk"].strip())
        if data.get("q"):
            entries = entries.filter(object_repr__icontains=data["q"].strip())
        if data.get("user"):
            entries = entries.filter(actor_name__icontains=data["user"].strip())
        if data.get("date_from"):
            entries = entries.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(at__date__lte=data["date_to"])
        if data.get("source"):
            entries = entries.filter(source=data["source"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        return entries

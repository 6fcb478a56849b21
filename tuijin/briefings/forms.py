"""The 报表简报 page's forms: a month's briefing, a meeting's pack, a template upload."""

import datetime as dt
import re

from django import forms
from django.utils import timezone

from tuijin.coordination.models import Meeting

from .models import DocumentKind

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_choices(today=None, back=24):
    """This month and the ``back`` months before it, newest first, as (YYYY-MM, 2026年3月)."""
    today = today or timezone.localdate()
    year, month, choices = today.year, today.month, []
    for _ in range(back + 1):
        choices.append((f"{year}-{month:02d}", f"{year}年{month}月"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return choices


class MonthlyForm(forms.Form):
    month = forms.ChoiceField(label="月份", widget=forms.Select(attrs={"class": "form-select"}),
                              error_messages={"invalid_choice": "请选择近两年内的月份", "required": "请选择月份"})
    park = forms.ChoiceField(label="范围", required=False, widget=forms.Select(attrs={"class": "form-select"}),
                             error_messages={"invalid_choice": "不能生成这个园区的通报"})

    def __init__(self, *args, parks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parks = {str(park.pk): park for park in parks if park is not None}
        self.fields["month"].choices = month_choices()
        self.fields["month"].initial = self.fields["month"].choices[1][0]  # a briefing is for a finished month
        self.fields["park"].choices = [("", "全区")] * (None in parks) + [(key, park.label)
                                                                       for key, park in self.parks.items()]

    def clean_month(self):
        year, month = MONTH.match(self.cleaned_data["month"]).groups()
        return dt.date(int(year), int(month), 1)

    def clean_park(self):
        return self.parks.get(self.cleaned_data.get("park") or "")


class MeetingPackForm(forms.Form):
    meeting = forms.ModelChoiceField(label="会议", queryset=Meeting.objects.order_by("-held_at", "-pk"),
                                     widget=forms.Select(attrs={"class": "form-select"}), empty_label="请选择会议",
                                     error_messages={"invalid_choice": "没有这个会议", "required": "请选择会议"})


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label="模板", choices=DocumentKind.choices, widget=forms.Select(attrs={"class": "form-select"}))
    file = forms.FileField(label="模板文件（.docx）", error_messages={"required": "请选择要上传的模板文件"},
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx"}))
    note = forms.CharField(label="修改说明", max_length=300, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control"}))

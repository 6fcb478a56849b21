"""The paste/upload form and the edit form of a finding."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from tuijin.lib.files import check_upload

from . import sources
from .models import Finding

EVENTS = [("", "—")] + [(e, e) for e in ("签约", "落位", "开工", "在建", "封顶", "竣工", "投产", "达产")]


class SubmitForm(forms.Form):
    text = forms.CharField(label="粘贴新闻或公告全文", required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "placeholder": "可直接粘贴整页内容，导航、评论、版权信息会自动去除"}))
    upload = forms.FileField(label="或上传文件", required=False, help_text="支持 .html、.txt、.docx")
    published_on = forms.DateField(label="发布日期", required=False, help_text="留空则取页面上的发布日期，否则为今天",
                                   widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.URLField(label="原文链接", required=False, max_length=500, assume_scheme="https")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            check_upload(upload, signatures=sources.UPLOAD_SIGNATURES, allowed_label=sources.ALLOWED_LABEL,
                         max_mb=settings.INTEL_MAX_UPLOAD_MB)
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("upload"):
            raise ValidationError("请粘贴文章内容或选择一个文件。")
        return data

    def article_input(self) -> tuple[str, bool | None, str]:
        """(raw text, is_html, file name) from whichever was given; raises ValidationError for unreadable files."""
        upload = self.cleaned_data.get("upload")
        if upload:
            try:
                text, is_html = sources.file_text(upload.read(), upload.name)
            except sources.SourceError as error:
                raise ValidationError(str(error)) from None
            return text, is_html, upload.name
        return self.cleaned_data["text"], None, ""


class FindingForm(forms.ModelForm):
    event = forms.ChoiceField(label="事件", choices=EVENTS, required=False)

    class Meta:
        model = Finding
        fields = ["name", "company", "event", "event_date", "region", "investment", "currency", "output_value",
                  "land_area", "land_unit", "floor_area", "capacity"]

    def clean_event_date(self):
        import re

        value = self.cleaned_data["event_date"].strip()
        if value and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
            raise ValidationError("事件日期须为 YYYY-MM-DD 或 YYYY-MM，例如 2026-03-18。")
        return value

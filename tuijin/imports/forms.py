"""The upload form: which kind of data, and a file that is small enough and of a type the reader knows."""

from pathlib import Path

from django import forms
from django.conf import settings

from tuijin.lib.tabular import EXTENSIONS

from .models import ImportKind


def max_upload_mb():
    return getattr(settings, "IMPORTS_MAX_UPLOAD_MB", 20)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", widget=forms.RadioSelect)
    file = forms.FileField(label="文件", help_text="支持 .xlsx、.xls、.csv，单个文件不超过 20 MB",
                           widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS),
                                                                  "class": "form-control"}))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value
        self.fields["file"].help_text = f"支持 .xlsx、.xls、.csv，单个文件不超过 {max_upload_mb()} MB"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in EXTENSIONS:
            shown = suffix or "无扩展名"
            raise forms.ValidationError(
                f"不支持的文件类型“{shown}”，请上传 Excel（.xlsx、.xls）或 CSV（.csv）文件；"
                "WPS 表格请先“另存为”Excel 格式")
        limit = max_upload_mb()
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                f"文件过大（{upload.size / 1024 / 1024:.1f} MB），上限为 {limit} MB；请删除多余的工作表或拆分后再导入")
        if upload.size == 0:
            raise forms.ValidationError("文件是空的，请检查后重新选择")
        return upload

    @property
    def chosen_kind(self):
        return ImportKind(self.cleaned_data["kind"])

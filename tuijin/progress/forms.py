from django import forms
from django.utils import timezone
from PIL import Image

from . import rules
from .models import YearlyPlan

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "JPG", "PNG": "PNG", "WEBP": "WebP"}
TOO_BIG = {"max_digits": "金额过大：以万元填写，整数部分最多 12 位", "max_whole_digits": "金额过大：以万元填写，整数部分最多 12 位",
           "max_decimal_places": "金额最多保留 2 位小数"}


def _control(form):
    for field in form.fields.values():
        if not isinstance(field.widget, (forms.CheckboxInput, forms.HiddenInput)):
            field.widget.attrs.setdefault("class", "form-control")


class ReportForm(forms.Form):
    """A month's figures as the enterprise fills them in; amounts in 万元."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", min_value=1, max_value=12,
                               error_messages={"min_value": "月份应为1—12", "max_value": "月份应为1—12"})
    completed_investment = forms.DecimalField(label="本月完成投资（万元）", min_value=0, max_digits=14,
                                              decimal_places=2,
                                              error_messages={"min_value": "完成投资不能为负数", **TOO_BIG})
    funds_arrived = forms.DecimalField(label="本月到位资金（万元）", min_value=0, max_digits=14, decimal_places=2,
                                       required=False, error_messages={"min_value": "到位资金不能为负数", **TOO_BIG})
    narrative = forms.CharField(label="形象进度", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=2000)
    photo = forms.ImageField(label="现场照片", required=False,
                             help_text="JPG、PNG 或 WebP，不超过 10 MB")
    photo_caption = forms.CharField(label="照片说明", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)

    def clean(self):
        data = super().clean()
        year, month = data.get("year"), data.get("month")
        today = timezone.localdate()
        if year and month and rules.is_future_month(year, month, today):
            self.add_error("month", f"不能报送{rules.future_month_label(year, month)}")
        return data

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo:
            return photo
        if photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(f"照片为 {photo.size / 1024 / 1024:.1f} MB，超过 10 MB 上限，请压缩后上传")
        photo.seek(0)
        kind = Image.open(photo).format
        photo.seek(0)
        if kind not in PHOTO_FORMATS:
            raise forms.ValidationError(f"照片格式为 {kind}，仅支持 JPG、PNG、WebP")
        return photo

    def report_data(self):
        return {name: self.cleaned_data[name] for name in ("completed_investment", "funds_arrived", "narrative")}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写原因"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)


class CorrectionForm(forms.Form):
    completed_investment = forms.DecimalField(label="更正后本月完成投资（万元）", min_value=0, max_digits=14,
                                              decimal_places=2)
    funds_arrived = forms.DecimalField(label="更正后本月到位资金（万元）", min_value=0, max_digits=14,
                                       decimal_places=2, required=False)
    reason = forms.CharField(label="更正原因", max_length=300, error_messages={"required": "请填写更正原因"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)


class YearlyPlanForm(forms.ModelForm):
    class Meta:
        model = YearlyPlan
        fields = ["year", "planned_investment", "plans_start", "plans_complete", "plans_operate", "plans_capacity",
                  "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)
        for name in ("plans_start", "plans_complete", "plans_operate", "plans_capacity"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def validate_unique(self):
        """A plan for the same year is updated in place by ``actions.save_yearly_plan``, not refused."""

from django import forms

from .models import WarningRule


class RuleForm(forms.ModelForm):
    class Meta:
        model = WarningRule
        fields = ["enabled", "yellow", "orange", "red"]

    def clean(self):
        data = super().clean()
        values = [data.get(name) for name in ("yellow", "orange", "red")]
        used = [value for value in values if value is not None]
        if not used and data.get("enabled"):
            raise forms.ValidationError("启用的规则至少要设一个等级的阈值。")
        if any(value < 0 for value in used):
            raise forms.ValidationError("阈值不能为负数。")
        if used != sorted(used):
            raise forms.ValidationError("阈值应满足 黄 ≤ 橙 ≤ 红。")
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label="处置情况", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

"""The monthly figures form: a 年月 and the six indicators, each optional (blank = not reported)."""

from django import forms

from .models import INDICATOR_FIELDS, MonthlyFigures


class FiguresForm(forms.ModelForm):
    period = forms.CharField(label="年月", max_length=7, help_text="如 2026-03",
                             widget=forms.TextInput(attrs={"placeholder": "2026-03"}))

    field_order = ["period", *INDICATOR_FIELDS]

    class Meta:
        model = MonthlyFigures
        fields = INDICATOR_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"

    def figures(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in INDICATOR_FIELDS}

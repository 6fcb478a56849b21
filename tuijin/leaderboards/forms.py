from django import forms

from .models import Board, Measure


class BoardForm(forms.ModelForm):
    """A board's rules, plus one weight per measure (0: the measure is not used)."""

    class Meta:
        model = Board
        fields = ["name", "unit_kind", "red_top", "red_min_score", "black_bottom", "black_below"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = {row.measure: row.weight for row in self.instance.measures.all()} if self.instance.pk else {}
        for measure in Measure:
            self.fields[f"weight_{measure.value}"] = forms.IntegerField(
                label=f"权重：{measure.label}", min_value=0, max_value=100, initial=current.get(measure.value, 0),
                required=False)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["unit_kind"].widget.attrs["class"] = "form-select form-select-sm"

    @property
    def weight_fields(self):
        return [self[f"weight_{measure.value}"] for measure in Measure]

    def weights(self):
        return {measure: self.cleaned_data.get(f"weight_{measure.value}") or 0 for measure in Measure}

    def clean(self):
        data = super().clean()
        if not any(data.get(f"weight_{measure.value}") for measure in Measure):
            raise forms.ValidationError("请至少为一个指标设置大于 0 的权重。")
        return data

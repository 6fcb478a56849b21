from django import forms

from tuijin.enterprises.models import Enterprise, Industry

from .models import ListingStatus, MatchEvent, Need, Offering, OfferingKind, Outcome


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        elif not isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-control form-control-sm")


class _ListingForm(forms.ModelForm):
    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises.order_by("name")
        self.fields["industry"].queryset = Industry.objects.filter(code__regex=r"^\d").order_by("code")
        if enterprises.count() == 1 and not self.instance.pk:
            self.fields["enterprise"].initial = enterprises.first()
        if "description" in self.fields:
            self.fields["description"].widget.attrs["rows"] = 4
        _style(self)


class OfferingForm(_ListingForm):
    class Meta:
        model = Offering
        fields = ["enterprise", "kind", "name", "description", "industry", "capacity", "certifications"]


class NeedForm(_ListingForm):
    class Meta:
        model = Need
        fields = ["enterprise", "kind", "name", "description", "industry", "quantity", "quantity_unit", "needed_by"]
        widgets = {"needed_by": forms.DateInput(attrs={"type": "date"})}

    def clean_quantity(self):
        value = self.cleaned_data.get("quantity")
        if value is not None and value <= 0:
            raise forms.ValidationError("数量应大于 0。")
        return value


class EventForm(forms.ModelForm):
    class Meta:
        model = MatchEvent
        fields = ["title", "held_on", "location", "chain", "status", "note"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class InviteForm(forms.Form):
    suppliers = forms.ModelMultipleChoiceField(label="供方企业", queryset=Enterprise.objects.none(), required=False)
    buyers = forms.ModelMultipleChoiceField(label="需方企业", queryset=Enterprise.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = ListingStatus.PUBLISHED
        self.fields["suppliers"].queryset = Enterprise.objects.filter(
            pk__in=Offering.objects.filter(status=published).values("enterprise_id")).order_by("name")
        self.fields["buyers"].queryset = Enterprise.objects.filter(
            pk__in=Need.objects.filter(status=published).values("enterprise_id")).order_by("name")
        _style(self)
        for field in self.fields.values():
            field.widget.attrs["size"] = 8

    def clean(self):
        data = super().clean()
        if not data.get("suppliers") and not data.get("buyers"):
            raise forms.ValidationError("请至少选择一家供方或需方企业。")
        return data


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["supplier", "buyer", "offering", "need", "kind", "amount", "recorded_on", "note"]
        widgets = {"recorded_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None:
            invited = event.invitations.values("enterprise_id")
            self.fields["supplier"].queryset = Enterprise.objects.filter(pk__in=invited).order_by("name")
            self.fields["buyer"].queryset = Enterprise.objects.filter(pk__in=invited).order_by("name")
            self.fields["offering"].queryset = Offering.objects.filter(enterprise_id__in=invited).select_related(
                "enterprise")
            self.fields["need"].queryset = Need.objects.filter(enterprise_id__in=invited).select_related("enterprise")
        self.fields["recorded_on"].required = False
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("supplier") and data.get("buyer") and data["supplier"] == data["buyer"]:
            raise forms.ValidationError("供方与需方不能是同一家企业。")
        if data.get("kind") == "order" and data.get("amount") is None:
            self.add_error("amount", "签订订单须填写金额（万元）。")
        if data.get("amount") is not None and data["amount"] < 0:
            self.add_error("amount", "金额不能为负数。")
        return data


class NeedFilter(forms.Form):
    """The 需求 list's keyword; a form so that a NUL or an over-long keyword is a named error, never a crash."""

    q = forms.CharField(label="关键词", required=False, max_length=50)


class ProductFilter(forms.Form):
    """The 本土产品 list's filters; an unknown value is an error naming the filter, never a crash."""

    q = forms.CharField(label="关键词", required=False, max_length=50)
    chain = forms.ModelChoiceField(label="产业链", queryset=None, required=False)
    industry = forms.ModelChoiceField(label="行业", queryset=Industry.objects.order_by("code"), required=False,
                                      to_field_name="code")
    park = forms.ModelChoiceField(label="园区", queryset=None, required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "全部"), *OfferingKind.choices], required=False)

    def __init__(self, *args, **kwargs):
        from tuijin.accounts.models import Organisation, OrganisationKind
        from tuijin.promotion.models import IndustryChain

        super().__init__(*args, **kwargs)
        self.fields["chain"].queryset = IndustryChain.objects.all()
        self.fields["park"].queryset = Organisation.objects.filter(kind=OrganisationKind.PARK)
        for name in ("chain", "industry", "park"):
            self.fields[name].empty_label = "全部"
        _style(self)



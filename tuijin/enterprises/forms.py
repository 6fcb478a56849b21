from django import forms
from django.core.validators import MaxLengthValidator, MinValueValidator

from tuijin.accounts import access
from tuijin.accounts.models import Organisation, OrganisationKind, Role, User
from tuijin.lib.uscc import normalise, uscc_problem

from .models import (
    FIGURE_FIELDS, Enterprise, EnterpriseYearFigures, Industry, Qualification, ServiceKind, ServiceRecord,
)


class EnterpriseForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name", "uscc", "industry", "scale", "address", "established_on", "legal_representative",
            "contact_person", "contact_phone", "park", "responsible_official", "responsible_unit",
        ]
        widgets = {"established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.filter(code__regex=r"^\d")
        self.fields["park"].queryset = Organisation.objects.filter(kind=OrganisationKind.PARK)
        self.fields["responsible_unit"].queryset = Organisation.objects.exclude(kind=OrganisationKind.DISTRICT)
        self.fields["responsible_official"].queryset = User.objects.exclude(role=Role.ENTERPRISE)
        # Codes are pasted from licences with spaces or typed in full width: the 18 characters are
        # counted by ``clean_uscc`` after normalising, not by the browser cutting the input short.
        uscc = self.fields["uscc"]
        uscc.max_length = None
        uscc.validators = [v for v in uscc.validators if not isinstance(v, MaxLengthValidator)]
        uscc.widget.attrs.pop("maxlength", None)
        if access.is_enterprise_user(user):
            # An enterprise keeps its contact details current; its identity and 包保 are set by the bureau.
            for name in ("name", "uscc", "park", "responsible_official", "responsible_unit"):
                self.fields[name].disabled = True
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_uscc(self):
        value = normalise(self.cleaned_data["uscc"])
        problem = uscc_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False,
                        widget=forms.TextInput(attrs={"placeholder": "企业名称或统一社会信用代码",
                                                      "class": "form-control form-control-sm"}))
    park = forms.ModelChoiceField(label="园区", required=False, empty_label="全部园区",
                                  queryset=Organisation.objects.filter(kind=OrganisationKind.PARK),
                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.none()
        term = self.cleaned_data["q"].strip()
        if term:
            queryset = queryset.filter(name__icontains=term) | queryset.filter(uscc__icontains=normalise(term))
        if self.cleaned_data["park"]:
            queryset = queryset.filter(park=self.cleaned_data["park"])
        return queryset


def _styled(form):
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)
    return form


class YearFiguresForm(forms.ModelForm):
    """A year's figures; blank stays blank ("not reported"), it is never read as zero."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = EnterpriseYearFigures
        fields = FIGURE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name in FIGURE_FIELDS:
            self.fields[name].validators.append(MinValueValidator(0, "不能为负数。"))
            self.fields[name].widget.attrs["min"] = 0
        _styled(self)

    def figures(self):
        return {name: self.cleaned_data[name] for name in FIGURE_FIELDS}


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "level", "certificate_no", "granted_on", "expires_on"]
        widgets = {"granted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class ServiceRecordForm(forms.ModelForm):
    """A service record; an enterprise's own staff can only raise a need (visits are the officials' to record)."""

    class Meta:
        model = ServiceRecord
        fields = ["kind", "happened_on", "summary", "need"]
        widgets = {"happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 2}), "need": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, may_record_service=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_record_service:
            self.fields["kind"].disabled = True  # whatever is posted, it stays a need
            self.fields["kind"].initial = ServiceKind.NEED
        _styled(self)


class AnswerForm(forms.Form):
    response = forms.CharField(label="答复与办理情况", widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

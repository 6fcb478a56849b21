"""The node plan's forms: each names the node it acts on by id, limited to the plan's own nodes."""

from django import forms

from . import rules
from .models import ExtensionRequest, ExtensionStatus, NodeTemplate, PlanNode


class ApplyForm(forms.Form):
    template = forms.ModelChoiceField(label="流程模板", queryset=NodeTemplate.objects.all())
    start_date = forms.DateField(label="流程起始日期")


class _NodeForm(forms.Form):
    node = forms.ModelChoiceField(label="节点", queryset=PlanNode.objects.none())

    def __init__(self, plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = (PlanNode.objects.filter(plan=plan).select_related("plan__project", "owner")
                                        if plan else PlanNode.objects.none())


class ProposeForm(_NodeForm):
    days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=rules.MAX_DURATION)
    note = forms.CharField(label="说明", required=False, max_length=200)


class RescheduleForm(_NodeForm):
    duration = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=rules.MAX_DURATION,
                                  required=False)
    not_before = forms.DateField(label="开始日期（不早于）", required=False)
    note = forms.CharField(label="调整原因", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("duration") is None and data.get("not_before") is None:
            raise forms.ValidationError("请填写新的办理时限或开始日期。")
        return data


class DoneForm(_NodeForm):
    finished_on = forms.DateField(label="实际完成日期")
    evidence_no = forms.CharField(label="批复文号", max_length=100)
    evidence_file = forms.FileField(label="批复附件", required=False)

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("附件不能超过 20 MB。")
        return upload


class ExtensionForm(_NodeForm):
    days = forms.IntegerField(label="延期（工作日）", min_value=1, max_value=rules.MAX_EXTENSION)
    reason = forms.CharField(label="延期理由", max_length=500)


class DecideForm(forms.Form):
    request = forms.ModelChoiceField(label="延期申请", queryset=ExtensionRequest.objects.none())
    approve = forms.TypedChoiceField(label="审批", choices=[("1", "同意"), ("0", "不同意")],
                                     coerce=lambda value: value == "1")
    note = forms.CharField(label="审批意见", required=False, max_length=200)

    def __init__(self, plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = (
            ExtensionRequest.objects.filter(node__plan=plan, status=ExtensionStatus.PENDING).select_related(
                "node__plan__project", "requested_by") if plan else ExtensionRequest.objects.none())


class ReturnForm(forms.Form):
    note = forms.CharField(label="退回原因", max_length=500)

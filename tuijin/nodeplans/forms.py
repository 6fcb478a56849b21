"""The node plan's forms: each names the node it acts on by id, limited to the plan's own nodes."""

import re

from django import forms

from . import rules
from .models import ExtensionRequest, ExtensionStatus, NodeTemplate, OwnerKind, PlanNode, TemplateLink


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


# --------------------------------------------------------------------------- flow templates

def _bootstrap(form):
    for field in form.fields.values():
        widget = field.widget
        css = ("form-check-input" if isinstance(widget, forms.CheckboxInput) else
               "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm")
        widget.attrs.setdefault("class", css)
        widget.attrs.setdefault("aria-label", str(field.label))


class TemplateForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    class Meta:
        model = NodeTemplate
        fields = ["code", "name", "project_type", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


MAX_LAG = 250
LINK = re.compile(r"^([-a-zA-Z0-9_]+)(?:\+(\d{1,3}))?$")


def parse_links(text: str) -> list[tuple[str, int]]:
    """``"filing, compliance+2"`` → [("filing", 0), ("compliance", 2)]: predecessor codes, ``+N`` a lag."""
    links = []
    for item in re.split(r"[\s,，、;；]+", (text or "").strip()):
        if not item:
            continue
        found = LINK.match(item)
        if not found or int(found.group(2) or 0) > MAX_LAG:
            raise forms.ValidationError(f"前置节点“{item}”应写作节点代码，间隔写作“代码+工作日”（0—{MAX_LAG}）。")
        links.append((found.group(1), int(found.group(2) or 0)))
    return links


class TemplateNodeForm(forms.Form):
    """One row of the template's node table; a row without code and name is left out."""

    code = forms.SlugField(label="节点代码", max_length=40, required=False)
    name = forms.CharField(label="节点名称", max_length=60, required=False)
    owner_kind = forms.ChoiceField(label="责任单位类型", choices=OwnerKind.choices, initial=OwnerKind.RESPONSIBLE)
    owner_name = forms.CharField(label="指定责任单位", max_length=100, required=False)
    duration_workdays = forms.IntegerField(label="默认时限（工作日）", min_value=1, max_value=rules.MAX_DURATION,
                                           required=False)
    after = forms.CharField(label="前置节点", max_length=500, required=False)
    DELETE = forms.BooleanField(label="删除", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean_after(self):
        return parse_links(self.cleaned_data.get("after"))

    def clean(self):
        data = super().clean()
        if self.errors or data.get("DELETE") or not (data.get("code") or data.get("name")):
            return data
        if not data.get("code") or not data.get("name"):
            raise forms.ValidationError("节点须同时填写代码和名称。")
        if not data.get("duration_workdays"):
            raise forms.ValidationError(f"节点“{data['name']}”须填写默认时限。")
        if data["owner_kind"] == OwnerKind.NAMED and not data.get("owner_name", "").strip():
            raise forms.ValidationError(f"节点“{data['name']}”的责任单位类型为指定单位，须填写单位名称。")
        return data

    def row(self):
        """The row as ``actions.save_template`` takes it, or None when it is empty or deleted."""
        data = getattr(self, "cleaned_data", None) or {}
        if data.get("DELETE") or not data.get("code"):
            return None
        return {"code": data["code"], "name": data["name"].strip(), "owner_kind": data["owner_kind"],
                "owner_name": data.get("owner_name", "").strip(), "duration_workdays": data["duration_workdays"],
                "links": data["after"]}


TemplateNodeFormSet = forms.formset_factory(TemplateNodeForm, extra=5, max_num=200, validate_max=True,
                                            absolute_max=200)


def template_rows(template) -> list[dict]:
    """The initial rows of the node table for ``template`` (one query for the nodes, one for the links)."""
    nodes = list(template.nodes.all())
    codes = {node.pk: node.code for node in nodes}
    after = {}
    for link in TemplateLink.objects.filter(successor__template=template).order_by("pk").values(
            "predecessor_id", "successor_id", "lag_workdays"):
        code = codes[link["predecessor_id"]]
        after.setdefault(link["successor_id"], []).append(f"{code}+{link['lag_workdays']}" if link["lag_workdays"]
                                                          else code)
    return [{"code": node.code, "name": node.name, "owner_kind": node.owner_kind, "owner_name": node.owner_name,
             "duration_workdays": node.duration_workdays, "after": "、".join(after.get(node.pk, []))}
            for node in nodes]

"""The forms of 政策模拟测算: a draft's rule as YAML, and its thresholds and amounts as plain number boxes.

Policy staff change a clause mostly by moving a number (门槛 2000 → 1500 万元, 奖励 20 → 30 万元), so every
number of the rule — each comparison's threshold (a ``{param: …}`` reference shows the value in force and
becomes that number when changed), each amount, rate, cap and tier start — is offered as its own box,
labelled in words. The YAML stays available for everything else; both are checked by the rule validator.
"""

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import yaml
from django import forms

from . import parameters
from .fields import CATALOGUE
from .forms import rule_from_yaml
from .rules import OP_TEXT, problems


@dataclass(frozen=True)
class Number:
    path: tuple  # keys and indexes from the definition's root to the number
    label: str
    value: object  # int or float as written (or the parameter's value in force)
    param: str = ""  # the parameter it refers to, when it does

    @property
    def key(self) -> str:
        return "n:" + "/".join(str(part) for part in self.path)


def _field_label(name) -> str:
    field = CATALOGUE.get(name)
    return field.label if field else str(name)


def _conditions(node, path, on, found):
    if not isinstance(node, dict):
        return
    for group in ("all", "any"):
        if isinstance(node.get(group), list):
            for i, child in enumerate(node[group]):
                _conditions(child, (*path, group, i), on, found)
            return
    if "not" in node:
        _conditions(node["not"], (*path, "not"), on, found)
        return
    value, op = node.get("value"), node.get("op")
    if op not in OP_TEXT or op in ("in", "not_in"):
        return
    label = node.get("label") or f"{_field_label(node.get('field'))} {OP_TEXT[op]}"
    if isinstance(value, dict) and set(value) == {"param"} and parameters.kind(value["param"]) == "values":
        try:
            current = parameters.value(value["param"], on)
        except parameters.ParameterError:
            return
        found.append(Number((*path, "value"), f"条件：{label}", _plain(current), param=value["param"]))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        found.append(Number((*path, "value"), f"条件：{label}", value))


def _plain(value):
    return int(value) if float(value).is_integer() else value


def numbers(definition: dict, on: dt.date) -> list[Number]:
    """Every number of a rule that a policy officer may want to move, in reading order."""
    found = []
    _conditions(definition.get("eligibility"), ("eligibility",), on, found)
    benefit = definition.get("benefit") or {}
    for key, label in (("amount", "奖励金额（万元）"), ("rate", "比例"), ("cap", "封顶金额（万元）")):
        if isinstance(benefit.get(key), (int, float)) and not isinstance(benefit.get(key), bool):
            found.append(Number(("benefit", key), label, benefit[key]))
    tiers = benefit.get("tiers") if isinstance(benefit.get("tiers"), dict) else {}
    by = _field_label(tiers.get("by"))
    for i, bracket in enumerate(tiers.get("brackets") or []):
        if not isinstance(bracket, dict):
            continue
        for key, label in (("from", f"第 {i + 1} 档起点（{by}）"), ("amount", f"第 {i + 1} 档金额（万元）"),
                           ("rate", f"第 {i + 1} 档比例")):
            if isinstance(bracket.get(key), (int, float)) and not isinstance(bracket.get(key), bool):
                found.append(Number(("benefit", "tiers", "brackets", i, key), label, bracket[key]))
    return found


def with_numbers(definition: dict, changes: dict) -> dict:
    """A copy of ``definition`` with the numbers at ``changes``' paths replaced."""
    changed = copy.deepcopy(definition)
    for path, value in changes.items():
        node = changed
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return changed


class DraftForm(forms.Form):
    """A draft's name, title, (for a new clause) code, its numbers, and the whole rule as YAML.

    The numbers win over the YAML when both changed the same number: they are what the officer just typed.
    """

    name = forms.CharField(label="方案名称", max_length=100)
    title = forms.CharField(label="条款名称", max_length=200)
    code = forms.SlugField(label="条款编号", max_length=60, required=False,
                           help_text="新增条款发布时使用的英文短名，如 rent-2027")
    rule = forms.CharField(label="规则（YAML）", widget=forms.Textarea(attrs={
        "rows": 16, "class": "form-control font-monospace", "spellcheck": "false"}))

    def __init__(self, *args, draft, on: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft, self.on = draft, on
        self.numbers = numbers(draft.definition, on)
        if not self.is_bound:
            self.initial.update(name=draft.name, title=draft.title, code=draft.code,
                                rule=yaml.safe_dump(draft.definition, allow_unicode=True, sort_keys=False, width=110))
        for number in self.numbers:
            hint = f"参数 {number.param}，现行 {number.value}" if number.param else ""
            self.fields[number.key] = forms.CharField(label=number.label, required=True, initial=str(number.value),
                                                      help_text=hint)
        if draft.clause_id:
            del self.fields["code"]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def number_fields(self):
        return [self[number.key] for number in self.numbers]

    def text_fields(self):
        return [self[name] for name in ("name", "title", "code") if name in self.fields]

    def clean_rule(self):
        return rule_from_yaml(self.cleaned_data["rule"])

    def clean(self):
        cleaned = super().clean()
        definition = cleaned.get("rule")
        if definition is None:
            return cleaned
        changes = {}
        for number in self.numbers:
            typed = (cleaned.get(number.key) or "").strip().replace("，", "").replace(",", "")
            try:
                value = Decimal(typed)
            except InvalidOperation:
                self.add_error(number.key, f"“{number.label}”须是数字，得到“{typed}”")
                continue
            if value != Decimal(str(number.value)):
                changes[number.path] = int(value) if value == value.to_integral_value() else float(value)
        try:
            definition = with_numbers(definition, changes)
        except (KeyError, IndexError, TypeError):
            raise forms.ValidationError("规则（YAML）的结构已改动，数字框对应不上：请只改其中一处后保存。")
        messages = problems(definition, self.draft.policy.valid_from)
        if messages:
            raise forms.ValidationError(messages)
        cleaned["definition"] = definition
        return cleaned

    def draft_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("name", "title", "code") if name in self.fields}
        data["definition"] = self.cleaned_data["definition"]
        return data

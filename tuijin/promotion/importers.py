"""Leads and targets from a sheet, through the imports framework: preview with every row's problems, then
write all or nothing (``tuijin.imports.runner`` wraps ``apply`` in one transaction).

Leads match by 线索编号, or else by 企业名称 and 意向项目, so a re-imported sheet updates instead of
duplicating. A sheet can place a lead up to 洽谈; 签约, 注册 and 落地 need their evidence and are moved on
the lead's page. Targets come one row per unit and period with a column per metric ("2026年第一季度 高新园
签约项目 3 …"); a blank cell sets nothing.
"""

import re
from functools import partial

from tuijin.accounts import access
from tuijin.accounts.models import Organisation, OrganisationKind, User
from tuijin.imports.importers import CREATE, UNCHANGED, UPDATE, Importer, Planned, StaleImport, _money
from tuijin.imports.models import ImportKind
from tuijin.imports.registry import register
from tuijin.lib import changes
from tuijin.lib.parsing import ParseError, name_key, parse_choice, parse_date, parse_int, parse_money, parse_text
from tuijin.lib.tabular import Column
from tuijin.lib.uscc import normalise as normalise_uscc
from tuijin.lib.uscc import uscc_problem

from . import actions
from .models import ChainSegment, IndustryChain, Lead, LeadEventKind, LeadSource, LeadStage, Metric, Target
from .periods import PeriodError, parse_period

SOURCE_SYNONYMS = {
    "展会招商": LeadSource.FAIR, "会展": LeadSource.FAIR, "展会推介": LeadSource.FAIR, "商招商": LeadSource.BY_BUSINESS,
    "基金": LeadSource.FUND, "资本招商": LeadSource.FUND, "专家": LeadSource.EXPERT, "招商小分队": LeadSource.TEAM,
    "小分队招商": LeadSource.TEAM, "外出招商": LeadSource.TEAM, "信息": LeadSource.INTELLIGENCE,
    "情报招商": LeadSource.INTELLIGENCE, "网络": LeadSource.INTELLIGENCE, "大数据": LeadSource.INTELLIGENCE,
}
STAGE_SYNONYMS = {
    "初步接触": LeadStage.CONTACT, "已接洽": LeadStage.CONTACT, "对接": LeadStage.CONTACT, "实地考察": LeadStage.VISIT,
    "已考察": LeadStage.VISIT, "在谈": LeadStage.NEGOTIATION, "谈判": LeadStage.NEGOTIATION, "已签约": LeadStage.SIGNED,
    "已注册": LeadStage.REGISTERED, "已落地": LeadStage.LANDED, "暂缓": LeadStage.SHELVED,
}


def _labels(choices):
    return {str(label): value for value, label in choices.choices}


parse_source = partial(parse_choice, options=_labels(LeadSource), what="线索来源", synonyms=SOURCE_SYNONYMS)
parse_stage = partial(parse_choice, options=_labels(LeadStage), what="阶段", synonyms=STAGE_SYNONYMS)


def parse_period_cell(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_period(value)
    except PeriodError as error:
        raise ParseError(error.reason) from None


LEAD_COLUMNS = [
    Column("code", "线索编号", ("编号",), parse_text),
    Column("name", "意向项目", ("项目名称", "意向项目名称", "项目"), parse_text, required=True),
    Column("company_name", "企业名称", ("企业", "公司名称", "投资方", "客商名称", "目标企业"), parse_text, required=True),
    Column("company_uscc", "统一社会信用代码", ("社会信用代码", "信用代码"), parse_text),
    Column("company_location", "企业所在地", ("所在地", "来源地", "企业来源地", "总部所在地"), parse_text),
    Column("source", "线索来源", ("来源", "招商方式", "信息来源"), parse_source, required=True),
    Column("chain", "产业链", ("所属产业链",), parse_text),
    Column("segment", "产业链环节", ("环节", "细分环节"), parse_text),
    Column("expected_investment", "预计投资", ("预计投资额", "意向投资额", "拟投资额", "投资额"), parse_money),
    Column("park", "拟落户园区", ("园区", "落户园区", "拟落地园区"), parse_text),
    Column("unit", "责任单位", ("跟进单位", "承办单位"), parse_text),
    Column("owner", "负责人", ("跟进人", "责任人"), parse_text),
    Column("stage", "当前阶段", ("阶段", "推进阶段", "进展阶段"), parse_stage),
    Column("next_step", "下一步工作", ("下一步", "下步工作", "下一步计划"), parse_text),
    Column("next_step_on", "下一步日期", ("下一步时间", "计划时间"), parse_date),
    Column("occurred_on", "登记日期", ("线索日期", "获取日期", "录入日期"), parse_date),
    Column("note", "情况说明", ("项目简介", "进展情况", "备注"), parse_text),
]
TEXT_LIMITS = {"code": 20, "name": 150, "company_name": 120, "company_location": 50, "next_step": 200}


@register
class LeadImporter(Importer):
    kind = ImportKind.LEADS
    columns = LEAD_COLUMNS
    preview_columns = ["线索编号", "企业名称", "意向项目", "产业链", "阶段", "预计投资（万元）"]

    @classmethod
    def allowed(cls, user) -> bool:
        return user is None or access.can_work_leads(user)

    def prefetch(self, table):
        self.chains = {name_key(name): (pk, name) for pk, name in IndustryChain.objects.values_list("pk", "name")}
        self.segments = {(chain_id, name_key(name)): pk
                         for pk, chain_id, name in ChainSegment.objects.values_list("pk", "chain_id", "name")}
        self.units = {}
        for pk, name, short, kind in Organisation.objects.exclude(kind=OrganisationKind.DEPARTMENT).values_list(
                "pk", "name", "short_name", "kind"):
            for key in (name, short):
                if key:
                    self.units.setdefault(name_key(key), (pk, name, kind))
        self.owners = {}
        for pk, username, full_name in User.objects.filter(is_active=True).values_list("pk", "username", "full_name"):
            for key in (username, full_name):
                if key:
                    self.owners.setdefault(name_key(key), []).append(pk)
        self.by_code = {lead.code: lead for lead in Lead.objects.filter(
            code__in={parse_text(row.cells.get("code")) for row in table.rows} - {""})}
        names = {name_key(row.cells.get("company_name")) for row in table.rows}
        self.by_name = {}
        for lead in Lead.objects.all():
            # Another park's lead of the same company and project is not matched: as if it did not exist.
            if name_key(lead.company_name) in names and self._may_change(lead):
                self.by_name.setdefault((name_key(lead.company_name), name_key(lead.name)), lead)
        self.seen = {}

    def _unit(self, key, values, add, *, park=False):
        text = values.get(key, "")
        if not text:
            return None
        found = self.units.get(name_key(text))
        if found is None or (park and found[2] != OrganisationKind.PARK):
            add(key, f"未找到{'园区' if park else '单位'}“{text}”")
            return False
        return found[0]

    def _may_change(self, lead):
        return self.user is None or access.can_edit_lead(self.user, lead)

    def _existing(self, values, add):
        code = values.get("code", "")
        if code:
            lead = self.by_code.get(code)
            if lead is None or not self._may_change(lead):
                # Unknown, or another park's: the same answer, so guessed codes reveal nothing.
                add("code", f"您的权限范围内没有编号为“{code}”的线索；新线索请留空编号，系统自动生成")
                return False
            return lead
        return self.by_name.get((name_key(values["company_name"]), name_key(values["name"])))

    def check(self, row, values, add, failed):
        if {"意向项目", "企业名称"} & failed:
            return None
        ok = True
        for key, limit in TEXT_LIMITS.items():
            if len(values.get(key) or "") > limit:
                add(key, f"“{self.label(key)}”不能超过{limit}个字")
                ok = False
        uscc = normalise_uscc(values.get("company_uscc") or "")
        if uscc and uscc_problem(uscc):
            add("company_uscc", uscc_problem(uscc))
            ok = False
        chain = self.chains.get(name_key(values.get("chain", ""))) if values.get("chain") else None
        if values.get("chain") and chain is None:
            add("chain", f"未找到产业链“{values['chain']}”，现有：{'、'.join(n for _pk, n in self.chains.values())}")
            ok = False
        segment = None
        if values.get("segment"):
            segment = self.segments.get((chain[0] if chain else None, name_key(values["segment"])))
            if segment is None:
                add("segment", f"产业链“{values.get('chain') or '（未填）'}”中没有环节“{values['segment']}”")
                ok = False
        park = self._unit("park", values, add, park=True)
        unit = self._unit("unit", values, add)
        own = self.restricted_to_park
        if own and park and park != own:
            add("park", "您只能导入本园区的线索")
            ok = False
        park = park or own
        owner = None
        if values.get("owner"):
            matches = self.owners.get(name_key(values["owner"]), [])
            if len(matches) != 1:
                add("owner", f"有{len(matches)}个用户名为“{values['owner']}”" if matches
                    else f"未找到负责人“{values['owner']}”")
                ok = False
            else:
                owner = matches[0]
        stage = values.get("stage") or ""
        if stage and stage not in actions.IMPORTABLE_STAGES:
            add("stage", f"导入只能登记到“洽谈”及以前的阶段；“{LeadStage(stage).label}”须在线索页中推进并提供依据")
            ok = False
        if values.get("expected_investment") is not None and values["expected_investment"] < 0:
            add("expected_investment", "预计投资不能为负数")
            ok = False
        occurred_on = values.get("occurred_on") or self.today
        if occurred_on > self.today:
            add("occurred_on", f"登记日期不能晚于今天（{self.today:%Y-%m-%d}）")
            ok = False
        existing = self._existing(values, add)
        if existing is False or park is False or unit is False or not ok:
            return None
        key = existing.pk if existing else (name_key(values["company_name"]), name_key(values["name"]))
        if key in self.seen:
            add("company_name", f"与第{self.seen[key]}行是同一条线索")
            return None
        self.seen[key] = row.number
        data = {name: values[name] for name in ("name", "company_name", "company_location", "source", "next_step",
                                                "next_step_on", "expected_investment", "note")
                if values.get(name) not in (None, "")}
        data |= {name: value for name, value in (("company_uscc", uscc), ("chain_id", chain[0] if chain else None),
                                                 ("segment_id", segment), ("park_id", park), ("unit_id", unit),
                                                 ("owner_id", owner)) if value}
        preview = [existing.code if existing else "（自动生成）", values["company_name"], values["name"],
                   chain[1] if chain else "", LeadStage(stage or (existing.stage if existing else "lead")).label,
                   _money(values.get("expected_investment"))]
        if existing is None:
            return Planned(row.number, CREATE, {"data": data, "stage": stage or LeadStage.LEAD,
                                                "occurred_on": occurred_on}, preview=preview)
        if stage and stage != existing.stage and (
                existing.stage not in actions.IMPORTABLE_STAGES
                or actions.IMPORTABLE_STAGES.index(stage) < actions.IMPORTABLE_STAGES.index(existing.stage)):
            add("stage", f"线索当前为“{existing.get_stage_display()}”，导入不能改为“{LeadStage(stage).label}”")
            return None
        changed = {name: value for name, value in data.items() if getattr(existing, name) != value}
        moves = stage and stage != existing.stage
        if not changed and not moves:
            return Planned(row.number, UNCHANGED, {}, existing, preview=preview)
        history = changes.diff(existing, changed)
        return Planned(row.number, UPDATE, {"data": changed, "stage": stage if moves else "",
                                            "occurred_on": occurred_on}, existing, changes=history,
                       expected=existing.updated_at, preview=preview)

    def apply(self, outcome, *, actor):
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for item in outcome.planned:
            if item.action == UNCHANGED:
                counts["unchanged"] += 1
                continue
            try:
                if item.action == CREATE:
                    actions.create_lead(actor=actor, data={**item.data["data"], "stage": item.data["stage"]},
                                        occurred_on=item.data["occurred_on"], event_kind=LeadEventKind.IMPORTED)
                    counts["created"] += 1
                    continue
                lead = item.instance
                if not Lead.objects.filter(pk=lead.pk, updated_at=item.expected).exists():
                    raise StaleImport("校验后有线索被他人修改，未写入任何数据；请重新校验后再导入。")
                if item.data["data"]:
                    lead = actions.update_lead(lead, actor=actor, data=_as_fields(item.data["data"]))
                if item.data["stage"]:
                    actions.advance_by_import(lead, item.data["stage"], actor=actor,
                                              occurred_on=item.data["occurred_on"])
                counts["updated"] += 1
            except actions.ActionRefused as refusal:
                raise StaleImport(f"{refusal}（第{item.row}行），未写入任何数据。") from refusal
        return counts


def _as_fields(data):
    """``chain_id`` → ``chain`` etc., with the related objects that ``update_lead`` compares and logs."""
    loaders = {"chain_id": ("chain", IndustryChain), "segment_id": ("segment", ChainSegment),
               "park_id": ("park", Organisation), "unit_id": ("unit", Organisation), "owner_id": ("owner", User)}
    fields = {}
    for name, value in data.items():
        if name in loaders:
            field, model = loaders[name]
            fields[field] = model.objects.get(pk=value)
        else:
            fields[name] = value
    return fields


# ------------------------------------------------------------------------------------------ targets

METRIC_COLUMNS = [
    Column(Metric.SIGNINGS.value, "签约项目数", ("签约项目", "签约个数", "新签约项目数", "签约项目（个）"), parse_int),
    Column(Metric.SIGNINGS_OVER_100M.value, "亿元以上签约项目数",
           ("亿元以上签约项目", "亿元以上项目签约数", "亿元以上项目"), parse_int),
    Column(Metric.SIGNING_VALUE.value, "签约金额", ("协议投资额", "签约总额", "协议总投资", "签约投资额"), parse_money),
    Column(Metric.STARTS.value, "开工项目数", ("开工项目", "新开工项目", "新开工项目数"), parse_int),
    Column(Metric.FUND_ARRIVAL.value, "实际到位资金", ("到位资金", "实际到位", "资金到位"), parse_money),
]


@register
class TargetImporter(Importer):
    kind = ImportKind.TARGETS
    columns = [
        Column("unit", "单位", ("单位名称", "责任单位", "园区"), parse_text, required=True),
        Column("period", "期间", ("考核期间", "时间", "年度", "季度", "月份"), parse_period_cell),
        *METRIC_COLUMNS,
    ]
    preview_columns = ["单位", "期间", *[column.label for column in METRIC_COLUMNS]]

    @classmethod
    def allowed(cls, user) -> bool:
        return user is None or access.can_manage_promotion(user)

    def prefetch(self, table):
        self.units = {}
        for pk, name, short in Organisation.objects.exclude(kind=OrganisationKind.DEPARTMENT).values_list(
                "pk", "name", "short_name"):
            for key in (name, short):
                if key:
                    self.units.setdefault(name_key(key), (pk, name))
        try:
            self.title_period = parse_period(_title_year(table.title)) if _title_year(table.title) else None
        except PeriodError:
            self.title_period = None
        self.existing = {(t.unit_id, t.period_kind, t.period_start, t.metric): t for t in Target.objects.all()}
        self.seen = {}

    def check(self, row, values, add, failed):
        if "单位" in failed or "期间" in failed:
            return None
        unit = self.units.get(name_key(values["unit"]))
        if unit is None:
            add("unit", f"未找到单位“{values['unit']}”（部门不设招商目标）")
            return None
        period = values.get("period") or self.title_period
        if period is None:
            add("period", "缺少期间：请增加“期间”列（如 2026年、2026年第一季度、2026年3月），或在标题中写明年份", "")
            return None
        figures = {column.key: values[column.key] for column in METRIC_COLUMNS if values.get(column.key) is not None}
        if not figures:
            add("unit", "这一行没有填写任何指标的目标值")
            return None
        if any(value < 0 for value in figures.values()):
            add("unit", "目标值不能为负数")
            return None
        key = (unit[0], period)
        if key in self.seen:
            add("unit", f"{unit[1]}{period.label}的目标与第{self.seen[key]}行重复")
            return None
        self.seen[key] = row.number
        preview = [unit[1], period.label, *[_shown(values.get(column.key)) for column in METRIC_COLUMNS]]
        data = {"unit_id": unit[0], "period": period, "figures": figures}
        old = {metric: self.existing.get((unit[0], period.kind, period.start, metric)) for metric in figures}
        if all(target is not None and target.value == figures[metric] for metric, target in old.items()):
            return Planned(row.number, UNCHANGED, data, preview=preview)
        action = UPDATE if any(target is not None for target in old.values()) else CREATE
        value_field = Target._meta.get_field("value")
        history = [changes.entry(value_field, target.value if target else None, figures[metric],
                                 label=Metric(metric).label)
                   for metric, target in old.items() if target is None or target.value != figures[metric]]
        return Planned(row.number, action, data, changes=history, preview=preview)

    def apply(self, outcome, *, actor):
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        units = Organisation.objects.in_bulk({item.data["unit_id"] for item in outcome.planned})
        for item in outcome.planned:
            if item.action == UNCHANGED:
                counts["unchanged"] += 1
                continue
            for metric, value in item.data["figures"].items():
                actions.set_target(item.data["period"], units[item.data["unit_id"]], metric, value, actor=actor)
            counts["created" if item.action == CREATE else "updated"] += 1
        return counts


def _title_year(title):
    match = re.search(r"(20\d{2})\s*年", title or "")
    return match.group(1) if match else None


def _shown(value):
    if value is None:
        return ""
    return _money(value) if not isinstance(value, int) else str(value)


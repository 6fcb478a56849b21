"""The project importer: master data from a sheet, through the imports framework (``tuijin.imports``).

Rows match by 项目编号, or else by name and 项目单位. A user who does not see every project is
matched only against what they may change, and a refusal names only what the row itself says:
a sheet of guessed codes, names or 统一社会信用代码 learns nothing about other parks' records.
"""

from functools import partial
from types import SimpleNamespace

from django.utils import timezone

from tuijin.accounts import access
from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.audit import registry as audit
from tuijin.enterprises.importers import Lookups, create_enterprises
from tuijin.enterprises.models import Enterprise
from tuijin.imports.bulk import insert_rows, update_rows
from tuijin.imports.importers import (
    CREATE, UNCHANGED, UPDATE, Importer, Planned, StaleImport, _chunks, _is_blank, _money, _records, out_of_scope,
)
from tuijin.imports.models import ImportKind
from tuijin.imports.registry import register
from tuijin.lib import serials
from tuijin.lib.context import current_source
from tuijin.lib import changes as history
from tuijin.lib.parsing import name_key, parse_choice, parse_date, parse_decimal, parse_money, parse_text
from tuijin.lib.project_code import national_code_problem
from tuijin.lib.tabular import Column
from tuijin.lib.uscc import normalise as normalise_uscc
from tuijin.lib.uscc import uscc_problem

from . import lifecycle
from .actions import CODE_WIDTH, _next_code, code_prefix
from .models import (
    STAGE_MILESTONE, STAGE_ORDER, Category, EventKind, Level, Milestone, Project, ProjectEvent, Stage,
    actual_field, planned_field,
)


NOT_FOUND = "未找到统一社会信用代码为“{uscc}”的企业，请先在企业库中登记"


def projects_by_code(codes, fields):
    """The projects with these 项目编号 as plain records, keyed by code, in a few IN (...) queries."""
    found = {}
    for chunk in _chunks(codes):
        for project in _records(Project.objects.filter(code__in=chunk), fields):
            found[project.code] = project
    return found


STAGE_SYNONYMS = {
    "谋划": Stage.PLANNING, "储备": Stage.PLANNING, "谋划储备": Stage.PLANNING, "策划包装": Stage.PLANNING,
    "洽谈": Stage.NEGOTIATING, "签约": Stage.SIGNED, "注册": Stage.REGISTERED, "前期": Stage.PREPARATION,
    "开工": Stage.CONSTRUCTION, "新开工": Stage.CONSTRUCTION, "续建": Stage.CONSTRUCTION, "建设中": Stage.CONSTRUCTION,
    "竣工": Stage.COMPLETED, "投产": Stage.OPERATING, "达产": Stage.AT_CAPACITY, "达产达效": Stage.AT_CAPACITY,
    "停建": Stage.SUSPENDED, "缓建": Stage.SUSPENDED, "终止": Stage.TERMINATED,
}


def _labels(choices):
    return {str(label): value for value, label in choices.choices}


parse_stage = partial(parse_choice, options=_labels(Stage), what="项目阶段", synonyms=STAGE_SYNONYMS)
parse_category = partial(parse_choice, options=_labels(Category), what="项目类别",
                         synonyms={"产业": Category.INDUSTRIAL, "产业类": Category.INDUSTRIAL,
                                   "基础设施类": Category.INFRASTRUCTURE, "民生": Category.PUBLIC_SERVICE,
                                   "社会民生类": Category.PUBLIC_SERVICE})
parse_level = partial(parse_choice, options=_labels(Level), what="项目级别",
                      synonyms={"省级重点": Level.PROVINCIAL, "市级重点": Level.MUNICIPAL, "区级重点": Level.DISTRICT,
                                "省级": Level.PROVINCIAL, "市级": Level.MUNICIPAL, "区级": Level.DISTRICT})


def _milestone_columns():
    columns = []
    for milestone in Milestone:
        for kind, field_name in (("计划", planned_field(milestone)), ("实际", actual_field(milestone))):
            name = f"{kind}{milestone.label}"
            columns.append(Column(field_name, f"{name}日期", (name, f"{name}时间"), parse_date))
    return columns


PROJECT_COLUMNS = [
    Column("code", "项目编号", ("项目代码", "项目编码", "编号"), parse_text),
    Column("national_code", "投资项目统一代码", ("统一项目代码", "项目统一代码", "在线平台代码", "审批监管平台代码"),
           parse_text),
    Column("name", "项目名称", ("项目名", "项目"), parse_text, required=True),
    Column("enterprise", "项目单位", ("企业名称", "建设单位", "业主单位", "项目业主", "实施主体", "企业"), parse_text),
    Column("uscc", "统一社会信用代码", ("社会信用代码", "信用代码", "企业信用代码"), parse_text),
    # Read only to register an enterprise the sheet names that is not registered yet.
    Column("enterprise_industry", "企业所属行业", ("所属行业", "行业", "国民经济行业"), parse_text),
    Column("park", "所在园区", ("园区", "所属园区", "园区名称"), parse_text),
    Column("industry_chain", "所属产业链", ("产业链",), parse_text),
    Column("category", "项目类别", ("类别", "项目类型"), parse_category),
    Column("level", "项目级别", ("级别", "重点级别"), parse_level),
    Column("total_investment", "总投资", ("计划总投资", "项目总投资", "总投资额"), parse_money, required=True),
    Column("stage", "当前阶段", ("项目阶段", "阶段", "项目状态", "推进阶段"), parse_stage),
    *_milestone_columns(),
    Column("construction_permit_no", "施工许可证号", ("施工许可证编号", "施工许可证"), parse_text),
    Column("stats_filed_on", "入库日期", ("入库入统日期", "入统日期", "入库时间"), parse_date),
    Column("stats_code", "入库代码", ("入库项目代码", "入统代码", "统计库代码"), parse_text),
    Column("description", "建设内容", ("建设内容及规模", "主要建设内容", "建设规模及内容"), parse_text),
    Column("latitude", "纬度", (), parse_decimal),
    Column("longitude", "经度", (), parse_decimal),
]
# Fields written straight from a column of the same name.
PROJECT_FIELDS = [c.key for c in PROJECT_COLUMNS if c.key not in ("enterprise", "uscc", "enterprise_industry", "park")]
# For each main-line stage, the actual-date fields of the milestones that come after it.
LATER_ACTUALS = {stage: [(STAGE_MILESTONE[later], actual_field(STAGE_MILESTONE[later]))
                         for later in STAGE_ORDER[STAGE_ORDER.index(stage) + 1:] if later in STAGE_MILESTONE]
                 for stage in STAGE_ORDER}
PROJECT_LOAD = [*PROJECT_FIELDS, "id", "enterprise_id", "park_id", "responsible_unit_id", "version", "suspended_from"]


@register
class ProjectImporter(Importer):
    kind = ImportKind.PROJECTS
    columns = PROJECT_COLUMNS
    preview_columns = ["项目编号", "项目名称", "项目单位", "所在园区", "总投资（万元）", "当前阶段"]

    def prefetch(self, table):
        rows = table.rows
        cells = [row.cells for row in rows]
        codes = {parse_text(c.get("code")) for c in cells} - {""}
        national = {parse_text(c.get("national_code")) for c in cells} - {""}
        names = set()
        for c in cells:
            name = parse_text(c.get("name"))
            if name:
                names |= {name, name.replace("(", "（").replace(")", "）"), name.replace("（", "(").replace("）", ")")}
        self.enterprises_by_uscc, self.enterprises_by_name, self.enterprise_names = {}, {}, {}
        self.enterprise_parks = {}
        enterprises = Enterprise.objects.filter(access.enterprise_scope(self.user)) if self.restricted else \
            Enterprise.objects.all()
        for pk, name, uscc, park_id in enterprises.values_list("pk", "name", "uscc", "park_id"):
            self.enterprises_by_uscc[uscc] = (pk, name)
            self.enterprises_by_name.setdefault(name_key(name), []).append((pk, name))
            self.enterprise_names[pk] = name
            self.enterprise_parks[pk] = park_id
        self.parks = {}
        self.park_names = {}
        for pk, name, short in Organisation.objects.filter(kind=OrganisationKind.PARK).values_list(
                "pk", "name", "short_name"):
            self.park_names[pk] = name
            self.parks.setdefault(name_key(name), pk)
            if short:
                self.parks.setdefault(name_key(short), pk)
        self.by_code = projects_by_code(codes, PROJECT_LOAD)
        self.by_name, self.by_name_only = {}, {}
        for chunk in _chunks(names):
            for project in _records(Project.objects.filter(name__in=chunk), PROJECT_LOAD):
                if not self._may_change(project):
                    continue  # another park's project of the same name: as if it did not exist
                self.by_name.setdefault((name_key(project.name), project.enterprise_id), []).append(project)
                self.by_name_only.setdefault(name_key(project.name), []).append(project)
        self.by_national = {}
        for chunk in _chunks(national):
            for pk, code, name, national_code in Project.objects.filter(national_code__in=chunk).values_list(
                    "pk", "code", "name", "national_code"):
                self.by_national[national_code] = (pk, code, name)
        self.seen_codes, self.seen_names, self.seen_national, self.seen_projects = {}, {}, {}, {}
        self.enterprise_cache = {}
        # Enterprises the sheet names that are not registered: offered for creation in the preview.
        self.new_enterprises = {}
        self.lookups = Lookups()
        usccs = {normalise_uscc(parse_text(c.get("uscc"))) for c in cells} - {""} - set(self.enterprises_by_uscc)
        self.registered_elsewhere = set()
        for chunk in _chunks(list(usccs)):
            self.registered_elsewhere.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", flat=True))
        self.present = set(table.columns)

    def _may_change(self, project):
        return not self.restricted or access.can_edit_project(self.user, project)

    def _enterprise(self, values, add):
        """The enterprise's id, None when not given, False when a problem was added.

        Sheets repeat a few hundred enterprises over thousands of rows: each spelling is resolved once.
        """
        key = (values.get("uscc", ""), values.get("enterprise", ""), values.get("enterprise_industry", ""))
        if key not in self.enterprise_cache:
            found = []
            result = self._resolve_enterprise(*key, lambda column, reason: found.append((column, reason)))
            self.enterprise_cache[key] = (result, found)
        result, found = self.enterprise_cache[key]
        for column, reason in found:
            add(column, reason)
        new = self.new_enterprises.get(normalise_uscc(key[0])) if key[0] else None
        if new is not None and self._row not in new["rows"]:
            new["rows"].append(self._row)
        return result

    # By USCC when given (it is unique), else by exact name.
    def _resolve_enterprise(self, uscc, name, industry, add):
        if uscc:
            problem = uscc_problem(uscc)
            if problem:
                add("uscc", problem)
                return False
            found = self.enterprises_by_uscc.get(normalise_uscc(uscc))
            if not found:
                return self._new_enterprise(normalise_uscc(uscc), name, industry, add)
            if name and name_key(name) != name_key(found[1]):
                add("enterprise", f"项目单位“{name}”与统一社会信用代码对应的企业“{found[1]}”不一致，请核对")
                return False
            return found[0]
        if not name:
            return None
        matches = self.enterprises_by_name.get(name_key(name), [])
        if not matches:
            add("enterprise", f"未找到企业“{name}”，请先在企业库中登记")
            return False
        if len(matches) > 1:
            add("enterprise", f"企业库中有{len(matches)}家名为“{name}”的企业，请增加“统一社会信用代码”列加以区分")
            return False
        return matches[0][0]

    def _new_enterprise(self, uscc, name, industry, add):
        """An unregistered enterprise: a placeholder id when the user chose to create it, else False.

        A code registered to an enterprise outside the user's scope gets the same words as an unknown
        code, naming nothing of that enterprise; it is not offered for creation (being registered, it
        could not be created again).
        """
        if uscc in self.registered_elsewhere:
            add("uscc", NOT_FOUND.format(uscc=uscc))
            return False
        if not name:
            add("uscc", NOT_FOUND.format(uscc=uscc) + ("；新建企业须同时填写项目单位名称"
                                                      if self.options.get("create_enterprises") else ""))
            return False
        listed = self.new_enterprises.get(uscc)
        if listed and name_key(listed["name"]) != name_key(name):
            add("enterprise", f"项目单位“{name}”与第{listed['rows'][0]}行同一统一社会信用代码的“{listed['name']}”不一致")
            return False
        industry_id = self.lookups.industry(industry) if industry else None
        if listed is None:
            self.new_enterprises[uscc] = {"uscc": uscc, "name": name, "industry": self.lookups.industry_names.get(
                industry_id, industry), "industry_id": industry_id, "park_id": None, "rows": []}
        if not self.options.get("create_enterprises"):
            add("uscc", NOT_FOUND.format(uscc=uscc))  # the preview offers "同时新建这些企业" beside it
            return False
        if not industry:
            add("enterprise_industry", f"新建企业“{name}”须填写“企业所属行业”（国民经济行业分类大类代码或名称）")
            return False
        if industry_id is None:
            add("enterprise_industry", self.lookups.industry_problem(industry))
            return False
        return ("new", uscc)

    def validate(self, source, filename):
        outcome = super().validate(source, filename)
        outcome.new_enterprises = [
            {"uscc": item["uscc"], "name": item["name"], "industry": item["industry"] or "（未填写）",
             "park": self.park_names.get(item["park_id"], ""), "rows": item["rows"]}
            for item in getattr(self, "new_enterprises", {}).values()]
        return outcome

    def _park(self, values, add):
        """The park's id, None when not given, False when a problem was added. Park staff default to theirs."""
        name, own = values.get("park", ""), self.restricted_to_park
        if not name:
            return own
        pk = self.parks.get(name_key(name))
        if pk is None:
            known = "、".join(sorted(self.park_names.values()))
            add("park", f"未找到园区“{name}”" + (f"，现有园区：{known}" if known else ""))
            return False
        if own and pk != own:
            add("park", f"您只能导入本园区（{self.park_names.get(own, '')}）的项目")
            return False
        return pk

    def _match(self, values, enterprise_id, add):
        """The existing project this row updates, or None to create one; False when a problem was added.

        By 项目编号 when given; else by name and 项目单位, or by name alone when the row names no 项目单位.
        """
        code, name = values.get("code", ""), values["name"]
        key = (name_key(name), enterprise_id)
        candidates = self.by_name.get(key, []) if enterprise_id else self.by_name_only.get(key[0], [])
        if code:
            if code in self.seen_codes:
                add("code", f"项目编号“{code}”与第{self.seen_codes[code]}行重复")
                return False
            self.seen_codes[code] = self._row
            if code in self.by_code and self._may_change(self.by_code[code]):
                return self.by_code[code]
            if self.restricted:
                # Unknown, or another park's: the same answer, so guessed codes reveal nothing.
                add("code", out_of_scope(code))
                return False
            others = [p for p in candidates if p.code != code] if enterprise_id else []
            if others:
                add("code", f"项目编号“{code}”不存在，但该项目单位已有同名项目（编号 {others[0].code}）；"
                            f"如为同一项目，请将编号改为 {others[0].code}")
                return False
        elif len(candidates) > 1:
            add("name", f"已有{len(candidates)}个同名项目（编号 {'、'.join(p.code for p in candidates)}），"
                        "请填写项目编号或项目单位以区分")
            return False
        if key in self.seen_names:
            add("name", f"项目“{name}”与第{self.seen_names[key]}行重复（同一项目单位）")
            return False
        self.seen_names[key] = self._row
        if not code and candidates:
            return candidates[0]
        return None

    def check(self, row, values, add, failed):
        self._row = row.number
        if "项目名称" in failed:
            return None
        enterprise_id = self._enterprise(values, add)
        park_id = self._park(values, add)
        if enterprise_id is False:
            return None
        existing = self._match(values, enterprise_id, add)
        if existing is False or park_id is False:
            return None
        if existing is not None and existing.pk in self.seen_projects:
            add("name", f"与第{self.seen_projects[existing.pk]}行是同一项目（{existing.code}），请合并为一行")
            return None
        if existing is not None:
            self.seen_projects[existing.pk] = row.number
        if isinstance(enterprise_id, tuple) and self.new_enterprises[enterprise_id[1]]["park_id"] is None:
            self.new_enterprises[enterprise_id[1]]["park_id"] = park_id  # a new enterprise sits in its project's park
        if existing is None and park_id is None and enterprise_id:
            park_id = self.enterprise_parks.get(enterprise_id)  # a new project sits in its enterprise's park
        data = {key: values[key] for key in PROJECT_FIELDS if key in values and not _is_blank(values[key])}
        if enterprise_id:
            data["enterprise_id"] = enterprise_id
        if park_id:
            data["park_id"] = park_id
        self._check_values(data, add)
        state = {name: getattr(existing, name) for name in [*PROJECT_FIELDS, "suspended_from"]} if existing else {
            "category": Category.INDUSTRIAL, "level": Level.DISTRICT, "stage": Stage.PLANNING, "suspended_from": "",
            "construction_permit_no": "",
        }
        state |= data
        for problem in self._lifecycle_problems(state, data):
            add(*problem)
        national = data.get("national_code")
        if national:
            owner = self.by_national.get(national)
            if owner and (existing is None or owner[0] != existing.pk):
                add("national_code", "投资项目统一代码已被其他项目使用" if self.restricted
                    else f"投资项目统一代码已被项目“{owner[2]}”（{owner[1]}）使用")
            elif national in self.seen_national:
                add("national_code", f"投资项目统一代码与第{self.seen_national[national]}行重复")
            self.seen_national.setdefault(national, row.number)
        preview = [data.get("code") or (existing.code if existing else "（自动生成）"), values["name"],
                   self._enterprise_name(enterprise_id or (existing.enterprise_id if existing else None)),
                   self.park_names.get(park_id or (existing.park_id if existing else None), ""),
                   _money(state.get("total_investment")), Stage(state["stage"]).label]
        if existing is None:
            data.setdefault("stage", Stage.PLANNING)
            if data["stage"] == Stage.SUSPENDED:
                data["suspended_from"] = _reached(state)
            return Planned(row.number, CREATE, data, preview=preview)
        if "stage" in data and data["stage"] != existing.stage:
            if data["stage"] == Stage.SUSPENDED:
                data["suspended_from"] = existing.stage if existing.stage in lifecycle.SUSPENDABLE else _reached(state)
            elif existing.stage == Stage.SUSPENDED:
                data["suspended_from"] = ""
        changes = []
        for name, new in data.items():
            old = getattr(existing, name)
            if old != new:
                changes.append(name)
        if not changes:
            return Planned(row.number, UNCHANGED, {}, existing, preview=preview)
        return Planned(row.number, UPDATE, {name: data[name] for name in changes}, existing,
                       changes=self._history(existing, data, changes), expected=existing.version, preview=preview)

    def _enterprise_name(self, pk):
        if isinstance(pk, tuple):  # an enterprise this import registers
            return f"{self.new_enterprises[pk[1]]['name']}（新建）"
        return self.enterprise_names.get(pk, "") if pk else ""

    def _check_values(self, data, add):
        for key in ("code", "name", "industry_chain", "construction_permit_no", "stats_code"):
            limit = Project._meta.get_field(key).max_length
            if key in data and len(data[key]) > limit:
                add(key, f"“{self.label(key)}”不能超过{limit}个字，当前{len(data[key])}个字")
                data.pop(key)
        if data.get("national_code"):
            problem = national_code_problem(data["national_code"], self.today)
            if problem:
                add("national_code", problem)
        if data.get("total_investment") is not None and data["total_investment"] < 0:
            add("total_investment", "总投资不能为负数")
        for key, low, high, what in (("latitude", 3, 54, "纬度"), ("longitude", 73, 136, "经度")):
            if data.get(key) is not None and not low <= data[key] <= high:
                add(key, f"{what}应在 {low} 到 {high} 之间（中国境内）")
        if data.get("stats_filed_on") and data["stats_filed_on"] > self.today:
            add("stats_filed_on", f"入库日期不能晚于今天（{self.today:%Y-%m-%d}）")

    def _lifecycle_problems(self, state, data):
        """The stage and milestone dates must agree: the rules of ``lifecycle`` and the project form.

        A stage needs the actual date that is its evidence (在建 → 实际开工日期); no milestone
        beyond the stage may have happened; actual dates are not in the future; both the planned
        and the actual dates follow the milestone order.
        """
        stage = Stage(state["stage"])
        if stage in STAGE_MILESTONE and "date" in lifecycle.evidence_fields(stage):
            milestone = STAGE_MILESTONE[stage]
            if not state.get(actual_field(milestone)):
                yield (actual_field(milestone),
                       f"当前阶段为“{stage.label}”，须填写实际{milestone.label}日期", "")
            if (stage == Stage.CONSTRUCTION and "construction_permit_no" in self.present
                    and not state.get("construction_permit_no")):
                yield "construction_permit_no", "当前阶段为“在建”，须填写施工许可证号", ""
        for milestone, name in LATER_ACTUALS.get(stage, ()):
            if state.get(name) and (name in data or "stage" in data):
                yield (name, f"当前阶段为“{stage.label}”，尚未{milestone.label}，不应填写实际{milestone.label}日期",
                       None)
        for name, message in lifecycle.date_order_problems(state, self.today, touched=data):
            yield name, message, None

    def _history(self, existing, data, changed):
        """The change list as every history writes it (``tuijin.lib.changes``), names looked up from the prefetch."""
        def resolve(field, pk):
            return (self._enterprise_name if field.name == "enterprise" else self.park_names.get)(pk) or ""

        return history.diff(existing, data, model=Project, resolve=resolve,
                            names=[name for name in changed if name != "suspended_from"])

    def apply(self, outcome, *, actor):
        now = timezone.now()
        actor_id = actor.pk if actor else None
        creates = [item for item in outcome.planned if item.action == CREATE]
        updates = [item for item in outcome.planned if item.action == UPDATE]
        self._check_versions(updates)
        registered = self._register_enterprises(creates + updates, actor)
        codes = self._codes_for(creates)
        template = {field.attname: field.get_default() for field in Project._meta.concrete_fields
                    if not field.primary_key}
        rows = []
        for item in creates:
            row = template | item.data | {"created_at": now, "updated_at": now, "stage_changed_at": now, "version": 1}
            row["code"] = row["code"] or next(codes)
            rows.append(row)
        insert_rows(Project, rows)
        ids = {}
        for chunk in _chunks([row["code"] for row in rows]):
            ids.update(Project.objects.filter(code__in=chunk).values_list("code", "pk"))
        # Raw inserts skip the model's defaults, so the door (import or command) is stamped here.
        event = {"actor_id": actor_id, "created_at": now, "evidence": {}, "changes": [], "from_stage": "",
                 "to_stage": "", "source": current_source()}
        events = [event | {"project_id": ids[row["code"]], "kind": EventKind.CREATED, "to_stage": row["stage"],
                           "version": 1} for row in rows]
        changes = []
        for item in updates:
            project = item.instance
            values = dict(item.data, version=project.version + 1, updated_at=now)
            stage_moved = "stage" in item.data and item.data["stage"] != project.stage
            if stage_moved:
                values["stage_changed_at"] = now
            changes.append((project.pk, values))
            events.append(event | {"project_id": project.pk, "kind": EventKind.EDITED, "changes": item.changes,
                                   "from_stage": project.stage if stage_moved else "",
                                   "to_stage": item.data["stage"] if stage_moved else "",
                                   "version": project.version + 1})
        update_rows(Project, changes)
        insert_rows(ProjectEvent, events)
        # Raw writes fire no signals: the audit log gets the same rows the signals would have written.
        audit.record_many(Project, [
            *(("create", SimpleNamespace(pk=ids[row["code"]]),
               self._history(None, item.data | {"code": row["code"]}, [*item.data, "code"]), row["name"])
              for item, row in zip(creates, rows)),
            *(("change", item.instance, item.changes, item.instance.name) for item in updates),
        ], insert=insert_rows)
        return {"created": len(rows), "updated": len(changes), "enterprises_created": registered,
                "unchanged": sum(1 for item in outcome.planned if item.action == UNCHANGED)}

    def _register_enterprises(self, items, actor):
        """Create the enterprises the written rows need (placeholders in their data), in this transaction."""
        wanted = {item.data["enterprise_id"][1] for item in items if isinstance(item.data.get("enterprise_id"), tuple)}
        rows = []
        for uscc in sorted(wanted):
            new = self.new_enterprises[uscc]
            rows.append({"uscc": uscc, "name": new["name"], "industry_id": new["industry_id"],
                         "park_id": new["park_id"] or self.restricted_to_park})
        ids = create_enterprises(rows, actor=actor, resolve=self.lookups.resolve)
        for row in rows:
            self.enterprise_names[ids[row["uscc"]]] = row["name"]
        for item in items:
            placeholder = item.data.get("enterprise_id")
            if isinstance(placeholder, tuple):
                item.data["enterprise_id"] = ids[placeholder[1]]
        return len(rows)

    def _check_versions(self, updates):
        expected = {item.instance.pk: item.expected for item in updates}
        for chunk in _chunks(expected):
            for pk, version in Project.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "version"):
                if expected[pk] != version:
                    raise StaleImport("校验后有项目被他人修改，为避免覆盖对方的修改，未写入任何数据；请重新校验后再导入。")

    def _codes_for(self, creates):
        """Consecutive codes after the last generated one, skipping any that the file itself uses."""
        taken = {item.data["code"] for item in creates if item.data.get("code")}
        prefix = code_prefix(self.today.year)
        for code in serials.following(_next_code(self.today.year), prefix, CODE_WIDTH):
            if code not in taken:
                yield code


def _reached(state):
    """The furthest main-line stage whose actual date is known, for a project imported as 停缓建."""
    for stage in reversed(STAGE_ORDER):
        milestone = STAGE_MILESTONE.get(stage)
        if milestone and state.get(actual_field(milestone)) and stage in lifecycle.SUSPENDABLE:
            return stage
    return ""

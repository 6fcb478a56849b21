"""Yearly plans and monthly reports from a sheet, through the imports framework (``tuijin.imports``).

Both key rows by 项目编号: a plan by project and year, a report by project, year and month. The
year (and month) may also come from the title — "2026年3月重大项目投资完成情况表" — when the sheet
has no column for it, which is how most bureau sheets are laid out.

Imported monthly reports are counted at once: they come from the bureau's own statistics, so they
are stored as approved (已审核) with an IMPORTED event, and the rollups of the project-years they
touch are recomputed through ``progress.actions.refresh_rollups``.
"""

import re

from django.utils import timezone

from tuijin.accounts import access
from tuijin.audit import registry as audit
from tuijin.imports.importers import (
    BATCH, CREATE, UNCHANGED, UPDATE, Importer, Planned, StaleImport, _chunks, _money, out_of_scope,
)
from tuijin.imports.models import ImportKind
from tuijin.imports.registry import register
from tuijin.lib import changes
from tuijin.lib.parsing import parse_bool, parse_date, parse_int, parse_money, parse_text
from tuijin.lib.tabular import Column
from tuijin.projects.importers import projects_by_code
from tuijin.projects.models import EventKind, ProjectEvent

from . import events
from .actions import refresh_rollups
from .models import MonthlyReport, PlanEvent, PlanEventKind, ReportEvent, ReportStatus, YearlyPlan

PROJECT_FIELDS = ("id", "code", "name", "park_id", "responsible_unit_id", "enterprise_id", "responsible_official_id",
                  "version")
CODE = Column("code", "项目编号", ("项目代码", "项目编码", "编号"), parse_text, required=True)
NAME = Column("name", "项目名称", ("项目名", "项目"), parse_text)


def _title_period(title):
    """(year, month) named in a sheet's title; either may be None."""
    match = re.search(r"(20\d{2})\s*年(?:度)?\s*(?:(\d{1,2})\s*月)?", title or "")
    if not match:
        match = re.search(r"(20\d{2})", title or "")
        return (int(match.group(1)), None) if match else (None, None)
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


class _ByProject(Importer):
    """Rows that belong to an existing project, found by its 项目编号."""

    record_label = ""

    def _load_projects(self, table):
        codes = {parse_text(row.cells.get("code")) for row in table.rows} - {""}
        self.projects = projects_by_code(codes, PROJECT_FIELDS)
        self.title_year, self.title_month = _title_period(table.title)
        self.seen = {}

    def _project(self, values, add):
        """The row's project; one refusal for a code that is unknown and for one outside the user's scope."""
        project = self.projects.get(values["code"])
        if self.restricted and (project is None or not self.may_change(project)):
            add("code", out_of_scope(values["code"]))
            return None
        if project is None:
            add("code", f"未找到项目编号“{values['code']}”，请先导入或新建该项目")
            return None
        if self.user is not None and not self.may_change(project):
            add("code", f"您无权导入该项目的{self.record_label}")  # a coordinator-level user without the right
            return None
        return project

    def _year(self, values, add, failed):
        year = values.get("year") or self.title_year
        if year is None:
            if "年度" not in failed:
                add("year", "缺少年度：请增加“年度”列，或在表格标题中写明年份（如“2026年度投资计划”）", "")
            return None
        if not 2000 <= year <= self.today.year + 5:
            add("year", f"年度 {year} 不在合理范围（2000—{self.today.year + 5}）")
            return None
        return year

    def _once(self, key, column, add, row_number, what):
        if key in self.seen:
            add(column, f"{what}与第{self.seen[key]}行重复")
            return False
        self.seen[key] = row_number
        return True


@register
class PlanImporter(_ByProject):
    kind = ImportKind.PLANS
    record_label = "年度计划"
    columns = [
        CODE, NAME,
        Column("year", "年度", ("年份", "计划年度", "年度（年）"), parse_int),
        Column("planned_investment", "年度计划投资", ("计划投资", "年度计划", "本年计划投资", "年度投资计划",
                                                    "年度计划投资额"), parse_money, required=True),
        Column("plans_start", "计划当年开工", ("当年开工", "是否当年开工", "是否计划当年开工"), parse_bool),
        Column("plans_complete", "计划当年竣工", ("当年竣工", "是否当年竣工", "是否计划当年竣工"), parse_bool),
        Column("plans_operate", "计划当年投产", ("当年投产", "是否当年投产", "是否计划当年投产"), parse_bool),
        Column("plans_capacity", "计划当年达产", ("当年达产", "是否当年达产", "是否计划当年达产"), parse_bool),
        Column("note", "年度建设内容", ("年度建设内容及目标", "年度目标", "建设内容"), parse_text),
    ]
    preview_columns = ["项目编号", "项目名称", "年度", "年度计划投资（万元）"]
    fields = ("planned_investment", "plans_start", "plans_complete", "plans_operate", "plans_capacity", "note")

    def may_change(self, project):
        return access.can_plan_investment(self.user, project)

    def prefetch(self, table):
        self._load_projects(table)
        self.plans = {}
        for chunk in _chunks([project.pk for project in self.projects.values()]):
            for plan in YearlyPlan.objects.filter(project_id__in=chunk):
                self.plans[(plan.project_id, plan.year)] = plan

    def check(self, row, values, add, failed):
        if "项目编号" in failed:
            return None
        project = self._project(values, add)
        year = self._year(values, add, failed)
        if project is None or year is None or "年度计划投资" in failed:
            return None
        data = {name: values[name] for name in self.fields if name in values and values[name] not in (None, "")}
        valid = self._once((project.pk, year), "code", add, row.number, f"项目“{project.code}”{year}年的计划")
        if data["planned_investment"] < 0:
            add("planned_investment", "年度计划投资不能为负数")
            valid = False
        if len(data.get("note", "")) > 300:
            add("note", f"年度建设内容不能超过300个字，当前{len(data['note'])}个字")
            valid = False
        if not valid:
            return None
        preview = [project.code, project.name, f"{year}年", _money(data["planned_investment"])]
        existing = self.plans.get((project.pk, year))
        if existing is None:
            return Planned(row.number, CREATE, {"project_id": project.pk, "year": year, **data},
                           changes=_in_year(changes.diff(None, data, model=YearlyPlan), year), preview=preview)
        changed = {name: value for name, value in data.items() if getattr(existing, name) != value}
        if not changed:
            return Planned(row.number, UNCHANGED, {}, existing, preview=preview)
        history = _in_year(changes.diff(existing, changed), year)
        return Planned(row.number, UPDATE, changed, existing, changes=history,
                       expected=tuple(getattr(existing, name) for name in self.fields), preview=preview)

    def apply(self, outcome, *, actor):
        created = {id(item): YearlyPlan(**item.data) for item in outcome.planned if item.action == CREATE}
        creates = list(created.values())
        updates = [item for item in outcome.planned if item.action == UPDATE]
        expected = {item.instance.pk: item.expected for item in updates}
        for chunk in _chunks(expected):
            for plan in YearlyPlan.objects.select_for_update().filter(pk__in=chunk).only("pk", *self.fields):
                if tuple(getattr(plan, name) for name in self.fields) != expected[plan.pk]:
                    raise StaleImport("校验后有年度计划被他人修改，未写入任何数据；请重新校验后再导入。")
        YearlyPlan.objects.bulk_create(creates, batch_size=BATCH)
        if any(plan.pk is None for plan in creates):  # backends that cannot return ids
            ids = {(plan.project_id, plan.year): plan.pk for plan in YearlyPlan.objects.filter(
                project_id__in={plan.project_id for plan in creates}).only("pk", "project_id", "year")}
            for plan in creates:
                plan.pk = plan.id = ids[(plan.project_id, plan.year)]
        changed_fields = set()
        for item in updates:
            for name, value in item.data.items():
                setattr(item.instance, name, value)
                changed_fields.add(name)
            item.instance.updated_at = timezone.now()
        if updates:
            YearlyPlan.objects.bulk_update([item.instance for item in updates], [*sorted(changed_fields), "updated_at"],
                                           batch_size=BATCH)
        refresh_rollups({(plan.project_id, plan.year) for plan in creates}
                        | {(item.instance.project_id, item.instance.year) for item in updates})
        self._log(outcome, actor, created)
        return {"created": len(creates), "updated": len(updates),
                "unchanged": sum(1 for item in outcome.planned if item.action == UNCHANGED)}

    def _log(self, outcome, actor, created):
        """A plan set or changed by import leaves an event on the plan's history and on its project's.

        The plan's own row (``PlanEvent``) is what the page writes too; the project's 修改信息 entry
        names the year, so the project history shows who changed which year's plan. The project's
        version is unchanged (its master data is). ``created`` pairs each CREATE item with its plan.
        """
        versions = {project.pk: project.version for project in self.projects.values()}
        plan_events, project_events = [], []
        for item in outcome.planned:
            if item.action not in (CREATE, UPDATE) or not item.changes:
                continue
            plan = created[id(item)] if item.action == CREATE else item.instance
            own = [entry | {"label": entry["label"].removeprefix(f"{plan.year}年 ")} for entry in item.changes]
            plan_events.append(events.plan_imported(plan, actor=actor, created=item.action == CREATE, changes=own))
            project_events.append(ProjectEvent(project_id=plan.project_id, kind=EventKind.EDITED, actor=actor,
                                               changes=item.changes, version=versions[plan.project_id]))
        PlanEvent.objects.bulk_create(plan_events, batch_size=BATCH)
        ProjectEvent.objects.bulk_create(project_events, batch_size=BATCH)
        names = {project.pk: project.name for project in self.projects.values()}
        audit.record_many(YearlyPlan, [("create" if event.kind == PlanEventKind.CREATED else "change", event.plan,
                                        event.changes, f"{names[event.plan.project_id]} {event.plan.year}年计划")
                                       for event in plan_events])


def _in_year(history, year):
    """Plan changes read on the project's history with their year: “2026年 年度计划投资（万元）”."""
    return [entry | {"label": f"{year}年 {entry['label']}"} for entry in history]


@register
class ReportImporter(_ByProject):
    kind = ImportKind.REPORTS
    record_label = "月报"
    columns = [
        CODE, NAME,
        Column("period", "报告期", ("填报月份", "所属月份", "报送月份", "统计月份", "年月"), parse_date),
        Column("year", "年度", ("年份",), parse_int),
        Column("month", "月份", ("月",), parse_int),
        Column("completed_investment", "本月完成投资", ("当月完成投资", "月度完成投资", "本月完成", "完成投资"),
               parse_money, required=True),
        Column("funds_arrived", "本月到位资金", ("当月到位资金", "到位资金", "本月资金到位"), parse_money),
        Column("narrative", "形象进度", ("本月形象进度", "工程形象进度", "进展情况", "项目进展"), parse_text),
    ]
    preview_columns = ["项目编号", "项目名称", "月份", "本月完成投资（万元）", "本月到位资金（万元）"]
    fields = ("completed_investment", "funds_arrived", "narrative")

    def may_change(self, project):
        # Imported reports are stored as approved, so importing one takes the reviewer's right.
        return access.can_review_progress(self.user, project)

    def prefetch(self, table):
        self._load_projects(table)
        self.reports = {}
        for chunk in _chunks([project.pk for project in self.projects.values()]):
            for report in MonthlyReport.objects.filter(project_id__in=chunk):
                self.reports[(report.project_id, report.year, report.month)] = report

    def _period(self, values, add, failed):
        if values.get("period"):
            return values["period"].year, values["period"].month
        if "报告期" in failed:
            return None
        year = self._year(values, add, failed)
        month = values.get("month") or self.title_month
        if month is None and "月份" not in failed:
            add("month", "缺少月份：请增加“月份”或“报告期”列，或在表格标题中写明月份（如“2026年3月”）", "")
        if year is None or month is None:
            return None
        if not 1 <= month <= 12:
            add("month", f"月份应为 1 到 12，当前为 {month}")
            return None
        return year, month

    def check(self, row, values, add, failed):
        if "项目编号" in failed:
            return None
        project = self._project(values, add)
        period = self._period(values, add, failed)
        if project is None or period is None or "本月完成投资" in failed:
            return None
        year, month = period
        if (year, month) > (self.today.year, self.today.month):
            add("period" if values.get("period") else "month", f"不能导入未来月份（{year}年{month}月）的月报")
            return None
        data = {name: values[name] for name in self.fields if name in values and values[name] not in (None, "")}
        valid = self._once((project.pk, year, month), "code", add, row.number,
                           f"项目“{project.code}”{year}年{month}月的月报")
        for name, label in (("completed_investment", "本月完成投资"), ("funds_arrived", "本月到位资金")):
            if data.get(name) is not None and data[name] < 0:
                add(name, f"{label}不能为负数")
                valid = False
        if not valid:
            return None
        preview = [project.code, project.name, f"{year}年{month}月", _money(data["completed_investment"]),
                   _money(data.get("funds_arrived"))]
        existing = self.reports.get((project.pk, year, month))
        if existing is None:
            return Planned(row.number, CREATE, {"project_id": project.pk, "year": year, "month": month, **data},
                           preview=preview)
        changed = {name: value for name, value in data.items() if getattr(existing, name) != value}
        if not changed and existing.status == ReportStatus.APPROVED:
            return Planned(row.number, UNCHANGED, {}, existing, preview=preview)
        history = changes.diff(existing, changed)
        return Planned(row.number, UPDATE, changed, existing, changes=history, expected=existing.version,
                       preview=preview)

    def apply(self, outcome, *, actor):
        now = timezone.now()
        approved = {"status": ReportStatus.APPROVED, "return_reason": "", "reviewed_at": now, "reviewed_by": actor}
        creates = [MonthlyReport(**item.data, **approved, submitted_at=now, submitted_by=actor)
                   for item in outcome.planned if item.action == CREATE]
        updates = [item for item in outcome.planned if item.action == UPDATE]
        expected = {item.instance.pk: item.expected for item in updates}
        for chunk in _chunks(expected):
            for pk, version in MonthlyReport.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "version"):
                if expected[pk] != version:
                    raise StaleImport("校验后有月报被他人修改，未写入任何数据；请重新校验后再导入。")
        MonthlyReport.objects.bulk_create(creates, batch_size=BATCH)
        if any(report.pk is None for report in creates):  # backends that cannot return ids
            ids = {(r.project_id, r.year, r.month): r.pk for r in MonthlyReport.objects.filter(
                project_id__in={r.project_id for r in creates}).only("pk", "project_id", "year", "month")}
            for report in creates:
                report.pk = report.id = ids[(report.project_id, report.year, report.month)]
        rows = [events.report_imported(report, actor=actor) for report in creates]
        changed_fields = {"version", "updated_at", *approved}
        for item in updates:
            report = item.instance
            was = report.get_status_display()
            for name, value in item.data.items():
                setattr(report, name, value)
                changed_fields.add(name)
            for name, value in approved.items():
                setattr(report, name, value)
            report.version += 1
            report.updated_at = now
            reason = "批量导入" if was == ReportStatus.APPROVED.label else f"批量导入（原状态：{was}，导入后为已审核）"
            rows.append(events.report_imported(report, actor=actor, reason=reason, changes=item.changes))
        if updates:
            MonthlyReport.objects.bulk_update([item.instance for item in updates], sorted(changed_fields),
                                              batch_size=BATCH)
        ReportEvent.objects.bulk_create(rows, batch_size=BATCH)
        self._audit(outcome, creates, updates)
        refresh_rollups({(r.project_id, r.year) for r in creates}
                        | {(item.instance.project_id, item.instance.year) for item in updates})
        return {"created": len(creates), "updated": len(updates),
                "unchanged": sum(1 for item in outcome.planned if item.action == UNCHANGED)}

    def _audit(self, outcome, creates, updates):
        """The audit rows the model signals would have written, had the reports been saved one by one."""
        names = {project.pk: project.name for project in self.projects.values()}
        new_items = [item for item in outcome.planned if item.action == CREATE]
        entries = [("create", report, changes.diff(None, item.data, model=MonthlyReport,
                                                   names=[name for name in item.data if name != "project_id"]),
                    f"{names[report.project_id]} {report.year}年{report.month}月")
                   for item, report in zip(new_items, creates)]
        entries += [("change", item.instance, item.changes,
                     f"{names[item.instance.project_id]} {item.instance.year}年{item.instance.month}月")
                    for item in updates]
        audit.record_many(MonthlyReport, entries)

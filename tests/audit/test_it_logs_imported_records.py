"""An import writes in bulk, past the model signals; its creates and changes still reach the audit log,
named, with old → new values, by the job's user, marked as coming through an import."""

from tuijin.audit.models import AuditAction, AuditEntry
from tuijin.imports.models import ImportJob

from ..imports.sheets import page_text, upload, xlsx


def _import(client, rows, kind):
    upload(client, xlsx(rows), "导入.xlsx", kind=kind)
    job = ImportJob.objects.latest("pk")
    assert job.problems == [], job.problems
    client.post(f"/imports/{job.pk}/apply/")


def test_imported_projects_plans_and_reports_are_in_the_audit_log(client, settings, tmp_path, coordinator,
                                                                  enterprise, project):
    settings.IMPORTS_RUN_INLINE = True
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(coordinator)

    # Given a sheet creating one project and correcting another's investment, then a plan and a report sheet
    _import(client, [["项目编号", "项目名称", "企业名称", "园区", "总投资", "项目阶段"],
                     ["", "氢能装备产业化项目", enterprise.name, "高新园", 8000, "在谈"],
                     [project.code, project.name, enterprise.name, "高新园", 12345, project.get_stage_display()]],
            kind="projects")
    _import(client, [["项目编号", "年度", "年度计划投资"], [project.code, 2026, 6000]], kind="plans")
    _import(client, [["项目编号", "年度", "月份", "本月完成投资"], [project.code, 2026, 1, 300]], kind="reports")

    # Then each record written has its entry, through an import, by the coordinator
    entries = AuditEntry.objects.filter(source="import")
    assert {(entry.model, entry.action) for entry in entries} == {
        ("projects.project", AuditAction.CREATE), ("projects.project", AuditAction.CHANGE),
        ("progress.yearlyplan", AuditAction.CREATE), ("progress.monthlyreport", AuditAction.CREATE)}
    assert {entry.actor for entry in entries} == {coordinator}
    change = entries.get(model="projects.project", action=AuditAction.CHANGE)
    assert change.object_pk == str(project.pk) and change.object_repr == project.name
    assert {"field": "total_investment", "label": "总投资（万元）", "old": f"{project.total_investment:.2f}",
            "new": "12345.00"} in change.changes
    created = entries.get(model="projects.project", action=AuditAction.CREATE)
    assert created.object_repr == "氢能装备产业化项目"
    assert any(entry["label"] == "项目名称" and entry["new"] == "氢能装备产业化项目" for entry in created.changes)
    plan = entries.get(model="progress.yearlyplan")
    assert plan.object_repr == f"{project.name} 2026年计划"
    assert any(entry["new"] == "6000.00" for entry in plan.changes)
    report = entries.get(model="progress.monthlyreport")
    assert report.object_repr == f"{project.name} 2026年1月"

    # And a coordinator searching the log for the project's name finds the import's entries, marked 数据导入
    page = page_text(client.get("/audit/", {"q": project.name, "source": "import"}))
    assert "数据导入" in page and "2026年计划" in page and "12345.00" in page

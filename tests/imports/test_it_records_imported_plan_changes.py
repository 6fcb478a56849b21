"""A yearly plan set or changed by an import shows on its project's history, as an edit on the page does."""

from tuijin.imports.models import ImportJob

from .sheets import page_text, upload, xlsx

HEADER = ["项目编号", "年度", "年度计划投资", "计划当年开工"]


def _import(client, rows):
    upload(client, xlsx([HEADER, *rows]), "计划.xlsx", kind="plans")
    job = ImportJob.objects.latest("pk")
    assert job.problems == [], job.problems
    client.post(f"/imports/{job.pk}/apply/")


def test_an_imported_plan_and_its_correction_are_on_the_project_history(client, coordinator, project):
    client.force_login(coordinator)

    # Given a plan imported for 2026
    _import(client, [[project.code, 2026, 12000, "是"]])

    # When a later sheet changes its amount
    _import(client, [[project.code, 2026, 15000, "是"]])

    # Then the project's history shows both: who set the plan, and the amount going from 12000 to 15000
    page = page_text(client.get(f"/projects/{project.pk}/"))
    assert "2026年 年度计划投资（万元）： （空） → 12000.00" in page
    assert "2026年 计划当年开工： （空） → 是" in page
    assert "2026年 年度计划投资（万元）： 12000.00 → 15000.00" in page
    assert [len(event.changes) for event in project.events.filter(kind="edited")] == [1, 2]


def test_an_imported_plan_is_on_the_plans_own_history_marked_as_an_import(client, coordinator, project):
    client.force_login(coordinator)

    # Given a plan imported for 2026, then corrected by a second sheet
    _import(client, [[project.code, 2026, 12000, "是"]])
    _import(client, [[project.code, 2026, 15000, "是"]])

    # When the coordinator opens the project's progress page for 2026
    page = page_text(client.get(f"/progress/projects/{project.pk}/?year=2026"))

    # Then the plan's history names both imports, who made them and that they came from an import
    history = page[page.index("制定年度计划"):]
    assert "年度计划投资（万元）： 12000.00 → 15000.00" in page
    assert "修改年度计划" in page and "来源：数据导入" in history
    assert "年度计划投资（万元）： （空） → 12000.00" in history
    assert "2026年 年度计划投资" not in history  # the plan's own history needs no year prefix

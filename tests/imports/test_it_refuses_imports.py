"""Who may import what: leaders, departments and enterprises may not; park staff only into their own park."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tuijin.accounts.models import Role
from tuijin.imports.models import ImportJob
from tuijin.progress.models import MonthlyReport, YearlyPlan
from tuijin.projects.models import Project

from .sheets import page_text, upload, xlsx

PROJECT_HEADER = ["项目编号", "项目名称", "项目单位", "所在园区", "总投资"]


@pytest.mark.parametrize("role", [Role.LEADER, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_readers_departments_and_enterprises_cannot_import(client, users, role, enterprise, park):
    client.force_login(users[role])

    # They see no 数据导入 in the navigation, and the page refuses them
    assert "数据导入" not in page_text(client.get("/"))
    response = client.get("/imports/")
    assert response.status_code == 403
    assert "只有统筹协调部门（发改/投促）和园区工作人员可以导入数据。" in page_text(response)

    # Posting a file directly is refused too, and nothing is stored
    content = xlsx([PROJECT_HEADER, ["", "新项目", enterprise.name, "高新园", 100]])
    assert upload(client, content, "清单.xlsx").status_code == 403
    assert ImportJob.objects.count() == 0 and Project.objects.count() == 0


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARK_STAFF])
def test_coordinators_and_park_staff_find_the_import_page(client, users, role):
    client.force_login(users[role])
    assert "数据导入" in page_text(client.get("/"))
    page = page_text(client.get("/imports/"))
    assert "项目信息 下载模板 年度投资计划 下载模板 月度完成投资 下载模板" in page


def test_park_staff_cannot_import_into_another_park(client, users, enterprise, park, other_park, other_project):
    client.force_login(users[Role.PARK_STAFF])
    content = xlsx([
        PROJECT_HEADER,
        ["", "高新园新项目", enterprise.name, "高新园", 100],
        ["", "临港园新项目", enterprise.name, "临港园", 100],
        [other_project.code, other_project.name, "", "", 200],
        ["", "不填园区的新项目", enterprise.name, "", 100],
    ])

    response = upload(client, content, "清单.xlsx")

    page = page_text(response)
    assert "第3行 所在园区 临港园 您只能导入本园区（高新园）的项目" in page
    assert f"第4行 项目编号 {other_project.code} 您的权限范围内没有编号为“{other_project.code}”的项目" in page
    assert "发现 2 个问题，未写入任何数据" in page
    assert Project.objects.count() == 1  # only other_project, untouched


def test_park_staff_imports_into_their_own_park_by_default(client, users, enterprise, park):
    client.force_login(users[Role.PARK_STAFF])
    upload(client, xlsx([PROJECT_HEADER, ["", "不填园区的新项目", enterprise.name, "", 100]]), "清单.xlsx")
    client.post(f"/imports/{ImportJob.objects.get().pk}/apply/")
    assert Project.objects.get(name="不填园区的新项目").park == park


def test_park_staff_cannot_import_plans_or_reports_of_another_parks_project(client, users, project, other_project):
    client.force_login(users[Role.PARK_STAFF])
    plans = xlsx([["项目编号", "年度", "年度计划投资"], [project.code, 2026, 100], [other_project.code, 2026, 100]])
    page = page_text(upload(client, plans, "计划.xlsx", kind="plans"))
    assert f"第3行 项目编号 {other_project.code} 您的权限范围内没有编号为“{other_project.code}”的项目" in page

    reports = xlsx([["项目编号", "报告期", "本月完成投资"], [other_project.code, "2026年1月", 10]])
    page = page_text(upload(client, reports, "月报.xlsx", kind="reports"))
    assert f"第2行 项目编号 {other_project.code} 您的权限范围内没有编号为“{other_project.code}”的项目" in page
    assert YearlyPlan.objects.count() == 0 and MonthlyReport.objects.count() == 0


@pytest.mark.parametrize(("name", "message"), [
    ("清单.docx", "不支持的文件类型“.docx”，请上传 Excel（.xlsx、.xls）或 CSV（.csv）文件"),
    ("清单", "不支持的文件类型“无扩展名”"),
    ("清单.xlsx.exe", "不支持的文件类型“.exe”"),
])
def test_it_refuses_files_of_other_types(client, coordinator, name, message):
    client.force_login(coordinator)
    response = upload(client, b"content", name)
    assert response.status_code == 400
    assert message in page_text(response)
    assert ImportJob.objects.count() == 0


def test_it_refuses_files_over_the_size_limit(client, coordinator):
    client.force_login(coordinator)
    response = upload(client, b"0" * (20 * 1024 * 1024 + 1), "清单.csv")
    assert response.status_code == 400
    assert "文件过大（20.0 MB），上限为 20 MB" in page_text(response)
    assert ImportJob.objects.count() == 0


def test_nobody_else_sees_an_import_job(client, users, coordinator, enterprise, park):
    client.force_login(coordinator)
    upload(client, xlsx([PROJECT_HEADER, ["", "新项目", enterprise.name, "高新园", 100]]), "清单.xlsx")
    job = ImportJob.objects.get()

    client.force_login(users[Role.PARK_STAFF])
    assert client.get(f"/imports/{job.pk}/").status_code == 404
    assert client.post(f"/imports/{job.pk}/apply/").status_code == 404
    assert Project.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/imports/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    response = client.post("/imports/", {"kind": "projects", "file": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 302

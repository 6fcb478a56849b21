"""吹哨 from the browser's point of view: the form, its choices, attachments checked by type and size."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.coordination.models import Attachment, Problem, ProblemCategory, ProblemStatus

from ..pages import form_data, text

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="用电申请.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_it_files_a_problem_with_an_attachment(client, users, project, category):
    client.force_login(users[Role.ENTERPRISE])
    form = form_data(client.get(reverse("coordination_file")), action="")

    response = client.post(reverse("coordination_file"), form | {
        "target": f"project:{project.pk}", "category": category.pk, "urgency": "urgent",
        "title": "厂区10kV供电线路未接入", "description": "设备调试需要正式用电", "files": [pdf()]})

    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == reverse("coordination_problem", args=[problem.pk])
    assert (problem.status, problem.project, problem.filed_by) == (ProblemStatus.SUBMITTED, project,
                                                                  users[Role.ENTERPRISE])
    page = client.get(response.url)
    assert "提交问题" in text(page) and "用电申请.pdf" in text(page)
    download = client.get(reverse("coordination_attachment", args=[Attachment.objects.get().pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_it_offers_an_enterprise_only_its_own_projects_and_itself(client, users, project, other_project, enterprise):
    client.force_login(users[Role.ENTERPRISE])

    page = client.get(reverse("coordination_file")).content.decode()

    assert f"project:{project.pk}" in page and f"enterprise:{enterprise.pk}" in page
    assert f"project:{other_project.pk}" not in page


def test_it_refuses_a_problem_about_someone_elses_project(client, users, other_project, category):
    client.force_login(users[Role.ENTERPRISE])

    response = client.post(reverse("coordination_file"), {
        "target": f"project:{other_project.pk}", "category": category.pk, "urgency": "normal", "title": "t",
        "description": "d"})

    assert response.status_code == 200 and not Problem.objects.exists()
    # … and linking straight to it from a project page is a 404
    assert client.get(reverse("coordination_file"), {"project": other_project.pk}).status_code == 404


def test_it_refuses_files_of_the_wrong_type_or_size(client, users, project, category, settings):
    settings.COORDINATION_MAX_ATTACHMENT_MB = 1
    client.force_login(users[Role.ENTERPRISE])
    base = {"target": f"project:{project.pk}", "category": category.pk, "urgency": "normal", "title": "t",
            "description": "d"}

    cases = {
        "setup.exe": "类型不支持",
        "发票.pdf": "内容与扩展名 .pdf 不符",  # an executable renamed
        "大图.pdf": "超过 1 MB 上限",
    }
    contents = {"setup.exe": b"MZ\x90\x00", "发票.pdf": b"MZ\x90\x00binary", "大图.pdf": PDF + b"0" * 1024 * 1024}
    for name, message in cases.items():
        response = client.post(reverse("coordination_file"), base | {"files": [pdf(name, contents[name])]})
        assert message in text(response)
    assert not Problem.objects.exists() and not Attachment.objects.exists()


def test_it_starts_a_coordinator_from_the_project_page(client, coordinator, project, users):
    client.force_login(coordinator)

    detail = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    form = client.get(reverse("coordination_file"), {"project": project.pk}).content.decode()

    assert f'href="/coordination/new/?project={project.pk}"' in detail and "问题（0）" in detail
    assert f'<option value="project:{project.pk}" selected>' in form


def test_it_keeps_leaders_from_filing(client, users):
    client.force_login(users[Role.LEADER])
    assert client.get(reverse("coordination_file")).status_code == 403


def test_it_lets_coordinators_edit_the_categories(client, coordinator, users):
    # Given the nine categories seeded by the migration
    assert list(ProblemCategory.objects.values_list("name", flat=True)) == [
        "用地", "规划", "环评", "水电气", "道路", "融资", "用工", "审批", "其他"]
    client.force_login(coordinator)

    # When a coordinator adds one in the admin and switches one off
    client.post(reverse("admin:coordination_problemcategory_add"),
                {"name": "消防", "sort_order": 85, "is_active": "on"})
    ProblemCategory.objects.filter(name="融资").update(is_active=False)

    # Then the filing form offers the new one and not the switched-off one
    client.force_login(users[Role.ENTERPRISE])
    page = text(client.get(reverse("coordination_file")))
    assert "消防" in page and "融资" not in page

"""批复、许可证、合同、会议纪要 kept with a project: uploaded by those who may edit it, listed on its page,
downloaded by those who may see it (404 for the others), checked by their bytes and capped in size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.audit.models import AuditEntry
from tuijin.projects.models import EventKind, ProjectAttachment

from .pages import text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x00" * 40


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, project, *, name="立项批复.pdf", content=PDF, **fields):
    data = {"kind": "approval", "title": "年产5万吨正极材料项目立项批复", "document_no": "成高审批〔2026〕12号",
            "document_date": "2026-03-02", "file": SimpleUploadedFile(name, content), **fields}
    return client.post(reverse("project_attachment_add", args=[project.pk]), data)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARK_STAFF, Role.DEPARTMENT_CLERK])
def test_an_editor_files_a_document_and_it_is_listed_with_its_number_and_date(client, users, project, role):
    # Given someone who may edit the project
    client.force_login(users[role])

    # When they upload the approval
    response = _upload(client, project)

    # Then it is listed on the project with its type, number and date, and the history says so
    assert response.status_code == 302
    page = text(client.get(reverse("project_detail", args=[project.pk])))
    assert "年产5万吨正极材料项目立项批复" in page and "成高审批〔2026〕12号" in page and "2026-03-02" in page
    attachment = ProjectAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.uploaded_by == users[role]
    event = project.events.get(kind=EventKind.ATTACHED)
    assert event.actor == users[role] and "成高审批〔2026〕12号" in event.changes[0]["new"]
    assert AuditEntry.objects.filter(model="projects.projectattachment", object_pk=str(attachment.pk)).exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.ENTERPRISE])
def test_those_who_only_read_cannot_upload(client, users, project, role):
    client.force_login(users[role])

    response = _upload(client, project)

    assert response.status_code == 403
    assert "无权上传附件" in response.content.decode()
    assert not ProjectAttachment.objects.exists()


def test_an_outsider_cannot_upload_to_a_project_they_cannot_see(client, users, other_project):
    client.force_login(users[Role.PARK_STAFF])

    assert _upload(client, other_project).status_code == 404
    assert not ProjectAttachment.objects.exists()


def test_the_upload_form_is_shown_only_to_editors(client, users, project):
    client.force_login(users[Role.LEADER])
    assert 'data-testid="attachment-form"' not in client.get(reverse("project_detail", args=[project.pk])).content.decode()

    client.force_login(users[Role.PARK_STAFF])
    assert 'data-testid="attachment-form"' in client.get(reverse("project_detail", args=[project.pk])).content.decode()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("批复.pdf", b"MZ\x90\x00 not a pdf at all", "内容与扩展名 .pdf 不符"),
    ("合同.exe", b"MZ\x90\x00", "类型不支持"),
    ("纪要.docx", PDF, "内容与扩展名 .docx 不符"),
    ("空.pdf", b"", "空文件"),
])
def test_a_file_that_is_not_what_it_claims_is_refused(client, users, project, name, content, message):
    client.force_login(users[Role.COORDINATOR])

    response = _upload(client, project, name=name, content=content)

    assert response.status_code == 302
    assert message in text(client.get(response.url))
    assert not ProjectAttachment.objects.exists() and not project.events.exists()


def test_a_file_over_the_cap_is_refused_naming_the_cap(client, users, project, settings):
    settings.PROJECTS_MAX_ATTACHMENT_MB = 1
    client.force_login(users[Role.COORDINATOR])

    response = _upload(client, project, content=PDF + b"0" * (1024 * 1024))

    assert "超过 1 MB 上限" in text(client.get(response.url))
    assert not ProjectAttachment.objects.exists()


def test_the_action_checks_the_bytes_even_without_the_form(users, project):
    from django.core.exceptions import ValidationError

    from tuijin.projects import actions

    with pytest.raises(ValidationError):
        actions.add_attachment(project, actor=users[Role.COORDINATOR], kind="contract", title="合同",
                               upload=SimpleUploadedFile("合同.pdf", b"<html>"))


@pytest.mark.parametrize("role", list(Role))
def test_whoever_sees_the_project_downloads_it_with_a_sniffed_type(client, users, project, role):
    client.force_login(users[Role.COORDINATOR])
    _upload(client, project, name="纪要.docx", content=DOCX, kind="minutes", title="调度会纪要")
    attachment = ProjectAttachment.objects.get()
    client.force_login(users[role])

    response = client.get(reverse("project_attachment", args=[project.pk, attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]


def test_those_who_cannot_see_the_project_get_404(client, users, project, other_project):
    client.force_login(users[Role.COORDINATOR])
    _upload(client, project)
    attachment = ProjectAttachment.objects.get()

    client.force_login(users[Role.PARK_STAFF])
    other_park_user = users[Role.PARK_STAFF]
    assert client.get(reverse("project_attachment", args=[other_project.pk, attachment.pk])).status_code == 404
    other_park_user.organisation = other_project.park
    other_park_user.save()
    assert client.get(reverse("project_attachment", args=[project.pk, attachment.pk])).status_code == 404

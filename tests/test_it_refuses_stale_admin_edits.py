"""Two coordinators editing one project in the admin: the second save is refused, not silently applied."""

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.projects.models import EventKind

from .factories import UserFactory
from .pages import form_data


def test_it_refuses_the_second_of_two_admin_edits(client, coordinator, project, district):
    url = reverse("admin:projects_project_change", args=[project.pk])
    colleague = UserFactory(role=Role.COORDINATOR, organisation=district, full_name="李协调")
    # Given both coordinators opened the project's admin page at version 1
    client.force_login(coordinator)
    mine = form_data(client.get(url))
    client.force_login(colleague)
    theirs = form_data(client.get(url))

    # When the colleague saves first, and then the coordinator saves their own change
    assert client.post(url, theirs | {"name": "同事改的名称", "_save": "保存"}).status_code == 302
    client.force_login(coordinator)
    refused = client.post(url, mine | {"name": "我改的名称", "_save": "保存"})

    # Then the coordinator's save is refused with who saved first, and the colleague's change stands
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "保存失败" in page and "李协调" in page
    project.refresh_from_db()
    assert project.name == "同事改的名称" and project.version == 2
    assert list(project.events.filter(kind=EventKind.EDITED).values_list("actor", flat=True)) == [colleague.pk]


def test_it_saves_once_the_page_is_reloaded(client, coordinator, project):
    url = reverse("admin:projects_project_change", args=[project.pk])
    client.force_login(coordinator)
    first = form_data(client.get(url))
    assert client.post(url, first | {"name": "第一次修改", "_save": "保存"}).status_code == 302
    # Given the page reloaded after a save, When saved again, Then it goes through at the new version
    second = form_data(client.get(url))
    assert client.post(url, second | {"name": "第二次修改", "_save": "保存"}).status_code == 302
    project.refresh_from_db()
    assert project.name == "第二次修改" and project.version == 3

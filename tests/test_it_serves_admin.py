"""The Django admin: coordinators run the system there; others are kept out; the stage is not edited by
hand and nothing is deleted, because the records are evidence."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.projects.models import EventKind, Project, Stage

from .factories import UserFactory
from .pages import form_data, text


def test_it_lets_a_coordinator_into_the_admin(client, coordinator, project):
    # Given a coordinator, who was never ticked as staff by hand
    assert coordinator.is_staff and not coordinator.is_superuser
    client.force_login(coordinator)

    # When they open the admin and its project list
    index = client.get(reverse("admin:index"))
    changelist = client.get(reverse("admin:projects_project_changelist"))

    # Then both open, in Chinese, listing the project
    assert index.status_code == 200
    assert "推进 · 重大项目管理平台 后台" in text(index) and "项目" in text(index)
    assert changelist.status_code == 200
    assert "年产5万吨锂电池正极材料项目" in text(changelist)


def test_it_shows_the_admin_link_only_to_coordinators(client, users):
    client.force_login(users[Role.COORDINATOR])
    assert 'href="/admin/"' in client.get(reverse("home")).content.decode()

    client.force_login(users[Role.PARK_STAFF])
    assert 'href="/admin/"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", [Role.PARK_STAFF, Role.LEADER, Role.DEPARTMENT_CLERK, Role.ENTERPRISE])
def test_it_keeps_everyone_else_out(client, users, project, role):
    # Given a user who is not a coordinator
    client.force_login(users[role])

    # When they open the admin or its project pages
    for url in (reverse("admin:index"), reverse("admin:projects_project_changelist"),
                reverse("admin:projects_project_change", args=[project.pk])):
        response = client.get(url)

        # Then they are sent to the admin login page instead
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_it_lets_no_one_promote_themselves_by_role_alone(users):
    # A park staff member stays outside the admin even when saved again, unless they become a coordinator
    park_staff = users[Role.PARK_STAFF]
    park_staff.is_staff = True
    park_staff.save()
    park_staff.refresh_from_db()
    assert not park_staff.is_staff

    park_staff.role = Role.COORDINATOR
    park_staff.save()
    park_staff.refresh_from_db()
    assert park_staff.is_staff


def test_it_shows_the_stage_read_only(client, coordinator, project):
    # Given a coordinator on a project's admin page
    client.force_login(coordinator)
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = client.get(url)

    # Then the stage is shown, not offered as a field to change
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="stage"' not in html
    assert "谋划储备" in text(response)

    # When they post a changed stage anyway, along with a changed name
    data = form_data(response) | {"stage": Stage.CONSTRUCTION, "name": "年产8万吨锂电池正极材料项目", "_save": "保存"}
    saved = client.post(url, data)

    # Then the name is saved and the version moves on, but the stage has not moved
    assert saved.status_code == 302
    project.refresh_from_db()
    assert project.name == "年产8万吨锂电池正极材料项目"
    assert project.stage == Stage.PLANNING
    assert project.version == 2


def test_it_does_not_let_a_coordinator_delete(client, coordinator, project):
    client.force_login(coordinator)

    # When a coordinator looks for a way to delete a project
    changelist = client.get(reverse("admin:projects_project_changelist"))
    change = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    delete_page = client.get(reverse("admin:projects_project_delete", args=[project.pk]))
    delete_post = client.post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"})
    bulk = client.post(reverse("admin:projects_project_changelist"),
                       {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"})

    # Then none is offered, a direct attempt is refused, and the project is still there
    assert "delete_selected" not in changelist.content.decode()
    assert 'class="deletelink"' not in change.content.decode()
    assert (delete_page.status_code, delete_post.status_code) == (403, 403)
    assert bulk.status_code in (200, 302)
    assert Project.objects.filter(pk=project.pk).exists()


def test_it_lets_a_superuser_delete(client, project):
    admin = UserFactory(role=Role.COORDINATOR, is_superuser=True)
    client.force_login(admin)

    response = client.post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_it_keeps_a_coordinator_from_making_a_superuser(client, coordinator, users):
    client.force_login(coordinator)

    response = client.get(reverse("admin:accounts_user_change", args=[users[Role.PARK_STAFF].pk]))

    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()


def test_it_keeps_a_coordinator_from_taking_over_a_superuser(client, coordinator):
    # Given the superuser's account
    root = UserFactory(username="root", full_name="系统管理员", role=Role.COORDINATOR, is_superuser=True)
    client.force_login(coordinator)
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])

    # When a coordinator tries to set its password or rename it
    form = client.get(password_url)
    posted = client.post(password_url, {"password1": "Takeover-pass-9876", "password2": "Takeover-pass-9876",
                                        "usable_password": "true"})
    change_page = client.get(reverse("admin:accounts_user_change", args=[root.pk]))

    # Then both are refused: the superuser's page is read-only, and the password is unchanged
    assert (form.status_code, posted.status_code) == (403, 403)
    assert change_page.status_code == 200 and 'name="username"' not in change_page.content.decode()
    root.refresh_from_db()
    assert not root.check_password("Takeover-pass-9876") and root.check_password("secret-pass-123")


def test_it_lets_a_coordinator_reset_a_colleagues_password(client, coordinator, users):
    park_staff = users[Role.PARK_STAFF]
    client.force_login(coordinator)
    password_url = reverse("admin:auth_user_password_change", args=[park_staff.pk])

    response = client.post(password_url, {"password1": "Reset-pass-2026x", "password2": "Reset-pass-2026x",
                                          "usable_password": "true"})

    assert response.status_code == 302
    park_staff.refresh_from_db()
    assert park_staff.check_password("Reset-pass-2026x")


def test_it_logs_admin_edits_as_people_read_them(client, coordinator, project):
    # Given a coordinator on a project's admin page
    client.force_login(coordinator)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    old_level = project.get_level_display()
    new_level = next(value for value in Project._meta.get_field("level").choices if value[0] != project.level)

    # When they change the project's level and save
    client.post(url, data | {"level": new_level[0], "_save": "保存"})

    # Then the history shows the labels, as the project's own edit page does, not the stored codes
    event = project.events.filter(kind=EventKind.EDITED).get()
    assert {"field": "level", "label": "项目级别", "old": old_level, "new": str(new_level[1])} in event.changes

"""The project page names the same 包保领导 as the project's problems: its own, or else its enterprise's, marked so."""

from tests.factories import UserFactory
from tests.pages import text
from tuijin.accounts.models import Role


def test_it_shows_the_enterprise_s_official_when_the_project_has_none(client, users, project):
    # Given a project without a 包保领导 whose enterprise has one
    official = UserFactory(full_name="王副区长", role=Role.LEADER)
    project.enterprise.responsible_official = official
    project.enterprise.save()
    client.force_login(users[Role.COORDINATOR])

    # When the coordinator opens the project
    page = text(client.get(f"/projects/{project.pk}/"))

    # Then it names the enterprise's official, saying where it comes from
    assert "包保领导 王副区长 （企业包保）" in page


def test_it_prefers_the_project_s_own_official(client, users, project):
    # Given both the project and its enterprise have a 包保领导
    project.enterprise.responsible_official = UserFactory(full_name="企业包保人", role=Role.LEADER)
    project.enterprise.save()
    project.responsible_official = UserFactory(full_name="项目包保人", role=Role.LEADER)
    project.save()
    client.force_login(users[Role.COORDINATOR])

    # Then the project's own is shown, unmarked
    page = text(client.get(f"/projects/{project.pk}/"))
    assert "包保领导 项目包保人 包保单位" in page and "企业包保人" not in page


def test_it_shows_a_dash_when_nobody_is_responsible(client, users, project):
    client.force_login(users[Role.COORDINATOR])
    assert "包保领导 — " in text(client.get(f"/projects/{project.pk}/"))

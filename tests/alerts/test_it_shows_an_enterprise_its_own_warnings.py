"""An enterprise is refused the battle map, so its own page lists its projects' warnings (level, rule,
since when) without the government's disposal notes, and no battle-map tab is offered to it."""

import datetime as dt

from tests.pages import text
from tuijin.accounts.models import Role
from tuijin.alerts import actions, scan
from tuijin.alerts.models import RuleKey, Warning

TODAY = dt.date(2026, 6, 15)


def _warn(project):
    project.planned_start_date = TODAY - dt.timedelta(days=10)
    project.save()


def test_it_lists_the_enterprise_s_own_warnings_without_disposal_notes(client, users, project, other_project):
    # Given a warning on the enterprise's project, with a disposal note, and one on another enterprise's
    _warn(project)
    _warn(other_project)
    scan.run(TODAY)
    warning = Warning.objects.get(project=project, rule=RuleKey.START_OVERDUE)
    actions.acknowledge(warning, actor=users[Role.DEPARTMENT_CLERK], note="内部意见：约谈企业负责人")
    client.force_login(users[Role.ENTERPRISE])

    # When the enterprise user opens its enterprise's page
    page = text(client.get(f"/enterprises/{project.enterprise_id}/"))

    # Then it sees its project's warning: level, rule and since when
    section = page[page.index("本企业项目预警"):]
    assert "本企业项目预警（1）" in page
    assert project.name in section and warning.get_level_display() in section
    assert warning.get_rule_display() in section and f"{warning.first_raised_at:%Y-%m-%d} 起" in section
    # And neither the disposal note nor the other enterprise's project
    assert "约谈企业负责人" not in page and other_project.name not in page


def test_it_offers_the_enterprise_no_battle_map_tab(client, users, project):
    # Given the enterprise user
    client.force_login(users[Role.ENTERPRISE])

    # Then the battle map and the warning list refuse it, and none of its pages link to them
    assert client.get("/battle-map/warnings/").status_code == 403
    for url in ("/", f"/enterprises/{project.enterprise_id}/", f"/projects/{project.pk}/"):
        assert "/battle-map/" not in client.get(url).content.decode(), url


def test_it_keeps_the_tabs_for_those_who_may_open_them(client, users):
    client.force_login(users[Role.PARK_STAFF])
    page = client.get("/battle-map/warnings/").content.decode()
    assert 'data-testid="battle-nav"' in page and "预警规则" in page

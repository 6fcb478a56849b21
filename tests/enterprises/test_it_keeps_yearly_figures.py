"""Yearly figures: the enterprise keeps its own up to date, every change is logged, others are refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.enterprises import actions
from tuijin.enterprises.models import EnterpriseEvent, EnterpriseYearFigures

from ..pages import form_data, text


def url(enterprise, year=2025):
    return reverse("enterprise_figures", args=[enterprise.pk, year])


def test_the_enterprise_enters_its_figures_and_the_change_is_logged(client, users, enterprise):
    # Given the enterprise's own user on its 2025 figures form
    client.force_login(users[Role.ENTERPRISE])
    data = form_data(client.get(url(enterprise)))
    data.update(revenue="5000", rd_spend="150.5", employees="120")

    # When it saves, and later corrects one figure
    client.post(url(enterprise), data)
    data = form_data(client.get(url(enterprise)))
    data.update(rd_spend="160")
    response = client.post(url(enterprise), data, follow=True)

    # Then the figures are stored (blank stays blank) and the profile shows both changes with old and new values
    figures = EnterpriseYearFigures.objects.get(enterprise=enterprise, year=2025)
    assert (figures.revenue, figures.rd_spend, figures.employees, figures.tax) == (
        Decimal("5000.00"), Decimal("160.00"), 120, None)
    assert figures.version == 2
    page = text(response)
    assert "2025年经营数据已保存" in page and "修改2025年经营数据（1 项）" in page
    assert "研发投入（万元）： 150.50 → 160.00" in page
    assert "未填报" in page
    events = EnterpriseEvent.objects.filter(enterprise=enterprise).order_by("pk")
    assert [e.actor for e in events] == [users[Role.ENTERPRISE]] * 2


def test_a_stale_form_is_refused(client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])
    stale = form_data(client.get(url(enterprise)))
    actions.save_year_figures(enterprise, 2025, actor=None, data={"revenue": Decimal("100")})
    fresh = form_data(client.get(url(enterprise)))
    actions.save_year_figures(enterprise, 2025, actor=None, data={"revenue": Decimal("200")})

    fresh.update(revenue="300")
    response = client.post(url(enterprise), fresh, follow=True)

    assert "已被他人修改" in text(response)
    assert EnterpriseYearFigures.objects.get(enterprise=enterprise).revenue == Decimal("200.00")
    assert stale["version"] == ""


def test_negative_figures_are_refused(client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])
    data = form_data(client.get(url(enterprise)))
    data.update(revenue="-5")

    response = client.post(url(enterprise), data)

    assert response.status_code == 200 and not EnterpriseYearFigures.objects.exists()


def test_an_enterprise_cannot_reach_another_enterprises_figures(client, users, other_enterprise):
    client.force_login(users[Role.ENTERPRISE])

    assert client.get(url(other_enterprise)).status_code == 404
    assert client.post(url(other_enterprise), {"revenue": "1"}).status_code == 404


@pytest.mark.parametrize("role", [Role.LEADER, Role.DEPARTMENT_CLERK])
def test_those_who_only_read_are_refused(client, users, enterprise, project, role):
    client.force_login(users[role])

    assert client.get(url(enterprise)).status_code == 403


def test_the_park_keeps_figures_for_its_enterprises(client, users, enterprise):
    client.force_login(users[Role.PARK_STAFF])
    data = form_data(client.get(url(enterprise)))
    data.update(revenue="880")

    client.post(url(enterprise), data)

    assert EnterpriseYearFigures.objects.get(enterprise=enterprise).updated_by == users[Role.PARK_STAFF]

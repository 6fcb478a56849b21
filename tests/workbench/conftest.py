"""Workbench personas: the shared ones on the coordination tests' pinned clock (Monday 15 June 2026), so that
working-day deadlines and report months are known, and helpers that read a user's 待办 off the home page."""

import pytest
from django.urls import reverse

from tuijin.coordination.models import ProblemCategory, seed_categories

from ..coordination.clock import pin
from ..factories import UserFactory
from ..pages import text


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    pin(monkeypatch)


@pytest.fixture(autouse=True)
def _categories(db):
    seed_categories()


@pytest.fixture
def category():
    return ProblemCategory.objects.get(name="水电气")


@pytest.fixture
def other_clerk(other_department):
    from tuijin.accounts.models import Role

    return UserFactory(username="dept2", full_name="生态环境局联络员", role=Role.DEPARTMENT_CLERK,
                       organisation=other_department)


def todos(client, user) -> str:
    """The text of ``user``'s 待办 section on the home page."""
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = text(response)
    start = page.index("待办")
    return page[start:page.index("您可见的项目概况")]

"""吹哨报到 personas on top of the shared ones: a second department's clerk, the project's 包保 leader,
and problems at each step of the loop. Every test here runs on the pinned clock (``clock.py``)."""

import pytest

from tuijin.accounts.models import Role
from tuijin.coordination import actions
from tuijin.coordination.models import ProblemCategory, seed_categories

from ..factories import UserFactory
from .clock import at, pin


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    pin(monkeypatch)


@pytest.fixture(autouse=True)
def _categories(db):
    """Transactional tests flush what the data migration seeded; put the categories back."""
    seed_categories()


@pytest.fixture
def category():
    return ProblemCategory.objects.get(name="水电气")


@pytest.fixture
def clerk(users):
    return users[Role.DEPARTMENT_CLERK]


@pytest.fixture
def other_clerk(other_department):
    return UserFactory(username="dept2", full_name="生态环境局联络员", role=Role.DEPARTMENT_CLERK,
                       organisation=other_department)


@pytest.fixture
def official(project, district):
    """The district leader responsible (包保) for the project."""
    leader = UserFactory(username="baobao", full_name="王副区长", role=Role.LEADER, organisation=district)
    project.responsible_official = leader
    project.save()
    return leader


@pytest.fixture
def filed(users, project, category):
    """A problem the enterprise filed about its project on Monday 15 June 2026 at 09:00."""
    return actions.file_problem(actor=users[Role.ENTERPRISE], now=at(6, 15, 9), data={
        "title": "厂区10kV供电线路未接入", "description": "主体已封顶，设备调试需要正式用电。", "category": category,
        "urgency": "urgent", "project": project,
    })


@pytest.fixture
def assigned(filed, coordinator, department, other_department):
    """Assigned at 10:00 to 住建局 (lead) with 生态环境局, three working days: 报到 by Tue 16 June 17:30,
    reply by Thu 18 June 17:30."""
    return actions.assign_problem(filed, actor=coordinator, lead=department, co_departments=[other_department],
                                  working_days=3, now=at(6, 15, 10))


@pytest.fixture
def replied(assigned, clerk):
    actions.accept_problem(assigned, actor=clerk, now=at(6, 15, 14))
    return actions.reply_problem(assigned, actor=clerk, reply="已协调供电公司，6月20日前送电。", outcome="solved",
                                 now=at(6, 16, 11))

"""Shared personas: a district with two parks, two departments, two enterprises, and one user per role.

``owner``-style fixtures see the "own" objects; the ``other_*`` objects belong to someone else.
"""

import pytest

from tuijin.accounts.models import OrganisationKind, Role

from .factories import EnterpriseFactory, OrganisationFactory, ProjectFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_cached_holiday_years():
    """Hand-entered holiday years are cached per process; a rolled-back test must not leave them behind."""
    from tuijin.lib.workdays import forget_entered_years

    forget_entered_years()
    yield
    forget_entered_years()


@pytest.fixture
def district(db):
    return OrganisationFactory(name="测试新区", kind=OrganisationKind.DISTRICT)


@pytest.fixture
def park(district):
    return OrganisationFactory(name="高新园", kind=OrganisationKind.PARK, parent=district)


@pytest.fixture
def other_park(district):
    return OrganisationFactory(name="临港园", kind=OrganisationKind.PARK, parent=district)


@pytest.fixture
def department(district):
    return OrganisationFactory(name="住房和城乡建设局", kind=OrganisationKind.DEPARTMENT, parent=district)


@pytest.fixture
def other_department(district):
    return OrganisationFactory(name="生态环境局", kind=OrganisationKind.DEPARTMENT, parent=district)


@pytest.fixture
def enterprise(park, department):
    return EnterpriseFactory(name="成都锦程新材料有限公司", park=park, responsible_unit=department)


@pytest.fixture
def other_enterprise(other_park, other_department):
    return EnterpriseFactory(name="临港远航物流有限公司", park=other_park, responsible_unit=other_department)


@pytest.fixture
def project(enterprise, park, department):
    """The persona users' own project: their park, their department, their enterprise."""
    return ProjectFactory(name="年产5万吨锂电池正极材料项目", enterprise=enterprise, park=park,
                          responsible_unit=department)


@pytest.fixture
def other_project(other_enterprise, other_park, other_department):
    return ProjectFactory(name="临港冷链物流中心项目", enterprise=other_enterprise, park=other_park,
                          responsible_unit=other_department)


@pytest.fixture
def users(district, park, department, enterprise):
    """One user per role, attached to the "own" organisation or enterprise."""
    return {
        Role.LEADER: UserFactory(username="leader", role=Role.LEADER, organisation=district),
        Role.COORDINATOR: UserFactory(username="coordinator", role=Role.COORDINATOR),
        Role.PARK_STAFF: UserFactory(username="park", role=Role.PARK_STAFF, organisation=park),
        Role.DEPARTMENT_CLERK: UserFactory(username="dept", role=Role.DEPARTMENT_CLERK, organisation=department),
        Role.ENTERPRISE: UserFactory(username="ent", role=Role.ENTERPRISE, enterprise=enterprise),
    }


@pytest.fixture
def coordinator(users):
    return users[Role.COORDINATOR]

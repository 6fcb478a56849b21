"""Policies in tests: the example library loaded into the database, and enterprises with figures."""

import datetime as dt
from decimal import Decimal

import pytest

from tuijin.enterprises.models import EnterpriseYearFigures, Qualification, QualificationKind
from tuijin.policies import library
from tuijin.policies.models import Clause, Policy

YEAR = 2025
ON = dt.date(2026, 3, 1)


@pytest.fixture
def policy_library(db):
    library.load()
    return Policy.objects.all()


def clause(code) -> Clause:
    return Clause.objects.select_related("policy").get(code=code)


def figures(enterprise, year=YEAR, **values):
    """Give ``enterprise`` figures for ``year`` (money as Decimal in 万元; absent = not reported)."""
    data = {name: Decimal(str(value)) if isinstance(value, (int, float, str)) and name not in (
        "employees", "rd_staff", "new_talent") else value for name, value in values.items()}
    return EnterpriseYearFigures.objects.update_or_create(enterprise=enterprise, year=year, defaults=data)[0]


def qualify(enterprise, kind, level=None, granted=dt.date(2024, 1, 1), expires=None):
    return Qualification.objects.create(enterprise=enterprise, kind=kind, level=level, granted_on=granted,
                                        expires_on=expires)


HIGH_TECH = QualificationKind.HIGH_TECH
ABOVE_SCALE = QualificationKind.ABOVE_SCALE
SRDI = QualificationKind.SRDI

"""Factories for the objects tests need; every USCC and project code they make is valid."""

import itertools
from decimal import Decimal

import factory

from tuijin.accounts.models import Organisation, OrganisationKind, Role, User
from tuijin.enterprises import gbt4754
from tuijin.enterprises.models import Enterprise, Industry
from tuijin.lib.uscc import make_uscc
from tuijin.projects.models import Project, Stage

_serial = itertools.count(1)


def industry(code):
    """A GB/T 4754 class; transactional tests flush the rows the data migration loaded, so reload them."""
    if not Industry.objects.filter(code=code).exists():
        gbt4754.load(Industry)
    return Industry.objects.get(code=code)


def next_uscc():
    return make_uscc(f"91510115MA{next(_serial):07d}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试部门{n}")
    kind = OrganisationKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.COORDINATOR
    password = factory.django.Password("secret-pass-123")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"成都测试科技有限公司{n}")
    uscc = factory.LazyFunction(next_uscc)
    industry = factory.LazyFunction(lambda: industry("39"))


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"XM2026-T{n:05d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    total_investment = Decimal("12000.00")
    stage = Stage.PLANNING

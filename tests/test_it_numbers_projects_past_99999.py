"""A year's project codes keep counting after XM2026-99999 (the 100,000th project is not a 500), numerically."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.imports.importers import ProjectImporter
from tuijin.projects.models import Project

from .factories import ProjectFactory
from .imports.sheets import xlsx


def payload(name):
    return {"code": "", "name": name, "category": "industrial", "level": "municipal", "total_investment": "100"}


def test_the_code_after_99999_has_six_digits_and_the_next_follows_it(client, coordinator):
    # given the year's 99,999th generated code, and hand-typed codes under the prefix that are not serials
    year = timezone.localdate().year
    ProjectFactory(code=f"XM{year}-99998")
    ProjectFactory(code=f"XM{year}-99999")
    ProjectFactory(code=f"XM{year}-T99999")
    ProjectFactory(code=f"XM{year}-0999999")
    client.force_login(coordinator)

    # when the coordinator creates two more projects without a code
    first = client.post(reverse("project_create"), payload("第十万个项目"))
    second = client.post(reverse("project_create"), payload("第十万零一个项目"))

    # then both are created, numbered on past five digits and in numeric order
    assert first.status_code == second.status_code == 302
    assert Project.objects.get(name="第十万个项目").code == f"XM{year}-100000"
    assert Project.objects.get(name="第十万零一个项目").code == f"XM{year}-100001"


def test_the_codes_before_the_boundary_keep_their_five_digits(client, coordinator):
    # given the year's 99,998th code
    year = timezone.localdate().year
    ProjectFactory(code=f"XM{year}-99998")
    client.force_login(coordinator)

    # when a project is created
    client.post(reverse("project_create"), payload("第99999个项目"))

    # then it gets the last five-digit code
    assert Project.objects.get(name="第99999个项目").code == f"XM{year}-99999"


def test_an_import_numbers_its_new_projects_across_the_boundary(db, coordinator):
    # given the year's 99,999th code
    today = dt.date(2026, 6, 30)
    ProjectFactory(code="XM2026-99999")

    # when a file with two new projects is checked and applied
    importer = ProjectImporter(coordinator, today=today)
    outcome = importer.validate(xlsx([["项目名称", "总投资"], ["导入甲项目", 1], ["导入乙项目", 2]]), "清单.xlsx")
    assert outcome.problems == []
    with transaction.atomic():
        importer.apply(outcome, actor=coordinator)

    # then they are numbered on from 100000
    assert Project.objects.get(name="导入甲项目").code == "XM2026-100000"
    assert Project.objects.get(name="导入乙项目").code == "XM2026-100001"

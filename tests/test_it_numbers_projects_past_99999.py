"""A year's project codes keep counting after XM2026-99999 (the 100,000th project is not a 500), numerically."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tuijin.projects.importers import ProjectImporter
from tuijin.projects.models import Project

from .factories import ProjectFactory
from .imports.sheets import xlsx


def payload(name):
    return {"code": "", "name": name, "category": "industrial", "level": "municipal", "total_investment": "100"}


def test_codes_keep_five_digits_up_to_99999_then_grow_in_numeric_order(client, coordinator):
    # given the year's 99,998th generated code, and hand-typed codes under the prefix that are not serials
    year = timezone.localdate().year
    ProjectFactory(code=f"XM{year}-99998")
    ProjectFactory(code=f"XM{year}-T99999")
    ProjectFactory(code=f"XM{year}-0999999")
    client.force_login(coordinator)

    # when the coordinator creates three more projects without a code
    responses = [client.post(reverse("project_create"), payload(name)) for name in ("甲", "乙", "丙")]

    # then all are created: the last five-digit code, then six digits, in numeric order
    assert [response.status_code for response in responses] == [302, 302, 302]
    codes = [Project.objects.get(name=name).code for name in ("甲", "乙", "丙")]
    assert codes == [f"XM{year}-99999", f"XM{year}-100000", f"XM{year}-100001"]


def test_an_import_numbers_its_new_projects_across_the_boundary(db, coordinator):
    # given the year's 99,999th and 100,000th codes
    today = dt.date(2026, 6, 30)
    ProjectFactory(code="XM2026-99999")
    ProjectFactory(code="XM2026-100000")

    # when a file with two new projects is checked and applied
    importer = ProjectImporter(coordinator, today=today)
    outcome = importer.validate(xlsx([["项目名称", "总投资"], ["导入甲项目", 1], ["导入乙项目", 2]]), "清单.xlsx")
    assert outcome.problems == []
    with transaction.atomic():
        importer.apply(outcome, actor=coordinator)

    # then they are numbered on after 100000
    assert Project.objects.get(name="导入甲项目").code == "XM2026-100001"
    assert Project.objects.get(name="导入乙项目").code == "XM2026-100002"

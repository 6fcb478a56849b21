"""A park's importer learns nothing about other parks' records from the preview (issue #20).

A sheet of guessed codes, names, 统一社会信用代码 or 投资项目统一代码 gets the same answer whether the
record exists in another park or nowhere: the refusal repeats only what the row itself says.
"""

import pytest

from tuijin.accounts.models import Role
from tuijin.imports.models import ImportJob
from tuijin.projects.models import Project

from .sheets import page_text, upload, xlsx


@pytest.fixture(autouse=True)
def _inline(settings, tmp_path):
    settings.IMPORTS_RUN_INLINE = True
    settings.MEDIA_ROOT = tmp_path / "media"


def _reasons():
    return [(problem["row"], problem["reason"]) for problem in ImportJob.objects.latest("pk").problems]


@pytest.mark.parametrize(("kind", "header", "row"), [
    ("projects", ["项目编号", "项目名称", "总投资"], ["名称", 100]),
    ("plans", ["项目编号", "年度", "年度计划投资"], [2026, 100]),
    ("reports", ["项目编号", "报告期", "本月完成投资"], ["2026年1月", 10]),
])
def test_a_guessed_code_gets_the_same_answer_whether_it_exists_elsewhere_or_not(
        client, users, project, other_project, kind, header, row):
    # Given a park user with a sheet naming another park's project and a code that exists nowhere
    client.force_login(users[Role.PARK_STAFF])
    content = xlsx([header, [other_project.code, *row], ["XM2025-99999", *row]])

    # When they upload it
    page = page_text(upload(client, content, "猜测.xlsx", kind=kind))

    # Then both rows are refused in the same words, which repeat only the code they typed
    assert _reasons() == [(2, f"您的权限范围内没有编号为“{other_project.code}”的项目"),
                          (3, "您的权限范围内没有编号为“XM2025-99999”的项目")]
    assert other_project.name not in page


def test_a_name_from_another_park_neither_gives_its_code_nor_is_matched(client, users, other_project):
    # Given a park user whose sheet names another park's project (no code, no 项目单位)
    client.force_login(users[Role.PARK_STAFF])
    content = xlsx([["项目名称", "总投资"], [other_project.name, 100]])

    # When they upload it
    page = page_text(upload(client, content, "名称.xlsx"))

    # Then the other park's project is not matched (the row is a new project of their own) and its code is not shown
    assert other_project.code not in page
    assert ImportJob.objects.get().summary["create"] == 1
    assert "第2行 新增 （自动生成）" in page


def test_another_parks_credit_code_does_not_give_the_enterprise_name(client, users, other_enterprise):
    # Given a park user typing the 统一社会信用代码 of another park's enterprise with a wrong name
    client.force_login(users[Role.PARK_STAFF])
    content = xlsx([["项目名称", "项目单位", "统一社会信用代码", "总投资"], ["新项目", "随便写的公司", other_enterprise.uscc, 100]])

    # When they upload it
    page = page_text(upload(client, content, "信用代码.xlsx"))

    # Then they are told the code is not found, as for any unknown code, and not whose code it is
    assert _reasons() == [(2, f"未找到统一社会信用代码为“{other_enterprise.uscc}”的企业，请先在企业库中登记")]
    assert other_enterprise.name not in page


def test_a_national_code_in_use_elsewhere_does_not_give_the_project(client, users, enterprise, other_project):
    # Given another park's project with a 投资项目统一代码, and a park user whose sheet reuses it
    Project.objects.filter(pk=other_project.pk).update(national_code="2024-510115-48-01-000188")
    client.force_login(users[Role.PARK_STAFF])
    content = xlsx([["项目名称", "项目单位", "投资项目统一代码", "总投资"],
                    ["新项目", enterprise.name, "2024-510115-48-01-000188", 100]])

    # When they upload it
    page = page_text(upload(client, content, "统一代码.xlsx"))

    # Then the code is refused without naming the project that holds it
    assert _reasons() == [(2, "投资项目统一代码已被其他项目使用")]
    assert other_project.name not in page and other_project.code not in page

    # And a coordinator, who sees every project, is told which project holds it
    client.force_login(users[Role.COORDINATOR])
    upload(client, content, "统一代码.xlsx")
    assert _reasons() == [(2, f"投资项目统一代码已被项目“{other_project.name}”（{other_project.code}）使用")]

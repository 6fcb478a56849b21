"""投资项目统一代码: the code from the national online approval platform, checked before it is saved."""

import datetime as dt

import pytest
from django.urls import reverse

from tuijin.lib.project_code import national_code_problem
from tuijin.projects.models import Project

TODAY = dt.date(2026, 11, 23)
FORMAT_MESSAGE = "投资项目统一代码格式应为“年份-6位行政区划-2位行业-2位类型-6位流水号”，如 2023-510115-27-03-012345"


@pytest.mark.parametrize("code", [
    "2023-510115-27-03-012345",  # 成都市双流区
    "2014-110105-70-01-000001",  # the first year of the platform, 北京市朝阳区
    "2027-440305-89-01-123456",  # registered for next year, 深圳市南山区
    " 2023-510115-27-03-012345 ",  # copied with spaces around it
])
def test_it_accepts_valid_codes(code):
    # Given a well-formed code  When it is checked  Then nothing is wrong with it
    assert national_code_problem(code, today=TODAY) is None


@pytest.mark.parametrize("code", [
    "2023-510115-27-03-01234",  # serial one digit short
    "2023510115270301234 5",
    "2023-5101-15-27-03-012345",
    "２０２３-510115-27-03-012345",  # full-width digits are not what the platform prints
    "川发改投资〔2023〕12号",  # an approval document number, not the code
    "",
])
def test_it_explains_the_expected_format(code):
    assert national_code_problem(code, today=TODAY) == FORMAT_MESSAGE


@pytest.mark.parametrize(("code", "year"), [
    ("2013-510115-27-03-012345", "2013"),  # before the platform existed
    ("2028-510115-27-03-012345", "2028"),  # more than a year ahead
    ("0000-510115-27-03-012345", "0000"),
])
def test_it_refuses_an_impossible_year(code, year):
    assert national_code_problem(code, today=TODAY) == f"投资项目统一代码的年份 {year} 不在合理范围（2014—2027）"


@pytest.mark.parametrize("division", ["000000", "990101", "710100", "810000", "250101"])
def test_it_refuses_a_division_outside_the_provinces(division):
    # Given a code whose division does not start with a mainland province's prefix
    code = f"2023-{division}-27-03-012345"

    # Then the division is named as invalid
    assert national_code_problem(code, today=TODAY) == f"投资项目统一代码的行政区划代码 {division} 无效"


@pytest.mark.parametrize(("code", "message"), [
    ("2023-510115-27-03-01234", "投资项目统一代码格式应为"),
    ("2010-510115-27-03-012345", "投资项目统一代码的年份 2010 不在合理范围"),
    ("2023-990115-27-03-012345", "投资项目统一代码的行政区划代码 990115 无效"),
])
def test_it_refuses_a_bad_code_in_the_project_form(client, coordinator, code, message):
    # Given a coordinator filling in a new project
    client.force_login(coordinator)

    # When they enter a bad 统一代码
    response = client.post(reverse("project_create"), {
        "name": "双流航空配套产业园项目", "national_code": code, "category": "industrial", "level": "district",
        "total_investment": "80000",
    })

    # Then the form comes back with the explanation next to the field, and no project is created
    assert response.status_code == 200
    page = response.content.decode()
    assert "请根据下方提示修改后再保存。" in page
    assert message in page
    assert not Project.objects.filter(name="双流航空配套产业园项目").exists()


def test_it_saves_a_good_code_from_the_project_form(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("project_create"), {
        "name": "双流航空配套产业园项目", "national_code": " 2023-510115-27-03-012345 ", "category": "industrial",
        "level": "district", "total_investment": "80000",
    })

    project = Project.objects.get(name="双流航空配套产业园项目")
    assert response.status_code == 302
    assert project.national_code == "2023-510115-27-03-012345"
    assert "2023-510115-27-03-012345" in client.get(response.url).content.decode()

"""Enterprises: found by name or 统一社会信用代码, shown with their projects, and kept up to date by
the enterprise itself without touching its identity."""

import re
from decimal import Decimal

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.enterprises.models import Enterprise

from .factories import EnterpriseFactory, ProjectFactory
from .pages import form_data, text

LIST = reverse("enterprise_list")


def names_in(response):
    return re.findall(r'<td class="name"><a href="/enterprises/\d+/">([^<]+)</a>', response.content.decode())


def row_of(response, name):
    """The text of the list row for ``name``."""
    html = response.content.decode()
    row = re.search(rf"<tr><td class=\"name\"><a [^>]+>{re.escape(name)}</a>.*?</tr>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_it_finds_an_enterprise_by_name(client, coordinator, enterprise, other_enterprise):
    client.force_login(coordinator)

    response = client.get(LIST, {"q": "锦程"})

    assert names_in(response) == ["成都锦程新材料有限公司"]


def test_it_finds_an_enterprise_by_its_code(client, coordinator, enterprise, other_enterprise):
    client.force_login(coordinator)

    # When searching by the whole code, and by its last digits typed in lower case and full width
    whole = client.get(LIST, {"q": other_enterprise.uscc})
    tail = other_enterprise.uscc[-6:].lower().replace("0", "０")
    partial = client.get(LIST, {"q": tail})

    # Then the enterprise with that code is found
    assert names_in(whole) == ["临港远航物流有限公司"]
    assert names_in(partial) == ["临港远航物流有限公司"]


def test_it_filters_enterprises_by_park(client, coordinator, enterprise, other_enterprise, other_park):
    client.force_login(coordinator)

    response = client.get(LIST, {"park": other_park.pk})

    assert names_in(response) == ["临港远航物流有限公司"]


def test_it_says_when_no_enterprise_matches(client, coordinator, enterprise):
    client.force_login(coordinator)

    response = client.get(LIST, {"q": "不存在的企业"})

    assert names_in(response) == [] and "没有符合条件的企业" in text(response)


def test_it_sums_only_the_projects_the_user_may_see(client, users, enterprise, department, other_department, park):
    # Given an enterprise with one project under the clerk's department and a bigger one under another
    ProjectFactory(name="锦程新材料研发中心项目", enterprise=enterprise, park=park, responsible_unit=department,
                   total_investment=Decimal("8000"))
    ProjectFactory(name="锦程新材料二期扩能项目", enterprise=enterprise, park=park,
                   responsible_unit=other_department, total_investment=Decimal("50000"))

    # When the department clerk lists enterprises
    client.force_login(users[Role.DEPARTMENT_CLERK])
    response = client.get(LIST)

    # Then the row counts and sums only the project they are responsible for
    assert row_of(response, "成都锦程新材料有限公司").endswith("1 8,000.00 万元")

    # While the coordinator, who sees both, gets both
    client.force_login(users[Role.COORDINATOR])
    assert row_of(client.get(LIST), "成都锦程新材料有限公司").endswith("2 5.80 亿元")


def test_it_shows_an_enterprise_with_its_projects(client, coordinator, enterprise, project, other_project, park):
    # Given an enterprise with two projects (and another enterprise's project)
    ProjectFactory(name="锦程新材料研发中心项目", enterprise=enterprise, park=park, total_investment=Decimal("8000"))
    client.force_login(coordinator)

    # When its page is opened
    response = client.get(reverse("enterprise_detail", args=[enterprise.pk]))

    # Then it shows its facts and exactly its projects, with links to them
    page = text(response)
    assert "成都锦程新材料有限公司" in page and enterprise.uscc in page
    assert "项目（2）" in page
    assert "年产5万吨锂电池正极材料项目" in page and "锦程新材料研发中心项目" in page
    assert "临港冷链物流中心项目" not in page
    assert f'href="{reverse("project_detail", args=[project.pk])}"' in response.content.decode()


def test_it_shows_a_department_only_the_projects_it_is_responsible_for(client, users, enterprise, project,
                                                                      other_department, park):
    ProjectFactory(name="锦程新材料二期扩能项目", enterprise=enterprise, park=park, responsible_unit=other_department)
    client.force_login(users[Role.DEPARTMENT_CLERK])

    page = text(client.get(reverse("enterprise_detail", args=[enterprise.pk])))

    assert "项目（1）" in page and "年产5万吨锂电池正极材料项目" in page
    assert "锦程新材料二期扩能项目" not in page


def test_it_lets_an_enterprise_update_its_contacts_but_not_its_identity(client, users, enterprise, park,
                                                                         department, other_park):
    # Given the enterprise's own user on its edit page, where name, code and 包保 are shown but locked
    client.force_login(users[Role.ENTERPRISE])
    url = reverse("enterprise_edit", args=[enterprise.pk])
    edit_page = client.get(url)
    html = edit_page.content.decode()
    for name in ("name", "uscc", "park", "responsible_unit"):
        assert re.search(rf'name="{name}"[^>]*disabled', html), name
    original = (enterprise.name, enterprise.uscc)

    # When they post new contact details together with a new name, code and park
    data = form_data(edit_page) | {
        "contact_person": "刘建国", "contact_phone": "028-85550123", "address": "成都市双流区西航港大道88号",
        "name": "成都锦程控股集团有限公司", "uscc": EnterpriseFactory.build().uscc, "park": other_park.pk,
    }
    response = client.post(url, data, follow=True)

    # Then the contacts are saved and shown, while name, code and park stay as the bureau set them
    page = text(response)
    assert "企业信息已保存。" in page
    assert "刘建国 028-85550123" in page and "成都市双流区西航港大道88号" in page
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.uscc) == original
    assert (enterprise.park, enterprise.responsible_unit) == (park, department)
    assert (enterprise.contact_person, enterprise.contact_phone) == ("刘建国", "028-85550123")


def test_it_lets_a_coordinator_correct_an_enterprise_name(client, coordinator, enterprise):
    client.force_login(coordinator)
    url = reverse("enterprise_edit", args=[enterprise.pk])

    client.post(url, form_data(client.get(url)) | {"name": "成都锦程新材料股份有限公司"})

    assert Enterprise.objects.get(pk=enterprise.pk).name == "成都锦程新材料股份有限公司"


def test_it_refuses_a_code_already_registered(client, coordinator, enterprise, other_enterprise):
    client.force_login(coordinator)
    url = reverse("enterprise_edit", args=[enterprise.pk])

    response = client.post(url, form_data(client.get(url)) | {"uscc": other_enterprise.uscc})

    assert "具有 统一社会信用代码 的 企业 已存在。" in text(response)
    assert Enterprise.objects.get(pk=enterprise.pk).uscc == enterprise.uscc

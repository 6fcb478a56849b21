"""A form refused for one field shows again with everything else as it was typed (the 400/200 page's
own inputs, read as a browser would submit them), on the project, problem, enterprise, lead and
meeting forms. A problem's files cannot be put back into a file input: the page names them to choose again."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.coordination import actions as coordination
from tuijin.coordination.models import ProblemCategory, seed_categories

from .pages import form_data, text


def refused_again(client, url, typed, invalid, **extra):
    """Post the page's own form with ``typed`` and one ``invalid`` field; the form the answer shows."""
    data = form_data(client.get(url))
    data.update(typed)
    data.update(invalid)
    response = client.post(url, {**data, **extra})
    assert response.status_code in (200, 400)
    return response, form_data(response)


def assert_kept(shown, typed):
    assert {name: shown.get(name) for name in typed} == typed


@pytest.mark.django_db
def test_the_project_form_keeps_what_was_typed(client, users, project):
    # given the coordinator editing the project
    client.force_login(users[Role.COORDINATOR])
    typed = {"name": "改名后的锂电池项目", "description": "新的建设内容：厂房 3 栋", "construction_permit_no": "施字2026-088"}

    # when the total investment is not a number
    response, shown = refused_again(client, reverse("project_edit", args=[project.pk]), typed,
                                    {"total_investment": "很多"})

    # then the error is shown and every other typed value is still in the form
    assert "总投资" in text(response)
    assert_kept(shown, typed)
    assert shown["total_investment"] == "很多"


@pytest.mark.django_db
def test_the_problem_form_keeps_what_was_typed_and_names_the_files_to_choose_again(client, users, project):
    seed_categories()
    client.force_login(users[Role.ENTERPRISE])
    typed = {"target": f"project:{project.pk}", "urgency": "urgent", "title": "供电线路未接入",
             "description": "主体已封顶，设备调试需要正式用电。"}

    # when the category is not chosen, with a file attached
    response, shown = refused_again(
        client, reverse("coordination_file"), typed, {"category": ""},
        files=SimpleUploadedFile("现场照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png"))

    assert_kept(shown, typed)
    assert "附件需重新选择：现场照片.png" in text(response)


@pytest.mark.django_db
def test_the_enterprise_form_keeps_what_was_typed(client, users, enterprise):
    client.force_login(users[Role.COORDINATOR])
    typed = {"address": "临港大道 88 号", "contact_person": "李经理", "contact_phone": "13800000000",
             "legal_representative": "张三"}

    response, shown = refused_again(client, reverse("enterprise_edit", args=[enterprise.pk]), typed,
                                    {"uscc": "123"})

    assert "统一社会信用代码" in text(response)
    assert_kept(shown, typed)


@pytest.mark.django_db
def test_the_lead_form_keeps_what_was_typed(client, users):
    client.force_login(users[Role.COORDINATOR])
    typed = {"name": "新能源电池回收项目", "company_name": "某某循环科技有限公司", "next_step": "下周赴企业洽谈",
             "note": "对方关注用地指标", "expected_investment": "12000.00"}

    response, shown = refused_again(client, reverse("promotion_lead_create"), typed, {"company_uscc": "BAD"})

    assert response.status_code in (200, 400)
    assert_kept(shown, typed)


@pytest.mark.django_db
def test_the_meeting_form_keeps_what_was_typed_and_the_agenda_as_ticked(client, users, project, department):
    # given two overdue problems proposed (ticked) as agenda items
    seed_categories()
    coordinator = users[Role.COORDINATOR]
    long_ago = timezone.now() - dt.timedelta(days=40)
    overdue = []
    for title in ("道路未通", "招工难"):
        problem = coordination.file_problem(actor=users[Role.ENTERPRISE], now=long_ago, data={
            "title": title, "description": "详情", "category": ProblemCategory.objects.get(name="用地"),
            "project": project})
        overdue.append(coordination.assign_problem(problem, actor=coordinator, lead=department, working_days=3,
                                                   now=long_ago))
    client.force_login(coordinator)
    url = reverse("coordination_meeting_new")
    page = client.get(url).content.decode()
    assert page.count('name="agenda"') == 2 and page.count("checked") >= 2
    typed = {"title": "第12次项目调度会", "place": "区政府三楼会议室", "attendees": "发改、住建、生态环境",
             "minutes": "会议研究了供电和道路问题。"}

    # when the user unticks one proposed problem and types a bad date
    data = form_data(client.get(url))
    data.update(typed, held_at="昨天")
    data["agenda"] = [overdue[0].pk]
    response = client.post(url, data)

    # then the typed values are kept and only the ticked problem is still ticked
    shown = form_data(response)
    assert_kept(shown, typed)
    html = response.content.decode()
    assert f'name="agenda" value="{overdue[0].pk}" checked' in html
    assert f'name="agenda" value="{overdue[1].pk}" checked' not in html

"""Accepting a finding registers a lead (source 情报) with the article linked; the same project again is merged."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.intel import actions
from tuijin.intel.models import Article, ArticleStatus, Finding, FindingStatus, IntelEvent, IntelEventKind, Origin
from tuijin.promotion.models import Lead, LeadSource

FIRST = ("5月10日上午，总投资50亿元的华芯半导体封装测试基地项目在高新区正式开工。项目由江苏华芯微电子有限公司投资建设，"
         "规划用地面积320亩，总建筑面积约26万平方米。")
SECOND = ("据了解，华芯半导体封装测试基地一期项目近日主体封顶，该项目由江苏华芯微电子有限公司投资，总投资约50亿元。")
TWO = ("3月3日，泰和生物发酵项目、鑫源汽车配件项目分别与我区签订投资协议。泰和生物发酵项目计划总投资13亿元，用地面积约200亩；"
       "鑫源汽车配件项目计划总投资1.6亿元，用地面积约35亩。")


def _paste(client, user, text):
    client.force_login(user)
    return client.post(reverse("intel_submit"), {"text": text})


def test_pasting_an_article_queues_its_findings_and_opens_the_review(client, coordinator):
    # When the coordinator pastes a report
    response = _paste(client, coordinator, TWO)

    # Then the review page of the new article opens with each project and its highlighted facts
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse("intel_article", args=[article.pk])
    page = client.get(response.url).content.decode()
    assert '<mark class="fact-name"' in page and "泰和生物发酵项目" in page and "鑫源汽车配件项目" in page
    assert '<mark class="fact-investment" title="投资 · 项目1">计划总投资13亿元' not in page  # the label is not marked
    assert '>13亿元<sup>1</sup></mark>' in page
    assert article.status == ArticleStatus.PENDING and article.findings.count() == 2
    assert IntelEvent.objects.filter(article=article, kind=IntelEventKind.SUBMITTED, actor=coordinator).exists()


def test_the_same_text_is_not_read_twice(client, coordinator):
    _paste(client, coordinator, TWO)
    response = _paste(client, coordinator, "  " + TWO.replace("，", "，\n", 1))
    assert Article.objects.count() == 1
    assert response.url == reverse("intel_article", args=[Article.objects.get().pk])


def test_accepting_creates_a_lead_with_the_source_linked(client, coordinator):
    # Given a queued article
    _paste(client, coordinator, FIRST)
    finding = Finding.objects.get()

    # When the coordinator accepts its project
    client.post(reverse("intel_accept", args=[finding.pk]))

    # Then a lead at 线索 from 情报 carries the project's name, company, amount and a link to the article
    lead = Lead.objects.get()
    assert (lead.name, lead.company_name, lead.source, lead.expected_investment) == (
        "华芯半导体封装测试基地项目", "江苏华芯微电子有限公司", LeadSource.INTELLIGENCE, 500000)
    assert reverse("intel_article", args=[finding.article_id]) in lead.note
    finding.refresh_from_db()
    assert (finding.status, finding.lead, finding.decided_by) == (FindingStatus.ACCEPTED, lead, coordinator)
    assert finding.article.status == ArticleStatus.REVIEWED
    # And the lead's own history records its creation
    assert lead.events.filter(actor=coordinator).exists()


def test_a_second_report_of_the_same_project_is_merged_not_duplicated(client, coordinator):
    # Given the first report accepted as a lead
    _paste(client, coordinator, FIRST)
    client.post(reverse("intel_accept", args=[Finding.objects.get().pk]))
    lead = Lead.objects.get()

    # When a second report names the project a little differently
    _paste(client, coordinator, SECOND)
    second = Finding.objects.exclude(lead=lead).get()

    # Then it is offered as the same lead, and merging adds the new source to that lead
    assert second.matched_lead == lead
    page = client.get(reverse("intel_article", args=[second.article_id])).content.decode()
    assert "疑似已有线索" in page and lead.code in page
    client.post(reverse("intel_accept", args=[second.pk]), {"merge": lead.pk})
    assert Lead.objects.count() == 1
    lead.refresh_from_db()
    assert lead.note.count("【项目情报】") == 2
    assert IntelEvent.objects.filter(finding=second, kind=IntelEventKind.MERGED).exists()


def test_bulk_accept_merges_matched_findings_and_registers_the_rest(client, coordinator):
    _paste(client, coordinator, FIRST)
    client.post(reverse("intel_accept", args=[Finding.objects.get().pk]))
    _paste(client, coordinator, SECOND + TWO)
    article = Article.objects.latest("pk")
    ids = list(article.findings.values_list("pk", flat=True))

    client.post(reverse("intel_bulk", args=[article.pk]), {"findings": ids, "action": "accept"})

    assert Lead.objects.count() == 3  # 华芯 merged, 泰和 and 鑫源 new
    assert not article.findings.filter(status=FindingStatus.PENDING).exists()


def test_a_finding_is_decided_once(coordinator, users):
    article, _ = actions.submit_article(actor=coordinator, raw=FIRST, origin=Origin.PASTE)
    finding = article.findings.get()
    actions.reject(finding, actor=users[Role.PARK_STAFF], reason="外地项目，无落地意向")
    with pytest.raises(actions.ActionRefused, match="已由他人审核"):
        actions.accept(finding, actor=coordinator)
    assert not Lead.objects.exists()


def test_editing_corrects_a_finding_and_logs_the_change(client, coordinator):
    _paste(client, coordinator, FIRST)
    finding = Finding.objects.get()
    data = {"name": finding.name, "company": "江苏华芯微电子股份有限公司", "event": "开工", "event_date": "2026-05-10",
            "region": "", "investment": "500000", "currency": "CNY", "output_value": "", "land_area": "320",
            "land_unit": "亩", "floor_area": "260000", "capacity": ""}
    client.post(reverse("intel_edit", args=[finding.pk]), data)
    finding.refresh_from_db()
    assert finding.company == "江苏华芯微电子股份有限公司"
    assert IntelEvent.objects.get(kind=IntelEventKind.EDITED).changes[0]["new"] == "江苏华芯微电子股份有限公司"
    # a date that is not a date is refused with the field named
    response = client.post(reverse("intel_edit", args=[finding.pk]), data | {"event_date": "三月"})
    assert "事件日期须为 YYYY-MM-DD" in response.content.decode()


def test_empty_and_boilerplate_only_input_is_refused_in_chinese(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("intel_submit"), {"text": "首页 | 论坛 | 登录 | 注册"}, follow=True)
    assert "没有剩下正文" in response.content.decode()
    response = client.post(reverse("intel_submit"), {"text": ""}, follow=True)
    assert "请粘贴文章内容或选择一个文件" in response.content.decode()
    assert not Article.objects.exists()


def test_an_upload_is_checked_and_read(client, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    page = SimpleUploadedFile("news.html", f"<html><body><p>{FIRST}</p></body></html>".encode())
    client.post(reverse("intel_submit"), {"upload": page})
    assert Article.objects.get().origin == Origin.UPLOAD
    fake = SimpleUploadedFile("news.docx", b"not a zip at all")
    response = client.post(reverse("intel_submit"), {"upload": fake}, follow=True)
    assert "与扩展名 .docx 不符" in response.content.decode()


def test_who_may_review(client, users, park, other_park, coordinator):
    # Given an article of the park and one of another park
    own, _ = actions.submit_article(actor=coordinator, raw=FIRST, origin=Origin.PASTE, park=park)
    other, _ = actions.submit_article(actor=coordinator, raw=TWO, origin=Origin.PASTE, park=other_park)
    # Then park staff see their park's, not the other's (404), and may decide their own
    client.force_login(users[Role.PARK_STAFF])
    assert client.get(reverse("intel_article", args=[own.pk])).status_code == 200
    assert client.get(reverse("intel_article", args=[other.pk])).status_code == 404
    assert client.post(reverse("intel_accept", args=[other.findings.first().pk])).status_code == 404
    # And leaders read but may not decide; departments and enterprises are refused
    client.force_login(users[Role.LEADER])
    assert client.get(reverse("intel_article", args=[other.pk])).status_code == 200
    assert client.post(reverse("intel_accept", args=[own.findings.get().pk])).status_code == 403
    for role in (Role.DEPARTMENT_CLERK, Role.ENTERPRISE):
        client.force_login(users[role])
        assert client.get(reverse("intel_queue")).status_code == 403
    assert not Lead.objects.exists()


def test_the_queue_lists_articles_in_flat_queries(client, coordinator, django_assert_max_num_queries):
    for n in range(3):
        actions.submit_article(actor=coordinator, raw=TWO.replace("3月3日", f"3月{n + 1}日"), origin=Origin.PASTE)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        few = client.get(reverse("intel_queue"))
    for n in range(3, 12):
        actions.submit_article(actor=coordinator, raw=TWO.replace("3月3日", f"3月{n + 1}日"), origin=Origin.PASTE)
    with django_assert_max_num_queries(12):
        many = client.get(reverse("intel_queue"))
    assert few.status_code == many.status_code == 200
    assert many.content.decode().count('href="/intel/articles/') == 12

"""Qualifications are recorded by the bureau or park; needs raised by the enterprise are answered by its 包保
officials (进解优促), and both sides are told."""

from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.enterprises.models import Qualification, ServiceRecord, ServiceStatus
from tuijin.notifications.models import Notification

from ..factories import UserFactory
from ..pages import text


def test_the_park_records_a_qualification_shown_on_the_profile(client, users, enterprise):
    client.force_login(users[Role.PARK_STAFF])

    client.post(reverse("enterprise_qualification_add", args=[enterprise.pk]), {
        "kind": "srdi", "level": "2", "certificate_no": "ZJTX-2025-018", "granted_on": "2025-06-01",
        "expires_on": "2028-05-31"})
    page = text(client.get(reverse("enterprise_detail", args=[enterprise.pk])))

    assert "专精特新中小企业 ZJTX-2025-018 2025-06-01 2028-05-31" in page
    assert "登记资质：专精特新中小企业" in page


def test_a_qualification_without_its_level_is_refused(client, users, enterprise):
    client.force_login(users[Role.COORDINATOR])

    response = client.post(reverse("enterprise_qualification_add", args=[enterprise.pk]),
                           {"kind": "srdi", "granted_on": "2025-06-01"}, follow=True)

    assert "专精特新资质须选择等级" in text(response) and not Qualification.objects.exists()


def test_an_enterprise_cannot_certify_itself(client, users, enterprise):
    client.force_login(users[Role.ENTERPRISE])

    response = client.post(reverse("enterprise_qualification_add", args=[enterprise.pk]),
                           {"kind": "high_tech", "granted_on": "2025-06-01"})

    assert response.status_code == 403 and not Qualification.objects.exists()


def test_a_need_is_raised_answered_and_both_sides_told(client, users, enterprise, department):
    # Given an enterprise with a 包保 official (a department's; a district leader official only reads)
    official = UserFactory(role=Role.DEPARTMENT_CLERK, organisation=department, full_name="赵强")
    enterprise.responsible_official = official
    enterprise.save()

    # When the enterprise raises a need (even if it tries to file it as a visit)
    client.force_login(users[Role.ENTERPRISE])
    client.post(reverse("enterprise_service_add", args=[enterprise.pk]), {
        "kind": "visit", "happened_on": "2026-03-02", "summary": "新厂房用电增容", "need": "希望协调供电公司提前接电"})
    record = ServiceRecord.objects.get()
    assert (record.kind, record.status) == ("need", ServiceStatus.OPEN)
    assert Notification.objects.get(recipient=official).title == "企业诉求待答复：成都锦程新材料有限公司"

    # And the official answers it
    client.force_login(official)
    client.post(reverse("enterprise_service_answer", args=[enterprise.pk, record.pk]),
                {"response": "已协调供电公司，3月20日前完成增容"})

    # Then the need shows as answered and the enterprise is told
    record.refresh_from_db()
    assert record.status == ServiceStatus.ANSWERED and record.answered_by == official
    assert Notification.objects.get(recipient=users[Role.ENTERPRISE]).body == "已协调供电公司，3月20日前完成增容"
    client.force_login(users[Role.ENTERPRISE])
    assert "答复（赵强" in text(client.get(reverse("enterprise_detail", args=[enterprise.pk])))


def test_answering_twice_is_refused(client, users, enterprise):
    client.force_login(users[Role.COORDINATOR])
    client.post(reverse("enterprise_service_add", args=[enterprise.pk]),
                {"kind": "need", "happened_on": "2026-03-02", "summary": "融资难"})
    record = ServiceRecord.objects.get()
    url = reverse("enterprise_service_answer", args=[enterprise.pk, record.pk])
    client.post(url, {"response": "已对接银行"})

    response = client.post(url, {"response": "再答一次"}, follow=True)

    assert "该诉求已答复" in text(response)
    record.refresh_from_db()
    assert record.response == "已对接银行"


def test_others_cannot_answer_or_record(client, users, enterprise, other_enterprise):
    record = ServiceRecord.objects.create(enterprise=enterprise, kind="need", happened_on="2026-03-02",
                                          summary="招工难", status=ServiceStatus.OPEN)

    client.force_login(users[Role.ENTERPRISE])
    answer = client.post(reverse("enterprise_service_answer", args=[enterprise.pk, record.pk]), {"response": "自己答"})
    elsewhere = client.post(reverse("enterprise_service_add", args=[other_enterprise.pk]),
                            {"kind": "need", "happened_on": "2026-03-02", "summary": "x"})

    assert answer.status_code == 403 and elsewhere.status_code == 404


def test_an_enterprise_raises_a_need_from_its_page_form(client, users, enterprise):
    # Given the enterprise's own page, whose form has no 类型 field for enterprise staff
    client.force_login(users[Role.ENTERPRISE])
    page = client.get(reverse("enterprise_detail", args=[enterprise.pk])).content.decode()
    assert 'name="kind"' not in page
    # When they submit what the page offers, Then the need is saved
    client.post(reverse("enterprise_service_add", args=[enterprise.pk]), {
        "happened_on": "2026-03-02", "summary": "新厂房用电增容", "need": "希望协调供电公司提前接电"})
    assert ServiceRecord.objects.get().kind == "need"

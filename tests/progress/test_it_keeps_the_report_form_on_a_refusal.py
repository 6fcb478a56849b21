"""A refused monthly report keeps what was typed, its photo pending; the form starts on the right month."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tuijin.accounts.models import Role
from tuijin.progress import actions, services
from tuijin.progress.models import MonthlyReport, ReportEventKind, ReportPhoto

from ..pages import text

TODAY = timezone.localdate()
LAST = TODAY.replace(day=1) - dt.timedelta(days=1)
NEXT = (TODAY.replace(day=28) + dt.timedelta(days=10)).replace(day=1)


def jpeg(name="工地.jpg"):
    data = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(data, "JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


def save(client, project, **fields):
    data = {"year": LAST.year, "month": LAST.month, "completed_investment": "120.5", "funds_arrived": "80",
            "narrative": "主体结构封顶", "photo_caption": "东侧厂房", **fields}
    return client.post(reverse("progress_save_report", args=[project.pk]), data)


@pytest.mark.django_db
def test_a_refused_report_keeps_every_field_and_its_photo(client, users, project):
    client.force_login(users[Role.ENTERPRISE])

    # When the enterprise submits next month (refused) with a photo
    refused = save(client, project, year=NEXT.year, month=NEXT.month, photo=jpeg(), submit="1")

    # Then the page says why and shows every field as typed, the photo pending
    assert refused.status_code == 400
    body = text(refused)
    assert "不能报送未来月份" in body and "已选照片：工地.jpg（将随月报一起保存" in body
    form = refused.context["report_form"]
    assert (form["month"].value(), form["completed_investment"].value(), form["funds_arrived"].value(),
            form["narrative"].value(), form["photo_caption"].value()) == (
        str(NEXT.month), "120.5", "80", "主体结构封顶", "东侧厂房")
    assert not MonthlyReport.objects.exists()

    # When the month is fixed and the form sent again without choosing the photo again
    token = refused.context["pending_photo"]["token"]
    saved = save(client, project, pending_photo=token, submit="1")

    # Then the report is submitted with the photo attached, and the history names it
    assert saved.status_code == 302
    report = MonthlyReport.objects.get(project=project, year=LAST.year, month=LAST.month)
    photo = ReportPhoto.objects.get(report=report)
    assert photo.image.name.endswith(".jpg") and photo.caption == "东侧厂房"
    assert report.events.filter(kind=ReportEventKind.PHOTO_ADDED).exists()
    # and the pending copy is gone: the token does not attach it twice
    save(client, project, month=LAST.month, pending_photo=token)
    assert ReportPhoto.objects.count() == 1


@pytest.mark.django_db
def test_a_figure_too_big_is_refused_with_the_input_kept(client, users, project):
    client.force_login(users[Role.ENTERPRISE])

    refused = save(client, project, funds_arrived="1000000000000000", photo=jpeg("site.jpg"))

    assert refused.status_code == 400
    assert refused.context["report_form"]["narrative"].value() == "主体结构封顶"
    assert "已选照片：site.jpg" in text(refused)


@pytest.mark.django_db
def test_another_sessions_token_attaches_nothing(client, users, project, django_user_model):
    client.force_login(users[Role.ENTERPRISE])
    token = save(client, project, month=NEXT.month, year=NEXT.year, photo=jpeg()).context["pending_photo"]["token"]

    client.force_login(users[Role.COORDINATOR])  # a new session
    save(client, project, pending_photo=token)

    assert MonthlyReport.objects.count() == 1 and not ReportPhoto.objects.exists()


@pytest.mark.django_db
def test_a_report_refused_by_its_status_keeps_the_form(client, users, project):
    client.force_login(users[Role.ENTERPRISE])
    report = actions.save_draft(project, LAST.year, LAST.month, actor=users[Role.ENTERPRISE],
                                data={"completed_investment": Decimal(10)})
    actions.approve_report(actions.submit_report(report, actor=users[Role.ENTERPRISE]), actor=users[Role.COORDINATOR])

    refused = save(client, project, completed_investment="99", photo=jpeg())

    assert refused.status_code == 400
    assert "已审核，不能再修改" in text(refused)
    assert refused.context["report_form"]["completed_investment"].value() == "99"
    assert MonthlyReport.objects.get(pk=report.pk).completed_investment == Decimal(10)
    assert not ReportPhoto.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("today, reported, expected", [
    (dt.date(2026, 12, 3), [], (2026, 11)),  # nothing reported: last month, not January
    (dt.date(2026, 12, 3), [1, 2, 3], (2026, 4)),  # the first past month not reported
    (dt.date(2026, 12, 3), [1, 2, 4], (2026, 3)),  # a gap is reported first
    (dt.date(2026, 12, 3), list(range(1, 12)), (2026, 11)),  # all past months reported: last month
    (dt.date(2027, 1, 10), [], (2026, 12)),  # in January: last December
])
def test_the_form_defaults_to_the_month_to_report(users, project, today, reported, expected):
    for month in reported:
        report = actions.save_draft(project, expected[0], month, actor=users[Role.COORDINATOR],
                                    data={"completed_investment": Decimal(1)})
        actions.submit_report(report, actor=users[Role.COORDINATOR])

    initial = services.next_report_initial(project, min(today, dt.date(today.year, 12, 31)), today=today)

    assert (initial["year"], initial["month"]) == expected

"""A briefing is asked for on the 报表简报 page, made as a job with its progress, kept with its parameters, template
version and data date, and downloaded by those whose scope it is: a park's staff get their park's pack, another
park's is a 404, as is the district's."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.briefings import actions, tasks
from tuijin.briefings.figures import month_end
from tuijin.briefings.forms import month_choices
from tuijin.briefings.models import BriefingEvent, BriefingRun, DocumentKind, RunStatus

from ..pages import text as page_text
from .helpers import text


@pytest.fixture(autouse=True)
def _inline(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BRIEFINGS_RUN_INLINE = True


LAST_MONTH = month_choices()[1][0]


def test_a_coordinator_makes_a_month_s_briefing_and_downloads_its_three_files(client, users, small_district, no_pdf):
    # Given a coordinator on the 报表简报 page
    client.force_login(users[Role.COORDINATOR])
    assert "报表简报" in page_text(client.get(reverse("briefings_home")))

    # When they ask for last month's district briefing
    response = client.post(reverse("briefings_generate"), {"kind": "monthly", "month": LAST_MONTH, "park": ""})

    # Then the run is made and kept with its parameters, template version and data date
    run = BriefingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("briefings_run", args=[run.pk])
    assert (run.status, run.progress, run.template_version) == (RunStatus.DONE, 100, 0)
    assert run.parameters == {"month": LAST_MONTH, "park": "全区", "meeting": ""}
    assert run.data_date == month_end(dt.date.fromisoformat(f"{LAST_MONTH}-01"))
    assert BriefingEvent.objects.filter(run=run, actor=users[Role.COORDINATOR]).count() == 1
    page = page_text(client.get(reverse("briefings_run", args=[run.pk])))
    assert "已生成" in page and "下载 Word" in page and "下载 PDF" in page and "下载 Excel" in page

    # And each file downloads
    for fmt, starts in (("docx", b"PK"), ("pdf", b"%PDF"), ("xlsx", b"PK")):
        download = client.get(reverse("briefings_download", args=[run.pk, fmt]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(starts)
    assert client.get(reverse("briefings_download", args=[run.pk, "exe"])).status_code == 404


def test_the_status_part_shows_progress_while_the_run_is_made(client, users):
    # Given a run a worker is making, at 60 %
    run = BriefingRun.objects.create(kind=DocumentKind.MONTHLY, month=dt.date(2026, 3, 1), status=RunStatus.RUNNING,
                                     progress=60, step="转换 PDF", requested_by=users[Role.COORDINATOR])
    client.force_login(users[Role.COORDINATOR])

    # Then the polled part shows the bar and the step, and keeps polling
    body = client.get(reverse("briefings_run_status", args=[run.pk])).content.decode()
    assert 'aria-valuenow="60"' in body and "正在生成：转换 PDF" in body and "hx-trigger" in body


def test_a_park_sees_its_park_s_pack_only(client, users, park, other_park, other_park_staff, small_district, no_pdf):
    coordinator = users[Role.COORDINATOR]
    month = dt.date.fromisoformat(f"{LAST_MONTH}-01")
    own = actions.request_run(DocumentKind.MONTHLY, actor=coordinator, month=month, park=park)
    other = actions.request_run(DocumentKind.MONTHLY, actor=coordinator, month=month, park=other_park)
    whole = actions.request_run(DocumentKind.MONTHLY, actor=coordinator, month=month)
    for run in (own, other, whole):
        tasks.start(run)

    # Given the park's staff
    client.force_login(users[Role.PARK_STAFF])

    # Then their park's pack opens and downloads; another park's and the district's are not found
    assert client.get(reverse("briefings_run", args=[own.pk])).status_code == 200
    assert client.get(reverse("briefings_download", args=[own.pk, "docx"])).status_code == 200
    for hidden in (other, whole):
        assert client.get(reverse("briefings_run", args=[hidden.pk])).status_code == 404
        assert client.get(reverse("briefings_download", args=[hidden.pk, "xlsx"])).status_code == 404
    listed = page_text(client.get(reverse("briefings_home")))
    assert own.title in listed and other.title not in listed and whole.title not in listed

    # And the park's briefing has only its own projects
    body = text(BriefingRun.objects.get(pk=own.pk).docx.read())
    assert "锂电池正极材料项目" in body or "高新园" in body
    assert "冷链物流中心项目" not in body


def test_a_park_makes_only_its_own_park_s_briefing(client, users, park, other_park, no_pdf):
    client.force_login(users[Role.PARK_STAFF])
    # Asking for the district is refused (403), another park is not among their choices; nothing is made
    district = client.post(reverse("briefings_generate"), {"kind": "monthly", "month": LAST_MONTH, "park": ""})
    assert district.status_code == 403
    page = client.post(reverse("briefings_generate"), {"kind": "monthly", "month": LAST_MONTH,
                                                       "park": str(other_park.pk)}, follow=True)
    assert "未生成" in page_text(page) and "不能生成这个园区的通报" in page_text(page)
    assert not BriefingRun.objects.exists()
    # A meeting pack is the coordinators'
    assert client.post(reverse("briefings_generate"), {"kind": "meeting"}).status_code == 403
    # Their own park's is made
    client.post(reverse("briefings_generate"), {"kind": "monthly", "month": LAST_MONTH, "park": str(park.pk)})
    assert BriefingRun.objects.get().park == park


def test_enterprises_and_department_clerks_do_not_see_the_page(client, users):
    for role in (Role.ENTERPRISE, Role.DEPARTMENT_CLERK):
        client.force_login(users[role])
        assert client.get(reverse("briefings_home")).status_code == 404


def test_a_failed_run_keeps_no_file_and_says_so(client, users, monkeypatch):
    from tuijin.briefings import packs

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(packs, "monthly", broken)
    client.force_login(users[Role.COORDINATOR])
    client.post(reverse("briefings_generate"), {"kind": "monthly", "month": LAST_MONTH, "park": ""})
    run = BriefingRun.objects.get()
    assert run.status == RunStatus.FAILED and not run.docx
    assert "生成时发生内部错误" in page_text(client.get(reverse("briefings_run", args=[run.pk])))


def test_the_schedule_makes_last_month_s_briefings_on_the_first_working_day_once(users, park, other_park, no_pdf):
    # 1 June 2026 is a Monday and a working day; 31 May is a Sunday
    first = tasks.first_workday(2026, 6)
    assert first == dt.date(2026, 6, 1)
    assert tasks.scheduled_runs(dt.date(2026, 6, 2)) == []
    made = tasks.scheduled_runs(first)
    assert {(run.park_id, run.month, run.scheduled) for run in made} == {
        (None, dt.date(2026, 5, 1), True), (park.pk, dt.date(2026, 5, 1), True),
        (other_park.pk, dt.date(2026, 5, 1), True)}
    assert all(run.status == RunStatus.DONE for run in BriefingRun.objects.all())
    assert tasks.scheduled_runs(first) == []  # once
    # 1 October is a holiday: the first working day of October 2026 is after the National Day week
    assert tasks.first_workday(2026, 10) > dt.date(2026, 10, 7)


def test_the_page_s_queries_stay_flat_in_the_number_of_runs(client, users, park):
    client.force_login(users[Role.COORDINATOR])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("briefings_home")).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            BriefingRun.objects.create(kind=DocumentKind.MONTHLY, month=dt.date(2026, 3, 1), park=park,
                                       status=RunStatus.DONE, title="高新园通报", requested_by=users[Role.COORDINATOR])

    add(2)
    few = count()
    add(12)
    assert count() == few

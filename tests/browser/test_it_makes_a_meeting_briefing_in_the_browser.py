"""A coordinator opens 报表简报, makes the pack for a scheduling meeting, watches its progress bar and downloads it."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from tuijin.accounts.models import Role
from tuijin.briefings import runner, tasks
from tuijin.coordination import actions as coordination

from ..briefings import conftest as briefings_world
from ..briefings.helpers import text

pytestmark = pytest.mark.browser
small_district = briefings_world.small_district  # the hand-made district of the briefings tests (a fixture)


def test_it_makes_a_meeting_pack_with_a_progress_bar_and_downloads_it(page, live_server, log_in, screenshot,
                                                                      settings, tmp_path, users, monkeypatch,
                                                                      small_district):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Given a scheduling meeting on project B and the open problem of project A
    meeting = coordination.record_meeting(actor=users[Role.COORDINATOR], data={
        "title": "3月重大项目调度会", "held_at": timezone.make_aware(dt.datetime(2026, 3, 25, 9)),
        "place": "区政府3楼会议室"}, projects=[small_district["B"]], agenda=[small_district["open_problem"]])
    # and a worker that starts when the test says (huey would pick the run up; here a thread does)
    queued = []
    monkeypatch.setattr(tasks, "start", queued.append)

    # When the coordinator opens 报表简报 from the navigation
    log_in("coordinator")
    page.get_by_role("link", name="报表简报").first.click()
    page.wait_for_selector("[data-testid=meeting-form]")
    screenshot("70-briefings-page")

    # And asks for the meeting's pack
    page.select_option("#id_meeting", str(meeting.pk))
    page.get_by_test_id("make-meeting").click()

    # Then the run's page shows a progress bar while it waits for the worker
    page.wait_for_selector("[data-testid=progress]")
    assert "排队等待生成" in page.get_by_test_id("progress").inner_text()
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "0"
    screenshot("71-briefing-queued")

    # When the worker makes it, the page (polling) moves through the steps to the downloads without a reload
    def work(pk):
        runner.run(pk)
        connection.close()  # the thread's own connection, so the test database can be dropped

    worker = threading.Thread(target=work, args=(queued[0].pk,))
    worker.start()
    page.wait_for_selector("[data-testid=done]", timeout=120_000)
    worker.join()
    assert "已生成" in page.get_by_test_id("done").inner_text()
    screenshot("72-briefing-done")

    # And the Word file downloads with the meeting's agenda and the projects' pages
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    assert download.value.suggested_filename == "3月重大项目调度会会议材料.docx"
    saved = tmp_path / "pack.docx"
    download.value.save_as(saved)
    body = text(saved.read_bytes())
    assert "临时道路未修通" in body and "项目简况：智能装备产业园项目" in body
    with page.expect_download() as pdf:
        page.get_by_test_id("download-pdf").click()
    assert pdf.value.suggested_filename.endswith(".pdf")

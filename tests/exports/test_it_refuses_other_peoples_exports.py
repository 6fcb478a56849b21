"""An export is its user's alone: anyone else gets 404 (its existence must not leak), anonymous users the login."""

import pytest

from tuijin.accounts.models import Role
from tuijin.exports.models import ExportStatus

from .jobs import make_job
from .workbooks import XLSX

PAGES = ["/exports/{pk}/", "/exports/{pk}/status/", "/exports/{pk}/download/"]


@pytest.fixture
def job(coordinator):
    return make_job(coordinator, content=b"PK sheet", rows_done=3, rows_total=3)


def test_its_user_opens_and_downloads_it(client, coordinator, job):
    client.force_login(coordinator)

    assert client.get(f"/exports/{job.pk}/").status_code == 200
    download = client.get(f"/exports/{job.pk}/download/")

    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert b"".join(download.streaming_content) == b"PK sheet"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", [Role.LEADER, Role.PARK_STAFF, Role.ENTERPRISE])
def test_another_user_gets_404(client, users, job, role, page):
    # Given someone else, even a leader who may see every project
    client.force_login(users[role])

    # When they open the coordinator's export
    response = client.get(page.format(pk=job.pk))

    # Then it is as if it did not exist
    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in(client, job, page):
    response = client.get(page.format(pk=job.pk))

    assert response.status_code == 302 and response.url.startswith("/login/?next=")


@pytest.mark.parametrize("status", [ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.FAILED])
def test_an_unfinished_export_has_nothing_to_download(client, coordinator, status):
    client.force_login(coordinator)
    job = make_job(coordinator, status=status)

    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_a_file_already_purged_is_404_not_an_error(client, coordinator, job):
    client.force_login(coordinator)
    job.file.storage.delete(job.file.name)

    assert client.get(f"/exports/{job.pk}/download/").status_code == 404

"""Outside any transaction, as in huey's consumer, the worker records progress while the rows still stream.

More rows than one fetch (2,000) keep the database cursor open while the progress updates are
written on the same connection: PostgreSQL's server-side cursor and SQLite's open statement must
both survive that.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tuijin.exports import runner
from tuijin.exports.models import ExportJob, ExportStatus
from tuijin.projects.models import Project

from ..factories import ProjectFactory
from .workbooks import data_rows

ROWS = 2300


@pytest.mark.django_db(transaction=True)
def test_a_job_streams_more_rows_than_one_fetch_while_recording_progress(client, settings, monkeypatch, coordinator):
    settings.EXPORTS_RUN_INLINE = False
    settings.EXPORT_INLINE_ROWS = 100
    monkeypatch.setattr(runner, "PROGRESS_EVERY", 500)
    Project.objects.bulk_create([ProjectFactory.build(code=f"XM2026-B{n:05d}", name=f"批量项目{n}")
                                 for n in range(ROWS)])
    client.force_login(coordinator)

    # When the coordinator exports every project, and huey (immediate under pytest) runs the job after commit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("project_list"), {"format": "xlsx"})

    # Then the job wrote every row, recording progress four times on the way
    job = ExportJob.objects.get()
    assert response.url == f"/exports/{job.pk}/"
    assert job.status == ExportStatus.DONE, job.message
    assert job.rows_done == job.rows_total == ROWS
    progress = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")
                and '"rows_done"' in query["sql"] and '"status"' not in query["sql"]]
    assert len(progress) == 4
    assert len(data_rows(client.get(f"/exports/{job.pk}/download/"))) == ROWS

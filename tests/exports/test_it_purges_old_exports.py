"""``purge_exports`` deletes jobs older than N days with their files, and keeps the recent ones."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from tuijin.exports import tasks
from tuijin.exports.models import ExportJob

from .jobs import make_job


def _aged(job, days):
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    return job


def test_it_deletes_old_jobs_and_their_files_and_keeps_recent_ones(settings, coordinator):
    # Given exports made 10, 8 and 2 days ago (the oldest failed, with no file) and one today
    old = _aged(make_job(coordinator, content=b"old"), 8)
    failed = _aged(make_job(coordinator, status="failed"), 10)
    recent = _aged(make_job(coordinator, content=b"recent"), 2)
    today = make_job(coordinator, content=b"today")
    old_file = settings.MEDIA_ROOT / old.file.name

    # When the default clean-up runs
    out = io.StringIO()
    call_command("purge_exports", stdout=out)

    # Then the two older than 7 days are gone, with the file, and it says how many
    assert set(ExportJob.objects.values_list("pk", flat=True)) == {recent.pk, today.pk}
    assert not old_file.exists() and (settings.MEDIA_ROOT / recent.file.name).exists()
    assert "已删除 2 个 7 天前发起的导出任务，1 个文件。" in out.getvalue()
    assert failed.pk not in ExportJob.objects.values_list("pk", flat=True)

    # When it runs with --days 1
    out = io.StringIO()
    call_command("purge_exports", "--days", "1", stdout=out)

    # Then the two-day-old one goes too, and today's stays
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [today.pk]
    assert not (settings.MEDIA_ROOT / recent.file.name).exists()
    assert "已删除 1 个 1 天前发起的导出任务，1 个文件。" in out.getvalue()


def test_huey_runs_the_same_clean_up_every_night(settings, coordinator):
    settings.EXPORTS_KEEP_DAYS = 7
    _aged(make_job(coordinator, content=b"old"), 9)

    assert tasks.purge_exports.call_local() == "已删除 1 个 7 天前发起的导出任务，1 个文件。"
    assert not ExportJob.objects.exists()

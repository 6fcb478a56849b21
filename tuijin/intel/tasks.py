"""The watched folder's scan as a huey periodic task (every INTEL_WATCH_MINUTES; off when INTEL_WATCH_DIR is empty)."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import watch


@db_periodic_task(crontab(minute=f"*/{settings.INTEL_WATCH_MINUTES}" if settings.INTEL_WATCH_MINUTES < 60 else "0"))
@lock_task("intel-watch")
def scan_watch_folder():
    if not settings.INTEL_WATCH_DIR:
        return "未设置 INTEL_WATCH_DIR"
    return watch.scan(settings.INTEL_WATCH_DIR).summary()

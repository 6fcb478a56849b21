"""What every background-job row (exports, 报表简报 runs, 免申即享 jobs) says about itself while a worker has it."""

from datetime import timedelta

from django.utils import timezone

STUCK_AFTER = timedelta(minutes=10)  # queued or running this long without progress: no worker has it


class JobState:
    """``is_running`` and ``is_stuck`` for a model with ``status`` and ``updated_at``.

    A model names its waiting and working statuses in ``RUNNING_STATUSES``. Kept as one mixin (no
    fields, so no migration) because the three job tables had each written the same two rules.
    """

    RUNNING_STATUSES: tuple = ()

    @property
    def is_running(self):
        return self.status in self.RUNNING_STATUSES

    @property
    def is_stuck(self):
        """Queued or running without progress for ten minutes: no worker is running, or it restarted mid-job."""
        return self.is_running and self.updated_at < timezone.now() - STUCK_AFTER

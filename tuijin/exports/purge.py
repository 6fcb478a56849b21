"""Deleting old export jobs with their files: the sheets are copies of live data, kept only to be downloaded."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from .models import ExportJob

BATCH = 500


@dataclass
class Purged:
    days: int
    jobs: int = 0
    files: int = 0

    def summary(self):
        return f"已删除 {self.jobs} 个 {self.days} 天前发起的导出任务，{self.files} 个文件。"


def run(days: int, progress=None) -> Purged:
    """Delete every job started more than ``days`` days ago, its file first; ``progress(done, total)`` if given."""
    cutoff = timezone.now() - timedelta(days=days)
    pks = list(ExportJob.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True))
    result = Purged(days)
    for start in range(0, len(pks), BATCH):
        batch = pks[start:start + BATCH]
        for job in ExportJob.objects.filter(pk__in=batch).only("pk", "file"):
            if job.file:
                job.file.delete(save=False)
                result.files += 1
        result.jobs += ExportJob.objects.filter(pk__in=batch).delete()[0]
        if progress:
            progress(start + len(batch), len(pks))
    return result

"""Export jobs made directly, in any state, for the tests of the job pages."""

from django.core.files.base import ContentFile

from tuijin.exports.models import ExportJob, ExportKind, ExportStatus


def make_job(user, status=ExportStatus.DONE, content=b"", **fields):
    job = ExportJob(kind=ExportKind.PROJECT_LIST, query_string="format=xlsx", created_by=user, status=status,
                    title="项目清单", **fields)
    if content:
        job.file.save("项目清单.xlsx", ContentFile(content), save=False)
    job.save()
    return job

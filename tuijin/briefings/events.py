"""The history writers of 报表简报: a template version uploaded, a pack asked for (append-only rows)."""

from django.utils import timezone

from tuijin.lib.events import record

from .models import BriefingEvent, BriefingEventKind


def template_uploaded(template, *, actor, now=None) -> BriefingEvent:
    return record(BriefingEvent, kind=BriefingEventKind.TEMPLATE_UPLOADED, template=template, actor=actor,
                  created_at=now or timezone.now(), changes=[
                      {"field": "version", "label": "版本号", "old": template.version - 1, "new": template.version},
                      {"field": "original_name", "label": "上传文件名", "old": "", "new": template.original_name},
                      {"field": "note", "label": "修改说明", "old": "", "new": template.note}])


def run_requested(run, *, actor, now=None) -> BriefingEvent:
    return record(BriefingEvent, kind=BriefingEventKind.RUN_REQUESTED, run=run, actor=actor,
                  created_at=now or timezone.now(), changes=[
                      {"field": "parameters", "label": "参数", "old": "", "new": run.parameters},
                      {"field": "template_version", "label": "模板版本", "old": "", "new": run.template_version}])

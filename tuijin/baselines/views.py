"""The baseline page: a project list compared between two dates, on the page and as an Excel sheet."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from tuijin.coordination.models import Meeting, MeetingKind
from tuijin.lib import xlsx
from tuijin.projects.forms import ProjectFilterForm

from . import comparison

COLUMNS = [
    xlsx.Column("序号", 6, "int"), xlsx.Column("项目编号", 16), xlsx.Column("项目名称", 36),
    xlsx.Column("所在园区", 14), xlsx.Column("变化类型", 14), xlsx.Column("事项", 22),
    xlsx.Column("对比前", 20), xlsx.Column("对比后", 20), xlsx.Column("变化", 16),
]


def last_scheduling_meeting(today=None):
    """The latest 调度会 held by ``today``: "since the last meeting" starts on its day."""
    today = today or timezone.localdate()
    return (Meeting.objects.filter(kind=MeetingKind.SCHEDULING, held_at__lt=comparison.cut(today))
            .order_by("-held_at").values_list("held_at", flat=True).first())


def meeting_start(held_at) -> dt.date:
    """The baseline date for a meeting: the end of the day before it, so changes made on the day count."""
    return timezone.localdate(held_at) - dt.timedelta(days=1)


def read(user, params):
    """The filters, the dates and the comparison for ``params`` (a 400 when any of them is malformed)."""
    filters = comparison.read_filters(params)
    meeting = last_scheduling_meeting()
    start, end = comparison.read_dates(params, default_start=meeting_start(meeting) if meeting else None)
    return filters, start, end, meeting, comparison.compare(user, start, end, filters)


def rows(baseline):
    number = 0
    for kind, refs in ((comparison.Kind.ADDED, baseline.added), (comparison.Kind.REMOVED, baseline.removed)):
        for ref in refs:
            number += 1
            yield [number, ref.code, ref.name, ref.park, comparison.Kind.LABELS[kind], "", "", "", ""]
    for change in baseline.changes:
        number += 1
        yield [number, change.project.code, change.project.name, change.project.park, change.kind_label,
               change.label, change.before_shown, change.after_shown, change.delta_shown]


@login_required
def baseline(request):
    filters, start, end, meeting, result = read(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        title = f"基线对比（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）"
        return xlsx.download(xlsx.workbook(title, COLUMNS, rows(result)), f"基线对比_{start}_{end}.xlsx")
    form = ProjectFilterForm(filters or None)
    del form.fields["sort"]
    context = {
        "form": form, "baseline": result, "start": start, "end": end, "today": timezone.localdate(),
        "meeting_start": meeting_start(meeting) if meeting else None, "meeting_day": timezone.localdate(meeting) if meeting else None,
    }
    template = "baselines/_results.html" if request.htmx and not request.htmx.boosted else "baselines/page.html"
    return render(request, template, context)

"""The baseline page: a project list compared between two dates, on the page and as an Excel sheet."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from tuijin.lib import xlsx
from tuijin.projects.forms import ProjectFilterForm

from . import comparison

COLUMNS = [
    xlsx.Column("序号", 6, "int"), xlsx.Column("项目编号", 16), xlsx.Column("项目名称", 36),
    xlsx.Column("所在园区", 14), xlsx.Column("变化类型", 14), xlsx.Column("事项", 22),
    xlsx.Column("对比前", 20), xlsx.Column("对比后", 20), xlsx.Column("变化", 16),
]


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
    filters, start, end, meeting, result = comparison.read(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        title = f"基线对比（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）"
        return xlsx.download(xlsx.workbook(title, COLUMNS, rows(result)), f"基线对比_{start}_{end}.xlsx")
    form = ProjectFilterForm(filters or None)
    del form.fields["sort"]
    context = {
        "form": form, "baseline": result, "start": start, "end": end, "today": timezone.localdate(),
        "meeting_start": comparison.meeting_start(meeting) if meeting else None, "meeting_day": timezone.localdate(meeting) if meeting else None,
    }
    template = "baselines/_results.html" if request.htmx and not request.htmx.boosted else "baselines/page.html"
    return render(request, template, context)

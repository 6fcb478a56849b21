"""Upload a sheet, watch it being checked, read every problem, then apply it — thin views over ``runner``."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.lib import xlsx
from tuijin.lib.parsing import parse_date

from . import runner
from .forms import UploadForm
from .registry import allowed_kinds, importer_class
from .models import ImportJob, ImportKind, ImportStatus

REFUSED = "只有统筹协调部门（发改/投促）和园区工作人员可以导入数据。"


def _kinds_or_refuse(user):
    kinds = allowed_kinds(user)
    if not kinds:
        raise PermissionDenied(REFUSED)
    return kinds


def _own_job(request, pk):
    """The job if ``request.user`` started it (404 otherwise: other people's files are not listed)."""
    queryset = ImportJob.objects.select_related("created_by")
    if not request.user.is_superuser:
        queryset = queryset.filter(created_by=request.user)
    return get_object_or_404(queryset, pk=pk)


@login_required
def upload(request):
    kinds = _kinds_or_refuse(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        job = ImportJob.objects.create(kind=form.chosen_kind, file=upload_file, original_name=upload_file.name[:255],
                                       created_by=request.user)
        runner.start(job, "validate")
        return redirect("import_job", pk=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "imports/upload.html", {"form": form, "recent": recent, "kinds": kinds},
                  status=400 if form.errors else 200)


def _job_context(job):
    problems = job.problems or []
    return {"job": job, "problems": problems, "preview": job.preview or {}, "summary": job.summary or {},
            "statuses": ImportStatus}


@login_required
def job(request, pk):
    _kinds_or_refuse(request.user)
    return render(request, "imports/job.html", _job_context(_own_job(request, pk)))


@login_required
def job_status(request, pk):
    """The part of the job page that changes: polled by htmx while the job runs."""
    return render(request, "imports/_job_body.html", _job_context(_own_job(request, pk)))


@login_required
@require_POST
def job_apply(request, pk):
    kinds = _kinds_or_refuse(request.user)
    job = _own_job(request, pk)
    if ImportKind(job.kind) not in kinds:
        raise PermissionDenied(REFUSED)
    options = {k: v for k, v in job.options.items() if k != "skip_rows"}
    if request.POST.get("valid_rows_only") == "1":
        # "只导入无误的行": the rows left out must be exactly those the page showed when the user chose it.
        shown = request.POST.get("skip_rows", "")
        expected = ",".join(str(item["row"]) for item in job.skipped_rows)
        if not job.can_apply_valid_rows or shown != expected:
            messages.error(request, "要跳过的行已发生变化，请查看最新的问题清单后重新确认。")
            return redirect("import_job", pk=job.pk)
        options["skip_rows"] = [item["row"] for item in job.skipped_rows]
    elif not job.can_apply:
        messages.error(request, "该导入不能应用：请先处理预览中列出的全部问题，修改文件后重新上传。"
                       if job.problems else "该导入当前状态为“%s”，不能应用。" % job.get_status_display())
        return redirect("import_job", pk=job.pk)
    # Compare-and-set on what the page showed, so a double click starts one apply, not two; an apply
    # whose worker died is released (its transaction rolled back with the worker) and queued again.
    queued = {"status": ImportStatus.APPLYING, "worker": "", "heartbeat_at": timezone.now(), "options": options}
    if not ImportJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(**queued):
        return redirect("import_job", pk=job.pk)
    job.refresh_from_db()
    runner.start(job, "apply")
    return redirect("import_job", pk=job.pk)


@login_required
@require_POST
def job_revalidate(request, pk):
    _kinds_or_refuse(request.user)
    job = _own_job(request, pk)
    if job.status == ImportStatus.APPLIED or (job.is_running and not job.is_stalled):
        return redirect("import_job", pk=job.pk)
    queued = {"status": ImportStatus.UPLOADED, "worker": "", "heartbeat_at": timezone.now()}
    if "create_enterprises" in request.POST and job.kind == ImportKind.PROJECTS:
        # "同时新建这些企业": checked again with the choice, so the preview shows what the apply will create.
        queued["options"] = {**job.options, "create_enterprises": request.POST["create_enterprises"] == "1"}
    if not ImportJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(**queued):
        return redirect("import_job", pk=job.pk)
    job.refresh_from_db()
    runner.start(job, "validate")
    return redirect("import_job", pk=job.pk)


@login_required
def template(request, kind):
    """An empty sheet with the expected title, units row and headers; required columns marked *."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if kind not in ImportKind.values:
        raise Http404
    kind = ImportKind(kind)
    if kind not in _kinds_or_refuse(request.user):
        raise PermissionDenied(REFUSED)
    columns = importer_class(kind).columns
    book = Workbook()
    sheet = book.active
    sheet.title = kind.label
    sheet.append([f"{kind.label}导入表"])
    sheet["A1"].font = Font(size=14, bold=True)
    sheet.append(["单位：万元"])
    sheet.append([("*" if column.required else "") + column.label for column in columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(cell.value) * 2 + 2)
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "必填", "也可写作", "说明"])
    for column in columns:
        hint = "金额，可带单位 元/万元/亿元" if column.money else (
            "日期，如 2023-02-08、2023年2月" if column.parser is parse_date else "")
        notes.append([column.label, "是" if column.required else "", "、".join(column.aliases), hint])
    buffer = io.BytesIO()
    book.save(buffer)
    return xlsx.download(buffer.getvalue(), f"{kind.label}导入模板.xlsx")

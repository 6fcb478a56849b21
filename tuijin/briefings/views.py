"""报表简报: ask for a pack, watch its progress, download its files; coordinators keep the Word templates.

A run is made off the request (``tasks.start``); its page polls the part that changes. Someone else's
run — another park's, or the district's for a park — is a 404, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tuijin.lib.web import form_errors

from . import access, actions, default_templates, placeholders, tasks
from .forms import MeetingPackForm, MonthlyForm, TemplateUploadForm
from .models import FORMATS, BriefingRun, BriefingTemplate, DocumentKind, RunStatus

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"docx": DOCX_TYPE, "pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _forms(user, data=None):
    monthly = MonthlyForm(data, parks=access.parks_for(user))
    meeting = MeetingPackForm(data) if access.can_make_meeting_pack(user) else None
    return monthly, meeting


@login_required
def briefing_list(request):
    access.require_page(request.user)
    runs = (BriefingRun.objects.visible_to(request.user).select_related("park", "meeting", "requested_by")
            .order_by("-created_at", "-pk"))
    page = Paginator(runs, 30).get_page(request.GET.get("page"))
    monthly, meeting = _forms(request.user)
    return render(request, "briefings/home.html", {
        "page": page, "monthly_form": monthly, "meeting_form": meeting, "statuses": RunStatus,
        "may_make_monthly": bool(access.parks_for(request.user)),
        "may_manage_templates": access.can_manage_templates(request.user)})


@login_required
@require_POST
def generate(request):
    """Save a run (a month's briefing or a meeting's pack) and start it; the run's page shows its progress."""
    access.require_page(request.user)
    kind = request.POST.get("kind")
    if kind == DocumentKind.MEETING:
        if not access.can_make_meeting_pack(request.user):
            raise PermissionDenied("只有统筹协调部门可以生成调度会材料。")
        form = MeetingPackForm(request.POST)
        if not form.is_valid():
            messages.error(request, "未生成：" + form_errors(form))
            return redirect("briefings_home")
        run = actions.request_run(kind, actor=request.user, meeting=form.cleaned_data["meeting"])
    else:
        parks = access.parks_for(request.user)
        if not parks:
            raise PermissionDenied("您没有生成通报的权限。")
        form = MonthlyForm(request.POST, parks=parks)
        if not form.is_valid():
            messages.error(request, "未生成：" + form_errors(form))
            return redirect("briefings_home")
        park = form.cleaned_data["park"]
        if not access.can_make_monthly(request.user, park):
            raise PermissionDenied("您只能生成本园区的通报。")
        run = actions.request_run(DocumentKind.MONTHLY, actor=request.user, month=form.cleaned_data["month"],
                                  park=park)
    tasks.start(run)
    return redirect(run)


def _run_context(run):
    return {"run": run, "statuses": RunStatus}


@login_required
def briefing_run_page(request, pk):
    access.require_page(request.user)
    return render(request, "briefings/run.html", _run_context(access.visible_run_or_404(request.user, pk)))


@login_required
def run_status(request, pk):
    """The part of the run page that changes: polled by htmx while the run is being made."""
    access.require_page(request.user)
    return render(request, "briefings/_run_body.html", _run_context(access.visible_run_or_404(request.user, pk)))


@login_required
def download(request, pk, fmt):
    access.require_page(request.user)
    run = access.visible_run_or_404(request.user, pk)
    if fmt not in dict(FORMATS):
        raise Http404("没有这种格式")
    field = getattr(run, fmt)
    if run.status != RunStatus.DONE or not field:
        raise Http404("该文件尚未生成。")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("文件已被清理，请重新生成。") from None
    name = f"{run.title}.{fmt}" if fmt != "xlsx" else f"{run.title}统计表.xlsx"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])


# ------------------------------------------------------------------ templates

@login_required
def templates(request):
    access.require_templates(request.user)
    versions = BriefingTemplate.objects.select_related("uploaded_by").order_by("kind", "-version")
    kinds = [{"kind": kind, "versions": [v for v in versions if v.kind == kind],
              "specimen": placeholders.SPECIMENS[kind]} for kind in DocumentKind]
    return render(request, "briefings/templates.html", {"kinds": kinds, "form": TemplateUploadForm()})


@login_required
def template_download(request, kind):
    """The template in use for ``kind`` (the latest upload, or the default), to edit in Word."""
    access.require_templates(request.user)
    if kind not in DocumentKind.values:
        raise Http404("没有这种模板")
    latest = BriefingTemplate.objects.filter(kind=kind).order_by("-version").first()
    if latest is None:
        content, version = default_templates.default(kind), 0
    else:
        return template_version(request, latest.pk)
    return _docx(content, f"{DocumentKind(kind).label}模板-v{version}.docx")


@login_required
def template_version(request, pk):
    access.require_templates(request.user)
    template = get_object_or_404(BriefingTemplate, pk=pk)
    with template.file.open("rb") as handle:
        content = handle.read()
    return _docx(content, f"{template.get_kind_display()}模板-v{template.version}.docx")


def _docx(content, filename):
    from urllib.parse import quote

    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_POST
def template_upload(request):
    access.require_templates(request.user)
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "模板未上传：" + form_errors(form))
        return redirect("briefings_templates")
    upload = form.cleaned_data["file"]
    try:
        template = actions.upload_template(form.cleaned_data["kind"], upload.read(), upload.name,
                                           actor=request.user, note=form.cleaned_data["note"])
    except actions.Refused as refusal:
        messages.error(request, f"模板未上传：{refusal}")
    else:
        messages.success(request, f"已上传{template.get_kind_display()}模板第 {template.version} 版，下次生成起使用。")
    return redirect("briefings_templates")

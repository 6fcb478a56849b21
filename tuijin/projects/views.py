from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tuijin.accounts.access import can_create_project, can_edit_project
from tuijin.exports import views as export_views
from tuijin.exports.models import ExportKind
from tuijin.lib import files
from tuijin.lib.web import form_errors

from . import actions, exports, lifecycle, timeline
from .access import visible_project_or_404
from .forms import AttachmentForm, ProjectForm, TransitionForm
from .models import STAGE_MILESTONE, Stage


def _get_project(request, pk, *, for_edit=False):
    """The project if ``request.user`` may see it (404 otherwise), and may change it when ``for_edit``."""
    project = visible_project_or_404(request.user, pk)
    if for_edit and not can_edit_project(request.user, project):
        raise PermissionDenied("您只能查看该项目，无权修改。")
    return project


@login_required
def project_list(request):
    if request.GET.get("format") == "xlsx":
        return export_views.respond(request, ExportKind.PROJECT_LIST)
    form, queryset = exports.listed_projects(request.user, request.GET)
    page = Paginator(queryset, settings.PROJECTS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_create": can_create_project(request.user), "exportable": True}
    template = "projects/_results.html" if request.htmx and not request.htmx.boosted else "projects/list.html"
    return render(request, template, context)


@login_required
def project_detail(request, pk):
    project = _get_project(request, pk)
    context = {
        "project": project,
        "milestones": timeline.milestone_rows(project),
        "targets": lifecycle.allowed_targets(project) if can_edit_project(request.user, project) else [],
        "can_edit": can_edit_project(request.user, project),
        "events": project.events.select_related("actor")[:50],
        "attachments": project.attachments.select_related("uploaded_by"),
        "attachment_form": AttachmentForm() if can_edit_project(request.user, project) else None,
    }
    return render(request, "projects/detail.html", context)


@login_required
def project_create(request):
    if not can_create_project(request.user):
        raise PermissionDenied("只有统筹部门和园区可以新建项目。")
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = actions.create_project(actor=request.user, data=form.changed_values())
        messages.success(request, f"已创建项目“{project.name}”（{project.code}）。")
        return redirect("project_detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form})


def _posted_version(request, project):
    """The version the editor loaded; a missing or garbled one counts as stale, never as current."""
    if request.method != "POST":
        return project.version
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else 0


@login_required
def project_edit(request, pk):
    project = _get_project(request, pk, for_edit=True)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    version = _posted_version(request, project)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_project(project, actor=request.user, data=form.changed_values(), expected_version=version)
        except actions.StaleEdit as conflict:
            return render(request, "projects/form.html",
                          {"form": form, "project": conflict.project, "version": version, "conflict": conflict},
                          status=409)
        except lifecycle.TransitionRefused as refused:
            for name, message in refused.errors.items():
                form.add_error(name if name in form.fields else None, message)
            return render(request, "projects/form.html", {"form": form, "project": project, "version": version})
        messages.success(request, "修改已保存。")
        return redirect("project_detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project, "version": version})


def _transition_form(project, target, data=None):
    milestone = STAGE_MILESTONE.get(target)
    return TransitionForm(
        data, initial={"target": target, "version": project.version},
        shown=lifecycle.evidence_fields(target, project),
        date_label=f"实际{milestone.label}日期" if milestone else None,
    )


@login_required
def project_transition(request, pk, target):
    project = _get_project(request, pk, for_edit=True)
    if target not in Stage.values:
        raise Http404("未知的项目阶段")
    target = Stage(target)
    form = _transition_form(project, target, request.POST or None)
    if request.method == "POST" and _posted_version(request, project) != project.version:
        error = str(actions.StaleEdit(project))
    else:
        error = lifecycle.illegal_move_message(project, target)
    if request.method == "POST" and not error and form.is_valid():
        evidence = lifecycle.Evidence(date=form.cleaned_data.get("date"), permit_no=form.cleaned_data.get("permit_no", ""),
                                      reason=form.cleaned_data.get("reason", ""))
        try:
            actions.change_stage(project, target, actor=request.user, evidence=evidence,
                                 expected_version=form.cleaned_data["version"])
        except lifecycle.TransitionRefused as refusal:
            error = refusal.message
            for field, message in refusal.errors.items():
                form.add_error(None if field not in form.fields else field, message)
        except actions.StaleEdit as conflict:
            error = str(conflict)
        else:
            messages.success(request, f"项目已变更为“{target.label}”。")
            return redirect("project_detail", pk=project.pk)
    context = {"project": project, "target": target, "form": form, "error": error}
    status = 400 if error else 200
    return render(request, "projects/transition.html", context, status=status)


@login_required
@require_POST
def project_attachment_add(request, pk):
    """File a document with the project: those who may edit the project (403 for those who only read)."""
    project = visible_project_or_404(request.user, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied("您只能查看该项目，无权上传附件。")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        attachment = actions.add_attachment(project, actor=request.user, upload=data["file"], kind=data["kind"],
                                            title=data["title"], document_no=data["document_no"],
                                            document_date=data["document_date"])
        messages.success(request, f"已上传附件“{attachment.title}”。")
    else:
        messages.error(request, "附件未上传：" + form_errors(form))
    return redirect(reverse("project_detail", args=[project.pk]) + "#attachments")


@login_required
def project_attachment(request, pk, attachment_pk):
    """A project's document, for whoever may see the project (404 otherwise: uploads are never public)."""
    project = visible_project_or_404(request.user, pk)
    attachment = get_object_or_404(project.attachments, pk=attachment_pk)
    return files.serve(attachment.file, attachment.name, inline=True)

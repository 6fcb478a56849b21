import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import (
    can_plan_investment, can_report_progress, can_review_progress, may_review_reports,
)
from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.exports import views as export_views
from tuijin.exports.models import ExportKind
from tuijin.projects.access import visible_project_or_404
from tuijin.lib import files
from tuijin.lib import params
from tuijin.lib.web import form_errors, safe_redirect_target
from tuijin.projects.models import BY_INVESTMENT, Project

from . import actions, calculations, kept, pending, services
from .access import visible_report_or_404
from .filters import period_from, period_of, scope_from
from .forms import CorrectionForm, ReasonForm, ReportForm, YearlyPlanForm
from .lists import YearList, year_list_counts
from .models import MonthlyReport, ProjectYearRollup, ReportingSettings, ReportPhoto, ReportStatus, YearlyPlan


def _render_list(request, context):
    template = "projects/_results.html" if request.htmx else "progress/project_list.html"
    return render(request, template, context)


@login_required
def overview(request):
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    figures = kept.figures(year, as_of, kept.cell_scope(request.user, park))  # None: count live
    kpis = calculations.headline(year, as_of, projects, figures)
    time_progress = calculations.time_progress(year, as_of)
    completion = kpis[0].rate
    context = {
        "year": year, "as_of": as_of, "park": park, "years": range(as_of.year - 3, timezone.localdate().year + 2),
        "parks": Organisation.objects.filter(kind=OrganisationKind.PARK),
        "time_progress": time_progress,
        "behind": None if completion is None else time_progress - completion,
        "kpis": kpis,
        "double_half": calculations.double_half(year, projects, figures),
        "lists": year_list_counts(year, projects, figures),
        "deadline_day": ReportingSettings.current().deadline_day,
    }
    return render(request, "progress/overview.html", context)


@login_required
def kpi_projects(request, key, part):
    """The projects behind one KPI figure: its numerator (hits) or its denominator (base)."""
    year, as_of = period_from(request)
    projects, park = scope_from(request)
    kpi = services.kpi_by_key(key, year, as_of, projects, band=request.GET.get("band"))
    if kpi is None or part not in ("hits", "base"):
        raise Http404("没有这个指标")
    queryset = getattr(kpi, part).select_related("enterprise", "park").order_by(*BY_INVESTMENT)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    title = f"{kpi.label}：{'计入分子的项目' if part == 'hits' else '统计范围内的项目'}"
    context = {"page": page, "title": title, "year": year, "as_of": as_of, "park": park, "kpi": kpi}
    return _render_list(request, context)


@login_required
def double_half_projects(request):
    year, _ = period_from(request)
    projects, park = scope_from(request)
    queryset = calculations.double_half(year, projects)["behind"].select_related("enterprise", "park")
    page = Paginator(queryset.order_by(*BY_INVESTMENT), 50).get_page(request.GET.get("page"))
    context = {"page": page, "title": f"{year}年双过半：完成不足一半的项目", "year": year, "park": park}
    return _render_list(request, context)


@login_required
def year_list_view(request, kind):
    if kind not in YearList.values:
        raise Http404("没有这个清单")
    if request.GET.get("format") == "xlsx":
        return export_views.respond(request, ExportKind.YEAR_LIST, list_kind=kind)
    year, _ = period_from(request)
    projects, park = scope_from(request)
    queryset = services.year_list_projects(YearList(kind), year, projects)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    context = {"page": page, "title": f"{year}年{YearList(kind).label}", "year": year, "park": park,
               "export": True}
    return _render_list(request, context)


@login_required
def monthly_statistics(request):
    """Every planned project's monthly approved investment for a year, as the bureau's Excel sheet."""
    return export_views.respond(request, ExportKind.MONTHLY_STATISTICS)


@login_required
def project_progress(request, pk):
    return _progress_page(request, visible_project_or_404(request.user, pk), request.GET)


def _progress_page(request, project, query, *, report_form=None, pending_photo=None, status=200):
    """The project's progress page for the year in ``query``; after a refused save, with the form as typed
    and its photo pending."""
    year, as_of = period_of(query)
    rollup = ProjectYearRollup.objects.filter(project=project, year=year).first()
    reports = project.monthly_reports.filter(year=year).prefetch_related("photos").order_by("month")
    may_report = can_report_progress(request.user, project)
    plan = project.yearly_plans.filter(year=year).first()
    plan_flags = [(name, YearlyPlan._meta.get_field(name).verbose_name, bool(plan and getattr(plan, name)))
                  for name in ("plans_start", "plans_complete", "plans_operate", "plans_capacity")]
    if may_report and report_form is None:
        report_form = ReportForm(initial=services.next_report_initial(project, as_of))
    context = {
        "project": project, "year": year, "as_of": as_of, "rollup": rollup, "reports": reports,
        "time_progress": calculations.time_progress(year, as_of),
        "completion": calculations.investment_completion(year, as_of, Project.objects.filter(pk=project.pk)),
        "plan": plan, "plan_flags": plan_flags,
        "plan_events": plan.events.select_related("actor")[:20] if plan else [],
        "may_report": may_report, "may_review": can_review_progress(request.user, project),
        "may_plan": can_plan_investment(request.user, project),
        "report_form": report_form if may_report else None,
        "pending_photo": pending_photo,
        "events": services.report_events(project, year),
    }
    return render(request, "progress/project.html", context, status=status)


@login_required
@require_POST
def save_report(request, pk):
    """Draft (and, with ``submit``, send) a month's report; a returned one is fixed and resubmitted here too.

    A refused save shows the form again as it was typed (400), its valid photo kept as a pending upload
    (``pending``) so that the corrected save attaches it without choosing it again.
    """
    project = visible_project_or_404(request.user, pk)
    if not can_report_progress(request.user, project):
        raise PermissionDenied("只有项目单位、其包保责任人或统筹部门可以填报月报，区领导只能查看。")
    form = ReportForm(request.POST, request.FILES)
    valid = form.is_valid()
    token = request.POST.get("pending_photo", "")
    if form.cleaned_data.get("photo"):
        pending.discard(request, token)
        token = pending.keep(request, form.cleaned_data["photo"])
    elif not pending.name_of(request, token):
        token = ""

    def refused(message):
        messages.error(request, message)
        return _progress_page(request, project, {"year": form.cleaned_data.get("year") or _posted_year(request)},
                              report_form=form, status=400,
                              pending_photo={"token": token, "name": pending.name_of(request, token)} if token else None)

    if not valid:
        return refused("月报未保存：" + form_errors(form))
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    photo = form.cleaned_data["photo"] or (pending.take(request, token) if token else None)
    try:
        with transaction.atomic():
            report = actions.save_draft(project, year, month, actor=request.user, data=form.report_data())
            if photo:
                actions.add_report_photo(report, actor=request.user, image=photo,
                                         caption=form.cleaned_data["photo_caption"])
            if "submit" in request.POST:
                actions.submit_report(report, actor=request.user)
    except actions.WorkflowRefused as refusal:
        return refused(str(refusal))
    if token:
        pending.discard(request, token)
    done = "已报送，等待园区或主管部门审核" if "submit" in request.POST else "已保存草稿"
    messages.success(request, f"{year}年{month}月月报{done}" + ("，现场照片已保存" if photo else "") + "。")
    return redirect(f"{services.progress_url(project, year)}")


def _posted_year(request):
    return params.year(request.POST, default=None, low=2000, high=timezone.localdate().year + 1)


@login_required
def report_photo(request, pk):
    """A report's site photo, for whoever may see the report's project (404 for anyone else), never a /media/ URL."""
    photo = get_object_or_404(
        ReportPhoto.objects.filter(report__project__in=Project.objects.visible_to(request.user)), pk=pk)
    return files.serve(photo.image, inline=True)


@login_required
@require_POST
def submit_report(request, pk):
    report = visible_report_or_404(request.user, pk)
    if not can_report_progress(request.user, report.project):
        raise PermissionDenied("只有项目单位、其包保责任人或统筹部门可以报送月报，区领导只能查看。")
    return _workflow(request, report, lambda: actions.submit_report(report, actor=request.user), "已报送")


@login_required
@require_POST
def approve_report(request, pk):
    report = visible_report_or_404(request.user, pk)
    if not can_review_progress(request.user, report.project):
        raise PermissionDenied("只有园区或主管部门可以审核月报。")
    return _workflow(request, report, lambda: actions.approve_report(report, actor=request.user), "已审核通过")


@login_required
@require_POST
def return_report(request, pk):
    report = visible_report_or_404(request.user, pk)
    if not can_review_progress(request.user, report.project):
        raise PermissionDenied("只有园区或主管部门可以退回月报。")
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _workflow(request, report, lambda: actions.return_report(report, actor=request.user, reason=reason),
                     "已退回")


@login_required
@require_POST
def correct_report(request, pk):
    report = visible_report_or_404(request.user, pk)
    if not can_review_progress(request.user, report.project):
        raise PermissionDenied("只有园区或主管部门可以更正已审核的月报。")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "更正未保存：" + form_errors(form))
        return redirect(services.progress_url(report.project, report.year))
    data = {name: form.cleaned_data[name] for name in ("completed_investment", "funds_arrived")}
    return _workflow(request, report, lambda: actions.correct_report(
        report, actor=request.user, data=data, reason=form.cleaned_data["reason"]), "已更正")


def _workflow(request, report, step, done):
    try:
        step()
    except actions.WorkflowRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{report.period_label}月报{done}。")
    return redirect(safe_redirect_target(request, request.POST.get("next"),
                                         services.progress_url(report.project, report.year)))


@login_required
@require_POST
def save_plan(request, pk):
    project = visible_project_or_404(request.user, pk)
    if not can_plan_investment(request.user, project):
        raise PermissionDenied("您无权修改该项目的年度计划。")
    form = YearlyPlanForm(request.POST)
    if form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "year"}
        actions.save_yearly_plan(project, form.cleaned_data["year"], actor=request.user, data=data)
        messages.success(request, f"{form.cleaned_data['year']}年度计划已保存。")
    else:
        messages.error(request, "年度计划未保存：" + form_errors(form))
    return redirect(services.progress_url(project, form.cleaned_data.get("year")))


QUEUE_SIZE = 200


def _queue(request):
    projects, _ = scope_from(request)
    return (MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED, project__in=projects)
            .select_related("project", "project__park", "submitted_by"))


@login_required
def review_queue(request):
    """Reports waiting for the user's review, oldest first, each with its content, photo and plan comparison."""
    reports = _queue(request).prefetch_related("photos").order_by("submitted_at", "pk")[:QUEUE_SIZE]
    reviewable = [report for report in reports if can_review_progress(request.user, report.project)]
    return render(request, "progress/review_queue.html", {"rows": services.review_rows(reviewable)})


@login_required
@require_POST
def review_bulk(request):
    """批量通过 / 批量退回 the ticked reports in one request; see ``actions.review_reports`` for what is refused."""
    if not may_review_reports(request.user):
        raise PermissionDenied("只有园区或主管部门可以审核月报。")
    ids = params.ids(request.POST, "reports")
    approve = request.POST.get("decision") != "return"
    visible = MonthlyReport.objects.select_related("project", "submitted_by").filter(
        pk__in=ids, project__in=Project.objects.visible_to(request.user))
    reports = list(visible)
    try:
        if len(reports) != len(set(ids)):
            raise actions.WorkflowRefused(f"所选月报中有 {len(set(ids)) - len(reports)} 份不存在或您无权查看，未做任何改动。")
        outcome = actions.review_reports(reports, actor=request.user, approve=approve,
                                         reason=request.POST.get("reason", ""))
    except actions.WorkflowRefused as refusal:
        messages.error(request, str(refusal))
    else:
        text = f"已{'审核通过' if approve else '退回'} {len(outcome.done)} 份"
        if outcome.stale:
            text += f"；{len(outcome.stale)} 份已被他人处理，未改动"
        messages.success(request, text + "。")
    return redirect("progress_review")


@login_required
def missing_reports(request):
    """Who has not reported a month yet: one click from the overview."""
    today = timezone.localdate()
    previous = today.replace(day=1) - dt.timedelta(days=1)
    year = params.year(request.GET, default=previous.year, low=2000, high=today.year, clamp=False, strict=True)
    month = params.month(request.GET, default=previous.month, strict=True)
    projects, park = scope_from(request)
    missing = services.projects_missing_report(year, month, projects).select_related("enterprise", "park")
    page = Paginator(missing.order_by("park__name", "-total_investment", "pk"), 50).get_page(request.GET.get("page"))
    deadline = services.report_deadline(year, month)
    context = {"page": page, "title": f"{year}年{month}月未报送月报的项目（截止 {deadline:%Y-%m-%d}）",
               "year": year, "park": park, "month": month, "overdue": today > deadline}
    return _render_list(request, context)



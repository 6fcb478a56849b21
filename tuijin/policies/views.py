"""政策兑现 pages: the library, 政策找企业 both ways, the custom report, 免申即享 review, growth lists."""

import datetime as dt
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import (
    can_manage_policies, can_run_auto_grants, can_see_auto_grants, can_see_growth_lists,
)
from tuijin.enterprises.access import visible_enterprise_or_404
from tuijin.enterprises.models import Enterprise
from tuijin.lib import params as query
from tuijin.lib import xlsx
from tuijin.lib.web import safe_redirect_target

from . import actions, autogrant, growth, matching, reports
from .forms import ClauseForm, DecisionForm, RunForm, year_from
from .engine import Scalar
from .models import AutoGrantItem, AutoGrantJob, AutoGrantRun, Clause, ItemStatus, JobStatus, JobStep, Policy, RunStatus
from .rules import RuleError, compile_plan

PAGE_SIZE = 20


@login_required
def policy_list(request):
    today = timezone.localdate()
    policies = Policy.objects.annotate(
        clause_count=Count("clauses", filter=Q(clauses__is_active=True)),
        automatic_count=Count("clauses", filter=Q(clauses__is_active=True, clauses__automatic=True)))
    context = {"policies": policies, "today": today, "can_see_runs": can_see_auto_grants(request.user),
               "can_see_growth": can_see_growth_lists(request.user), "growth_kinds": growth.kinds()}
    if request.user.enterprise_id:
        context["own_enterprise"] = request.user.enterprise
    return render(request, "policies/policy_list.html", context)


@login_required
def policy_detail(request, pk):
    policy = get_object_or_404(Policy, pk=pk)
    clauses = list(policy.clauses.filter(is_active=True).prefetch_related("versions"))
    described = []
    for clause in clauses:
        try:
            plan = compile_plan([(clause, clause.title, clause.version, clause.definition)], policy.valid_from)
        except RuleError as error:
            described.append((clause, [], "", error.messages))
            continue
        scalar = Scalar(plan)
        compiled = plan.clauses[0]
        described.append((clause, [scalar.requirement(node) for node in compiled.top],
                          scalar.benefit_text(compiled.benefit), []))
    context = {"policy": policy, "clauses": described, "can_manage": can_manage_policies(request.user)}
    return render(request, "policies/policy_detail.html", context)


@login_required
def clause_detail(request, pk):
    """The enterprises (of those the user may see) that qualify for one clause, largest amount first."""
    clause = get_object_or_404(Clause.objects.select_related("policy"), pk=pk)
    today = timezone.localdate()
    year = year_from(request, matching.default_year(today))
    visible = Enterprise.objects.visible_to(request.user)
    try:
        found = matching.qualifying(clause, visible, year, today)
    except RuleError as error:
        found, problems = [], error.messages
    else:
        problems = []
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    enterprises = Enterprise.objects.in_bulk([pk for pk, _ in page.object_list])
    rows = [(enterprises[pk], amount) for pk, amount in page.object_list if pk in enterprises]
    total = sum((amount for _, amount in found if amount is not None), 0)
    context = {"clause": clause, "page": page, "rows": rows, "year": year, "total": total, "count": len(found),
               "problems": problems, "can_manage": can_manage_policies(request.user),
               "versions": clause.versions.select_related("created_by")[:10]}
    return render(request, "policies/clause_detail.html", context)


@login_required
def clause_edit(request, pk):
    if not can_manage_policies(request.user):
        raise PermissionDenied("只有统筹部门可以修改政策条款。")
    clause = get_object_or_404(Clause.objects.select_related("policy"), pk=pk)
    form = ClauseForm(request.POST or None, instance=clause)
    if request.method == "POST" and form.is_valid():
        before = clause.version
        original = Clause.objects.get(pk=clause.pk)
        saved = actions.save_clause(original, actor=request.user, data=form.clause_data(),
                                    note=request.POST.get("note", "")[:200])
        changed = f"，规则版本 v{before} → v{saved.version}" if saved.version != before else ""
        messages.success(request, f"条款“{saved.title}”已保存{changed}。")
        return redirect("policy_clause", pk=saved.pk)
    return render(request, "policies/clause_form.html", {"form": form, "clause": clause})


@login_required
def enterprise_matches(request, pk):
    """政策匹配: what the enterprise qualifies for (amount, why) and nearly does (what is missing)."""
    enterprise = visible_enterprise_or_404(request.user, pk, "industry", "park")
    today = timezone.localdate()
    year = year_from(request, matching.default_year(today))
    match = matching.match_enterprise(enterprise, year, today)
    granted = AutoGrantItem.objects.filter(enterprise=enterprise, run__status=RunStatus.PUBLISHED,
                                           status=ItemStatus.APPROVED).select_related("clause__policy", "run")
    context = {"enterprise": enterprise, "match": match, "year": year, "granted": granted,
               "years": range(today.year - 3, today.year + 1)}
    return render(request, "policies/enterprise_matches.html", context)


@login_required
def enterprise_report(request, pk, fmt):
    """The custom report as .docx or .pdf, one click from the 政策匹配 page."""
    if fmt not in ("docx", "pdf"):
        raise Http404("没有这种格式")
    enterprise = visible_enterprise_or_404(request.user, pk, "industry", "park")
    today = timezone.localdate()
    year = year_from(request, matching.default_year(today))
    match = matching.match_enterprise(enterprise, year, today)
    report = reports.context(match, match.engine.scalar)
    content, kind = (reports.docx(report), reports.DOCX_TYPE) if fmt == "docx" else (reports.pdf(report),
                                                                                    "application/pdf")
    response = HttpResponse(content, content_type=kind)
    filename = f"{enterprise.name}-政策匹配报告-{year}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ------------------------------------------------------------------ 免申即享


def _runs_allowed(request):
    if not can_see_auto_grants(request.user):
        raise PermissionDenied("免申即享批次涉及全区企业，只有统筹部门和区领导可以查看。")


@login_required
def run_list(request):
    _runs_allowed(request)
    today = timezone.localdate()
    runs = AutoGrantRun.objects.exclude(status=RunStatus.COMPUTING).annotate(
        item_count=Count("items"), pending=Count("items", filter=Q(items__status=ItemStatus.PENDING)),
        approved_total=Sum("items__amount", filter=Q(items__status=ItemStatus.APPROVED))).select_related("created_by")
    form = RunForm(initial={"data_year": matching.default_year(today), "as_of": today})
    jobs = AutoGrantJob.objects.exclude(status=JobStatus.DONE).filter(
        created_at__gte=timezone.now() - dt.timedelta(days=7)).select_related("created_by")[:10]
    context = {"runs": runs, "form": form if can_run_auto_grants(request.user) else None, "jobs": jobs,
               "automatic": matching.active_clauses(today, automatic=True)}
    return render(request, "policies/run_list.html", context)


@login_required
@require_POST
def run_create(request):
    """Start a run as a job: 200,000 enterprises take seconds, so the page follows its progress instead."""
    if not can_run_auto_grants(request.user):
        raise PermissionDenied("只有统筹部门可以发起免申即享测算。")
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未能测算：" + "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("policy_runs")
    try:
        job = autogrant.start(actor=request.user, data_year=form.cleaned_data["data_year"],
                              as_of=form.cleaned_data["as_of"], title=form.cleaned_data["title"])
    except autogrant.AutoGrantRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("policy_runs")
    return redirect("policy_run_job", pk=job.pk)


def _job_context(job):
    return {"job": job, "statuses": JobStatus, "steps": JobStep}


@login_required
def run_job(request, pk):
    """A run being computed: its progress bar (polled), then the result and the way to the review."""
    _runs_allowed(request)
    job = get_object_or_404(AutoGrantJob.objects.select_related("created_by", "run"), pk=pk)
    return render(request, "policies/run_job.html", _job_context(job))


@login_required
def run_job_status(request, pk):
    """The part of the job page that changes, for htmx to poll while the job runs."""
    _runs_allowed(request)
    job = get_object_or_404(AutoGrantJob.objects.select_related("created_by", "run"), pk=pk)
    return render(request, "policies/_run_job_body.html", _job_context(job))


def _run_items(run, params):
    """The run's rows that match the page's filter (结果 and 条款), and the filter as read."""
    status = params.get("status", "")
    status = status if status in ItemStatus.values else ""
    clause = query.object_id(params, "clause")
    items = run.items.all()
    if status:
        items = items.filter(status=status)
    if clause:
        items = items.filter(clause_id=clause)
    return items, status, clause


@login_required
def run_detail(request, pk):
    _runs_allowed(request)
    run = get_object_or_404(AutoGrantRun.objects.select_related("job"), pk=pk)
    if run.status == RunStatus.COMPUTING:
        return redirect("policy_run_job", pk=run.job.pk)
    items, status, clause = _run_items(run, request.GET)
    items = items.select_related("enterprise", "clause__policy", "clause_version", "reviewed_by")
    page = Paginator(items.order_by("clause__policy_id", "clause__sort_order", "-amount", "pk"), 50).get_page(
        request.GET.get("page"))
    summary = run.items.aggregate(
        pending=Count("pk", filter=Q(status=ItemStatus.PENDING)),
        approved=Count("pk", filter=Q(status=ItemStatus.APPROVED)),
        excluded=Count("pk", filter=Q(status=ItemStatus.EXCLUDED)),
        approved_total=Sum("amount", filter=Q(status=ItemStatus.APPROVED)))
    clauses = Clause.objects.filter(pk__in=run.items.values("clause_id")).order_by("policy_id", "sort_order")
    context = {"run": run, "page": page, "summary": summary, "status": status, "statuses": ItemStatus.choices,
               "clause": clause, "clauses": clauses,
               "may_review": can_run_auto_grants(request.user) and run.status == RunStatus.REVIEWING}
    return render(request, "policies/run_detail.html", context)


@login_required
@require_POST
def run_bulk(request, pk):
    """Approve or exclude the ticked rows, or every row matching the filter the page showed, in one request."""
    _runs_allowed(request)
    if not can_run_auto_grants(request.user):
        raise PermissionDenied("只有统筹部门可以审核免申即享名单。")
    run = get_object_or_404(AutoGrantRun, pk=pk)
    approve = request.POST.get("decision") != "exclude"
    matching, status, clause = _run_items(run, request.POST)
    every = request.POST.get("scope") == "filter"
    ids = [] if every else query.ids(request.POST, "items")
    items = matching if every else AutoGrantItem.objects.filter(pk__in=ids)
    try:
        if not every and not ids:
            raise actions.PolicyRefused("请先勾选要审核的记录，或勾选“处理符合当前筛选的全部”。")
        if not every and items.count() != len(ids):
            raise actions.PolicyRefused("所选记录中有的已不存在，未做任何改动，请刷新页面后重试。")
        outcome = actions.decide_items(run, items, actor=request.user, approve=approve,
                                       reason=request.POST.get("reason", ""))
    except actions.PolicyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        text = f"已{'通过' if approve else '排除'} {outcome.decided} 条"
        if outcome.unchanged:
            text += f"；{outcome.unchanged} 条原已是该结果，未改动"
        messages.success(request, text + "。")
    back = urlencode({name: value for name, value in (("status", status), ("clause", clause)) if value})
    url = reverse("policy_run", args=[run.pk])
    return redirect(f"{url}?{back}" if back else url)


@login_required
@require_POST
def item_decide(request, pk):
    _runs_allowed(request)
    if not can_run_auto_grants(request.user):
        raise PermissionDenied("只有统筹部门可以审核免申即享名单。")
    item = get_object_or_404(AutoGrantItem.objects.select_related("run", "enterprise"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择通过或排除。")
    else:
        try:
            actions.decide_item(item, actor=request.user, approve=form.cleaned_data["decision"] == "approve",
                                reason=form.cleaned_data["reason"])
        except actions.PolicyRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{item.enterprise.name}：已{'通过' if form.cleaned_data['decision'] == 'approve' else '排除'}。")
    return redirect(safe_redirect_target(request, request.POST.get("next"), reverse("policy_run", args=[item.run_id])))


@login_required
@require_POST
def run_publish(request, pk):
    if not can_run_auto_grants(request.user):
        raise PermissionDenied("只有统筹部门可以发布免申即享名单。")
    run = get_object_or_404(AutoGrantRun, pk=pk)
    try:
        actions.publish_run(run, actor=request.user)
    except actions.PolicyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "已发布：通过的企业已收到消息，可导出拨付清单。")
    return redirect("policy_run", pk=run.pk)


@login_required
def run_export(request, pk):
    """The approved list as the payout sheet."""
    _runs_allowed(request)
    run = get_object_or_404(AutoGrantRun, pk=pk)
    items = run.items.filter(status=ItemStatus.APPROVED).select_related(
        "enterprise__park", "clause__policy", "clause_version").order_by("enterprise__name", "clause_id")
    columns = [xlsx.Column("序号", 6, "int"), xlsx.Column("企业名称", 34), xlsx.Column("统一社会信用代码", 22),
               xlsx.Column("所在园区", 16), xlsx.Column("政策", 36), xlsx.Column("条款", 22), xlsx.Column("规则版本", 9),
               xlsx.Column("兑现金额", 14, "money", total=True)]
    rows = [(n, item.enterprise.name, item.enterprise.uscc, item.enterprise.park.label if item.enterprise.park else "",
             f"{item.clause.policy.title} {item.clause.policy.document_number}", item.clause.title,
             f"v{item.clause_version.version}", item.amount)
            for n, item in enumerate(items, start=1)]
    title = f"{run.title} 拨付清单（{run.get_status_display()}）"
    return xlsx.download(xlsx.workbook(title, columns, rows, sheet_name="拨付清单"), f"{run.title}-拨付清单.xlsx")


# ------------------------------------------------------------------ growth candidates


@login_required
def growth_list(request, kind):
    if kind not in growth.kinds():
        raise Http404("没有这个培育库")
    if not can_see_growth_lists(request.user):
        raise PermissionDenied("培育库是部门和园区的工作名单。")
    today = timezone.localdate()
    year = year_from(request, matching.default_year(today))
    found = growth.candidates(kind, Enterprise.objects.visible_to(request.user), year, today)
    page = Paginator(found.candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    growth.explain(kind, today, found, page.object_list)
    enterprises = Enterprise.objects.select_related("park").in_bulk([c.enterprise_id for c in page.object_list])
    rows = [(enterprises[c.enterprise_id], c) for c in page.object_list]
    context = {"found": found, "page": page, "rows": rows, "year": year, "kind": kind, "kinds": growth.kinds(),
               "ready": sum(1 for c in found.candidates if c.ready)}
    return render(request, "policies/growth_list.html", context)

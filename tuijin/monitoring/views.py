"""重点企业监测 pages: the district's growth tables, a chain's or a park's chart, an enterprise's months."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tuijin.accounts.models import Organisation, OrganisationKind
from tuijin.promotion.models import ChainMember, IndustryChain

from . import access, actions, pages, services
from .forms import FiguresForm
from .models import FiguresStatus


@login_required
def overview(request):
    if not access.may_see_monitoring(request.user):
        raise PermissionDenied("重点企业监测供政府工作人员查看；企业请在本企业页面填报。")
    enterprises = services.key_enterprises(request.user)
    year, month, indicator = pages.selection(request, enterprises)
    context = pages.overview(enterprises, year, month, indicator)
    return render(request, "monitoring/overview.html", {**context, "may_review": access.may_review_any(request.user)})


def _group(request, members, title, kind):
    enterprises = services.key_enterprises(request.user)
    year, month, indicator = pages.selection(request, enterprises)
    context = pages.group(enterprises, members, title, year, month, indicator)
    return render(request, "monitoring/group.html", {**context, "kind": kind})


@login_required
def park(request, pk):
    if not access.may_see_monitoring(request.user):
        raise PermissionDenied("重点企业监测供政府工作人员查看。")
    park = get_object_or_404(Organisation, pk=pk, kind=OrganisationKind.PARK)
    members = services.key_enterprises(request.user).filter(park=park).values_list("pk", flat=True)
    if not members.exists():
        raise Http404("该园区没有您可查看的重点企业")
    return _group(request, list(members), park.name, "园区")


@login_required
def chain(request, pk):
    if not access.may_see_monitoring(request.user):
        raise PermissionDenied("重点企业监测供政府工作人员查看。")
    chain = get_object_or_404(IndustryChain, pk=pk)
    members = ChainMember.objects.filter(segment__chain=chain).values_list("enterprise_id", flat=True)
    return _group(request, list(members), chain.name, "产业链")


@login_required
def enterprise(request, pk):
    enterprise = access.visible_enterprise_or_404(request.user, pk)
    rows, chart = pages.enterprise_months(enterprise, enterprise.monthly_figures.all())
    return render(request, "monitoring/enterprise.html", {
        "enterprise": enterprise, "rows": rows, "chart": chart, "form": FiguresForm(),
        "drops": pages.active_drops([enterprise]),
        "may_enter": access.can_enter(request.user, enterprise),
        "may_review": access.can_review(request.user, enterprise), "statuses": FiguresStatus})


@login_required
@require_POST
def save(request, pk):
    enterprise = access.enterable_enterprise_or_refuse(request.user, pk)
    form = FiguresForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.WorkflowRefused("；".join(f"{form.fields[k].label}：{' '.join(v)}" for k, v in form.errors.items()))
        year, month = actions.period(form.cleaned_data["period"])
        figures = actions.save_draft(enterprise, year, month, actor=request.user, data=form.figures())
        if request.POST.get("submit"):
            actions.submit(figures, actor=request.user)
        messages.success(request, f"{figures.period_label}数据已{'报送' if request.POST.get('submit') else '保存'}。")
    except actions.WorkflowRefused as refused:
        messages.error(request, str(refused))
    return redirect("monitoring_enterprise", pk=enterprise.pk)


@login_required
@require_POST
def submit(request, pk):
    figures = access.visible_figures_or_404(request.user, pk)
    if not access.can_enter(request.user, figures.enterprise):
        raise PermissionDenied("您不能报送这家企业的数据")
    try:
        actions.submit(figures, actor=request.user)
        messages.success(request, f"{figures.period_label}数据已报送。")
    except actions.WorkflowRefused as refused:
        messages.error(request, str(refused))
    return redirect("monitoring_enterprise", pk=figures.enterprise_id)


@login_required
@require_POST
def review(request, pk):
    figures = access.reviewable_figures_or_refuse(request.user, pk)
    try:
        if request.POST.get("decision") == "approve":
            actions.approve(figures, actor=request.user)
        else:
            actions.return_figures(figures, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, f"{figures.period_label}数据已处理。")
    except actions.WorkflowRefused as refused:
        messages.error(request, str(refused))
    return redirect("monitoring_enterprise", pk=figures.enterprise_id)


@login_required
def figures_review_queue(request):
    """The months waiting for ``request.user``'s review, with bulk approve / return."""
    if not access.may_review_any(request.user):
        raise PermissionDenied("只有园区和统筹协调部门审核重点企业月度数据。")
    waiting = access.reviewable_queue(request.user)
    if request.method == "POST":
        chosen = list(waiting.filter(pk__in=request.POST.getlist("figures")[:500]))
        try:
            moved, stale = actions.review_many(chosen, actor=request.user, approve=request.POST.get("decision") == "approve",
                                               reason=request.POST.get("reason", ""))
            messages.success(request, f"已处理 {len(moved)} 份" + (f"，{len(stale)} 份已被他人处理" if stale else "") + "。")
        except actions.WorkflowRefused as refused:
            messages.error(request, str(refused))
        return redirect("monitoring_queue")
    return render(request, "monitoring/queue.html", {"waiting": list(waiting[:500])})

"""政策模拟测算 pages: the drafts, one draft against the clause as it stands, two drafts side by side."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import can_manage_policies
from tuijin.lib import params as query
from tuijin.lib import xlsx

from . import drafts, growth, simulation
from .access import draft_or_404, require_drafting, require_simulation
from .actions import PolicyRefused
from .models import Clause, ClauseDraft, DraftStatus, Policy
from .simulation_forms import DraftForm


def _variant(draft) -> simulation.Variant:
    return simulation.Variant(f"draft-{draft.pk}", draft.name, draft.title, draft.definition)


def _current(clause) -> simulation.Variant | None:
    if clause is None:
        return None
    return simulation.Variant(simulation.CURRENT, f"现行 v{clause.version}", clause.title, clause.definition)


def _context(request, **extra):
    return {"section": "simulations", "can_see_runs": True, "can_see_growth": True, "growth_kinds": growth.kinds(),
            "can_draft": can_manage_policies(request.user), **extra}


@login_required
def simulation_list(request):
    require_simulation(request.user)
    status = query.choice(request.GET, "status", [status.value for status in DraftStatus], default=DraftStatus.DRAFT)
    rows = ClauseDraft.objects.filter(status=status).select_related("policy", "clause", "created_by")
    clauses = Clause.objects.filter(is_active=True).select_related("policy").order_by("policy_id", "sort_order", "pk")
    return render(request, "policies/simulation_list.html", _context(
        request, drafts=rows, status=status, statuses=DraftStatus.choices, clauses=clauses,
        policies=Policy.objects.order_by("-valid_from")))


@login_required
@require_POST
def simulation_start(request):
    require_drafting(request.user)
    clause_id, policy_id = query.object_id(request.POST, "clause"), query.object_id(request.POST, "policy")
    if not clause_id and not policy_id:
        messages.error(request, "请选择要修订的现行条款，或选择要新增条款的政策。")
        return redirect("policy_simulations")
    clause = get_object_or_404(Clause.objects.select_related("policy"), pk=clause_id) if clause_id else None
    policy = clause.policy if clause else get_object_or_404(Policy, pk=policy_id)
    draft = drafts.start_draft(actor=request.user, policy=policy, clause=clause, name=request.POST.get("name", "")[:100])
    messages.success(request, f"已新建测算方案“{draft.name}”：改动门槛或金额后点“保存并测算”。")
    return redirect("policy_simulation", pk=draft.pk)


@login_required
def simulation_detail(request, pk):
    draft = draft_or_404(request.user, pk)
    on = timezone.localdate()
    form = DraftForm(request.POST or None, draft=draft, on=on)
    status = 200
    if request.method == "POST":
        require_drafting(request.user)
        if form.is_valid():
            try:
                drafts.save_draft(draft, actor=request.user, data=form.draft_data(),
                                  version=query.integer(request.POST, "version", default=0))
            except PolicyRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"“{form.cleaned_data['name']}”已保存，以下为按新规则测算的结果。")
                return redirect("policy_simulation", pk=draft.pk)
        status = 400
    result = simulation.simulate([_variant(draft)], _current(draft.clause), on)
    return render(request, "policies/simulation.html", _context(
        request, draft=draft, form=form, result=result, mine=result.variants[0], others=ClauseDraft.objects.filter(
            status=DraftStatus.DRAFT, policy=draft.policy).exclude(pk=draft.pk)), status=status)


@login_required
def simulation_compare(request, pk, other_pk):
    draft, other = draft_or_404(request.user, pk), draft_or_404(request.user, other_pk)
    if draft.pk == other.pk:
        raise Http404("请选择另一个方案对比。")
    result = simulation.simulate([_variant(draft), _variant(other)], _current(draft.clause or other.clause))
    return render(request, "policies/simulation_compare.html", _context(
        request, draft=draft, other=other, result=result))


@login_required
def simulation_export(request, pk):
    """Every enterprise the draft moves (newly in, out, another amount), for the finance bureau's sheet."""
    draft = draft_or_404(request.user, pk)
    mine = simulation.simulate([_variant(draft)], _current(draft.clause), listed=None).variants[0]
    columns = [xlsx.Column("变化", 10), xlsx.Column("企业名称", 34), xlsx.Column("所在园区", 16),
               xlsx.Column("现行金额", 14, "money", total=True), xlsx.Column("方案金额", 14, "money", total=True)]
    rows = ([("新增享受", p.name, p.park, None, p.amount) for p in mine.newly_in]
            + [("不再享受", p.name, p.park, p.amount, None) for p in mine.newly_out]
            + [("金额变化", p.name, p.park, p.before, p.amount) for p in mine.changed])
    latest = mine.latest
    title = (f"{draft.title}（{draft.name}）模拟测算：{latest.year}年数据符合 {latest.count} 家，"
             f"测算 {latest.total} 万元" if latest else f"{draft.title}（{draft.name}）模拟测算：规则有误")
    return xlsx.download(xlsx.workbook(title, columns, rows, sheet_name="受影响企业"), f"政策模拟测算-{draft.name}.xlsx")


@login_required
@require_POST
def simulation_publish(request, pk):
    draft = draft_or_404(request.user, pk)
    require_drafting(request.user)
    try:
        clause = drafts.publish_draft(draft, actor=request.user)
    except PolicyRefused as refused:
        messages.error(request, str(refused))
        return redirect("policy_simulation", pk=draft.pk)
    messages.success(request, f"方案“{draft.name}”已发布为条款“{clause.title}”第 {clause.version} 版，即日起用于政策匹配。")
    return redirect("policy_clause", pk=clause.pk)


@login_required
@require_POST
def simulation_discard(request, pk):
    draft = draft_or_404(request.user, pk)
    require_drafting(request.user)
    try:
        drafts.discard_draft(draft, actor=request.user, reason=request.POST.get("reason", ""))
    except PolicyRefused as refused:
        messages.error(request, str(refused))
        return redirect("policy_simulation", pk=draft.pk)
    messages.success(request, f"方案“{draft.name}”已放弃（记录保留）。")
    return redirect("policy_simulations")

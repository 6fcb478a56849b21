"""Lead pages: the board by stage, the list, a lead with its timeline, and the forms that move it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import (
    can_edit_lead, can_view_promotion, can_work_leads, lead_scope, promotion_unit_for,
)
from tuijin.lib import params
from tuijin.projects.models import Project

from . import actions, pipeline
from .access import visible_lead_or_404
from .forms import ContractForm, LeadFilterForm, LeadForm, MoveForm
from .models import PIPELINE, Lead, LeadStage

REFUSED = "招商引资仅对投促局等统筹部门、区领导和园区工作人员开放。"
BOARD_CARDS = 30  # per column; the list view pages through the rest
LIST_PAGE = 30


def guard(request):
    """Refuse (403) users who have no part in investment promotion: departments and enterprises."""
    if not can_view_promotion(request.user):
        raise PermissionDenied(REFUSED)


def year_from(request):
    """The year a promotion page is about: ``?year=`` within 2000 … next year, else this year."""
    today = timezone.localdate()
    return params.year(request.GET, default=today.year, low=2000, high=today.year + 1)


def scoped_activities(user, activities):
    """Activities with only the leads ``user`` may see (``visible_leads``), ready to be marked by ``shown_to``.

    One activity may concern leads of several parks: a park's staff see it because of their own lead, and must
    not learn the other parks' companies from it, neither by name nor by link.
    """
    return activities.select_related("unit").prefetch_related(
        Prefetch("leads", queryset=Lead.objects.filter(lead_scope(user)).order_by("pk"), to_attr="visible_leads"),
        "chains")


def shown_to(user, activities):
    """Mark each activity whose free text (参加人员, 对接企业, 成效) ``user`` may read: its own unit's, or all.

    The organising unit writes that text about every company it met, so another park's staff, who see the
    activity only because one of its leads is theirs, read its title, date and place but not that text.
    """
    unit = promotion_unit_for(user)
    activities = list(activities)
    for activity in activities:
        activity.shows_details = unit is None or activity.unit_id == unit.pk
    return activities


def _lead_for_edit(request, pk):
    guard(request)
    lead = visible_lead_or_404(request.user, pk)
    if not can_edit_lead(request.user, lead):
        raise PermissionDenied("您只能查看该线索，无权修改。")
    return lead


def _filtered(request):
    form = LeadFilterForm(request.GET or None)
    leads = Lead.objects.visible_to(request.user).select_related("chain", "segment", "park", "owner")
    return form, (form.apply(leads) if request.GET else leads)


@login_required
def board(request):
    """看板: one column per stage, the stalest next steps first."""
    guard(request)
    form, leads = _filtered(request)
    counts = dict(leads.order_by().values("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    columns = []
    for stage in [*PIPELINE, LeadStage.SHELVED]:
        cards = list(leads.filter(stage=stage).order_by("next_step_on", "-updated_at", "pk")[:BOARD_CARDS])
        columns.append({"stage": stage, "count": counts.get(stage, 0), "cards": cards})
    context = {"form": form, "columns": columns, "today": timezone.localdate(),
               "can_create": can_work_leads(request.user), "tab": "board"}
    return render(request, "promotion/board.html", context)


@login_required
def lead_list(request):
    guard(request)
    form, leads = _filtered(request)
    page = Paginator(leads.order_by("-updated_at", "pk"), LIST_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "today": timezone.localdate(), "can_create": can_work_leads(request.user),
               "tab": "leads"}
    template = "promotion/_lead_rows.html" if request.htmx and not request.htmx.boosted else "promotion/leads.html"
    return render(request, template, context)


@login_required
def lead_detail(request, pk):
    guard(request)
    lead = visible_lead_or_404(request.user, pk)
    may_edit = can_edit_lead(request.user, lead)
    contracts = list(lead.contracts.select_related("recorded_by").order_by("signed_on", "pk"))
    context = {
        "lead": lead, "may_edit": may_edit, "contracts": contracts,
        "targets": pipeline.allowed_targets(lead) if may_edit else [],
        "pipeline": PIPELINE, "reached": lead.stage_index,
        "events": lead.events.select_related("actor")[:100],
        "activities": shown_to(request.user, lead.activities.select_related("unit")[:50]),
        "contract_form": ContractForm(initial={"signed_on": timezone.localdate()})
        if may_edit and lead.stage_index >= PIPELINE.index(LeadStage.SIGNED) else None,
        "tab": "leads",
    }
    return render(request, "promotion/lead_detail.html", context)


@login_required
def lead_create(request):
    guard(request)
    if not can_work_leads(request.user):
        raise PermissionDenied("区领导只能查看招商线索。")
    form = LeadForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        lead = actions.create_lead(actor=request.user, data=form.cleaned_data)
        messages.success(request, f"已登记线索“{lead.name}”（{lead.code}）。")
        return redirect("promotion_lead", pk=lead.pk)
    return render(request, "promotion/lead_form.html", {"form": form, "tab": "leads"})


@login_required
def lead_edit(request, pk):
    lead = _lead_for_edit(request, pk)
    form = LeadForm(request.POST or None, instance=lead, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in actions.LEAD_FIELDS}
        actions.update_lead(lead, actor=request.user, data=data)
        messages.success(request, "修改已保存。")
        return redirect("promotion_lead", pk=lead.pk)
    # ModelForm.is_valid() wrote the posted values onto ``lead``; the page shows it as stored.
    lead.refresh_from_db()
    return render(request, "promotion/lead_form.html", {"form": form, "lead": lead, "tab": "leads"})


def _move_form(request, lead, target, data=None):
    date_label = "恢复日期" if pipeline.is_resume(lead, target) else pipeline.DATE_LABELS[target]
    initial = {}
    if target == LeadStage.REGISTERED:
        initial = {"company_name": lead.company_name, "uscc": lead.company_uscc, "industry": lead.industry_id}
    if target == LeadStage.SIGNED:
        initial = {"agreed_investment": lead.expected_investment, "contract_title": f"{lead.name}投资协议"}
    return MoveForm(data, initial=initial, shown=pipeline.evidence_fields(lead, target), date_label=date_label,
                    projects=Project.objects.visible_to(request.user), reason_required=target == LeadStage.SHELVED)


@login_required
def lead_move(request, pk, target):
    """Move a lead one stage on (or shelve / resume it) with the evidence the stage needs."""
    lead = _lead_for_edit(request, pk)
    if target not in LeadStage.values:
        raise Http404("未知的线索阶段")
    target = LeadStage(target)
    form = _move_form(request, lead, target, request.POST or None)
    error = pipeline.illegal_move_message(lead, target)
    if request.method == "POST" and not error and form.is_valid():
        evidence = pipeline.MoveEvidence(**{name: value for name, value in form.cleaned_data.items()
                                            if name in pipeline.MoveEvidence.__dataclass_fields__})
        try:
            actions.move_lead(lead, target, actor=request.user, evidence=evidence)
        except pipeline.MoveRefused as refusal:
            error = refusal.message
            for name, message in refusal.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except actions.ActionRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, f"线索已推进至“{target.label}”。" if target != LeadStage.SHELVED else "线索已搁置。")
            return redirect("promotion_lead", pk=lead.pk)
    context = {"lead": lead, "target": target, "form": form, "error": error, "tab": "leads",
               "resume": pipeline.is_resume(lead, target)}
    return render(request, "promotion/lead_move.html", context, status=400 if error else 200)


@login_required
@require_POST
def lead_contract(request, pk):
    """A further agreement for a signed lead: 增资扩产 (only the increment counts) or 协议升级 (adds nothing)."""
    lead = _lead_for_edit(request, pk)
    form = ContractForm(request.POST)
    if not form.is_valid():
        messages.error(request, "协议未登记：" + "；".join(" ".join(errors) for errors in form.errors.values()))
        return redirect("promotion_lead", pk=lead.pk)
    if lead.stage_index < PIPELINE.index(LeadStage.SIGNED):
        messages.error(request, "线索尚未签约，首次签约请通过“推进至签约”登记。")
        return redirect("promotion_lead", pk=lead.pk)
    try:
        contract = actions.record_contract(actor=request.user, lead=lead, **form.cleaned_data)
    except actions.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"已登记{contract.get_kind_display()}协议。")
    return redirect("promotion_lead", pk=lead.pk)

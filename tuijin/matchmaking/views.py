"""产用对接 pages: the 本土产品 list, needs with their suggested local matches, listings, events and counts."""

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.lib import xlsx
from tuijin.lib.params import BadParam
from tuijin.lib.web import form_errors

from . import access, actions, calculations
from .forms import EventForm, InviteForm, NeedFilter, NeedForm, OfferingForm, OutcomeForm, ProductFilter
from .models import ListingStatus, MatchEvent, Need, Offering

PRODUCT_COLUMNS = [xlsx.Column("序号", 6, "int"), xlsx.Column("企业", 28), xlsx.Column("所在园区", 14),
                   xlsx.Column("类型", 8), xlsx.Column("产品名称", 24), xlsx.Column("产品描述", 50),
                   xlsx.Column("行业", 24), xlsx.Column("产能", 18), xlsx.Column("资质认证", 22),
                   xlsx.Column("联系人", 10), xlsx.Column("联系电话", 14), xlsx.Column("发布日期", 12, "date")]


def _filters(request):
    form = ProductFilter(request.GET or None)
    if request.GET and not form.is_valid():
        raise BadParam("筛选条件有误：" + form_errors(form))
    return form, (form.cleaned_data if form.is_bound else {})


@login_required
def products(request):
    form, filters = _filters(request)
    page = Paginator(calculations.products(filters), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "matchmaking/products.html", {
        "form": form, "page": page, "query": query.urlencode(), "tab": "products",
        "may_publish": access.may_publish(request.user)})


@login_required
def products_export(request):
    _form, filters = _filters(request)
    rows = ([n, o.enterprise.name, o.enterprise.park.name if o.enterprise.park else "", o.get_kind_display(), o.name,
             o.description, str(o.industry or o.enterprise.industry), o.capacity, o.certifications,
             o.enterprise.contact_person, o.enterprise.contact_phone, o.published_on]
            for n, o in enumerate(calculations.products(filters).iterator(chunk_size=2000), start=1))
    return xlsx.download(xlsx.workbook("本土产品目录", PRODUCT_COLUMNS, rows, unit="—"), "本土产品目录.xlsx")


@login_required
def needs(request):
    rows = Need.objects.filter(status=ListingStatus.PUBLISHED).select_related("enterprise__park", "industry")
    form = NeedFilter(request.GET)
    if not form.is_valid():
        raise BadParam("筛选条件有误：" + form_errors(form))
    q = form.cleaned_data["q"]
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(enterprise__name__icontains=q))
    page = Paginator(rows.order_by("-published_on", "-pk"), 30).get_page(request.GET.get("page"))
    return render(request, "matchmaking/needs.html", {"page": page, "q": q, "tab": "needs",
                                                      "may_publish": access.may_publish(request.user)})


@login_required
def mine(request):
    """What the user may maintain, every status: their enterprise's, their park's, or (coordinators) all."""
    enterprises = access.publishable_enterprises(request.user)
    offerings = Offering.objects.filter(enterprise__in=enterprises).select_related("enterprise")
    wanted = Need.objects.filter(enterprise__in=enterprises).select_related("enterprise")
    return render(request, "matchmaking/mine.html", {
        "offerings": Paginator(offerings.order_by("-updated_at", "-pk"), 30).get_page(request.GET.get("page")),
        "needs": wanted.order_by("-updated_at", "-pk")[:100], "tab": "mine",
        "may_publish": access.may_publish(request.user)})


def _listing_form(request, form_class, save, instance, kind):
    if not access.may_publish(request.user):
        raise PermissionDenied("只有企业、园区或统筹协调人员可以登记。")
    form = form_class(request.POST or None, instance=instance,
                      enterprises=access.publishable_enterprises(request.user))
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save(actor=request.user, data=form.cleaned_data, publish="publish" in request.POST,
                             **{kind: instance})
            except actions.ActionRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, f"已保存“{saved.name}”（{saved.get_status_display()}）。")
                return redirect("matchmaking_need" if kind == "need" else "matchmaking_mine", *(
                    [saved.pk] if kind == "need" else []))
        else:
            messages.error(request, form_errors(form))
    return render(request, "matchmaking/listing_form.html", {"form": form, "instance": instance, "kind": kind},
                  status=400 if request.method == "POST" else 200)


@login_required
def offering_create(request):
    return _listing_form(request, OfferingForm, actions.save_offering, None, "offering")


@login_required
def offering_edit(request, pk):
    offering = access.editable(request.user, access.visible_offering_or_404(request.user, pk))
    return _listing_form(request, OfferingForm, actions.save_offering, offering, "offering")


@login_required
def need_create(request):
    return _listing_form(request, NeedForm, actions.save_need, None, "need")


@login_required
def need_edit(request, pk):
    need = access.editable(request.user, access.visible_need_or_404(request.user, pk))
    return _listing_form(request, NeedForm, actions.save_need, need, "need")


@login_required
@require_POST
def listing_move(request, pk, move, kind):
    finder = access.visible_need_or_404 if kind == "need" else access.visible_offering_or_404
    listing = access.editable(request.user, finder(request.user, pk))
    try:
        actions.move_listing(listing, actor=request.user, move=move)
        messages.success(request, f"“{listing.name}”已{listing.get_status_display()}。")
    except actions.ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect("matchmaking_need", pk) if kind == "need" else redirect("matchmaking_mine")


@login_required
def need_detail(request, pk):
    need = access.visible_need_or_404(request.user, pk)
    suggestions = calculations.suggest(need, limit=15) if need.status == ListingStatus.PUBLISHED else []
    return render(request, "matchmaking/need_detail.html", {
        "need": need, "suggestions": suggestions, "tab": "needs", "may_publish": access.may_publish(request.user),
        "may_edit": access.can_edit_for(request.user, need.enterprise),
        "outcomes": need.outcomes.select_related("supplier", "event")})


@login_required
def events(request):
    if not access.sees_events(request.user):
        raise PermissionDenied("对接会列表仅供政府工作人员查看；受邀企业可从消息中打开对接会。")
    rows = MatchEvent.objects.select_related("chain").annotate(
        invited=Count("invitations", distinct=True), deals=Count("outcomes", distinct=True))
    page = Paginator(rows.order_by("-held_on", "-pk"), 30).get_page(request.GET.get("page"))
    return render(request, "matchmaking/events.html", {"page": page, "tab": "events",
                                                       "may_publish": access.may_publish(request.user),
                                                       "may_manage": access.can_manage_events(request.user)})


@login_required
def event_create(request):
    if not access.can_manage_events(request.user):
        raise PermissionDenied("对接会由统筹协调人员安排。")
    form = EventForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            event = actions.save_event(actor=request.user, data=form.cleaned_data)
            messages.success(request, f"已安排对接会“{event.title}”，请邀请供需双方。")
            return redirect("matchmaking_event", event.pk)
        messages.error(request, form_errors(form))
    return render(request, "matchmaking/event_form.html", {"form": form, "tab": "events"},
                  status=400 if request.method == "POST" else 200)


@login_required
def event_detail(request, pk):
    event = access.visible_event_or_404(request.user, pk)
    manage = access.can_manage_events(request.user)
    return render(request, "matchmaking/event_detail.html", {
        "event": event, "tab": "events", "may_manage": manage, "may_publish": access.may_publish(request.user),
        "invitations": event.invitations.select_related("enterprise__park"),
        "outcomes": event.outcomes.select_related("supplier", "buyer", "offering", "need"),
        "pairs": calculations.event_pairs(event) if manage else [],
        "invite_form": InviteForm() if manage else None,
        "outcome_form": OutcomeForm(event=event, initial={"recorded_on": event.held_on}) if manage else None})


@login_required
@require_POST
def event_invite(request, pk):
    event = access.managed_event_or_404(request.user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("matchmaking_event", pk)
    try:
        count = actions.invite(event, actor=request.user, suppliers=form.cleaned_data["suppliers"],
                               buyers=form.cleaned_data["buyers"])
        messages.success(request, f"已邀请 {count} 家企业，并已通知其企业用户。" if count else "所选企业均已邀请过。")
    except actions.ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect("matchmaking_event", pk)


@login_required
@require_POST
def event_outcome(request, pk):
    event = access.managed_event_or_404(request.user, pk)
    form = OutcomeForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("matchmaking_event", pk)
    try:
        outcome = actions.record_outcome(event, actor=request.user, data=form.cleaned_data)
        messages.success(request, f"已登记：{outcome}。")
    except actions.ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect("matchmaking_event", pk)


@login_required
def stats(request):
    if not access.sees_events(request.user):
        raise PermissionDenied("对接成效统计仅供政府工作人员查看。")
    year = timezone.localdate().year
    text = request.GET.get("year", "")
    if text:
        if not re.fullmatch(r"[0-9]{4}", text) or not 2000 <= int(text) <= 2100:
            raise BadParam(f"年份“{text[:10]}”无效，应为 2000—2100 之间的四位数字")
        year = int(text)
    counts = calculations.outcome_counts(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return render(request, "matchmaking/stats.html", {"counts": counts, "year": year, "tab": "stats",
                                                      "may_publish": access.may_publish(request.user),
                                                      "years": range(timezone.localdate().year - 3,
                                                                     timezone.localdate().year + 1)})

"""项目情报 pages: the queue with the paste/upload form, an article with its facts highlighted, and the decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tuijin.accounts.access import can_edit_lead, can_edit_project, can_work_leads
from tuijin.lib import params
from tuijin.lib.web import form_errors
from tuijin.promotion.models import Lead

from . import actions, calculations
from .access import article_scope, guard, visible_article_or_404, workable_finding_or_404
from .forms import FindingForm, SubmitForm
from .models import Article, ArticleStatus, Finding, FindingStatus, Origin

PAGE = 30


@login_required
def queue(request):
    guard(request.user)
    status = params.choice(request.GET, "status", ArticleStatus.values, default="")
    articles = Article.objects.filter(article_scope(request.user))
    counts = dict(articles.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    if status:
        articles = articles.filter(status=status)
    articles = articles.annotate(pending=Count("findings", filter=Q(findings__status=FindingStatus.PENDING)),
                                 total=Count("findings")).defer("raw", "text").order_by("-created_at", "-pk")
    page = Paginator(articles, PAGE).get_page(request.GET.get("page"))
    return render(request, "intel/queue.html", {
        "page": page, "status": status, "tabs": [(v, label, counts.get(v, 0)) for v, label in ArticleStatus.choices],
        "form": SubmitForm(), "can_work": can_work_leads(request.user)})


@login_required
@require_POST
def submit(request):
    guard(request.user, work=True)
    form = SubmitForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        raw, is_html, name = form.article_input()
        article, created = actions.submit_article(
            actor=request.user, raw=raw, origin=Origin.UPLOAD if name else Origin.PASTE, file_name=name,
            url=form.cleaned_data.get("url") or "", is_html=is_html, date=form.cleaned_data.get("published_on"))
    except (ValidationError, actions.ActionRefused) as error:
        messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
        return redirect("intel_queue")
    if not created:
        messages.info(request, "这篇文章已处理过，未重复抽取，已为您打开原记录。")
    return redirect("intel_article", pk=article.pk)


@login_required
def article(request, pk):
    article = visible_article_or_404(request.user, pk)
    findings = list(article.findings.select_related("matched_lead", "matched_project", "lead", "decided_by"))
    visible_leads = set(Lead.objects.visible_to(request.user).filter(
        pk__in=[f.matched_lead_id for f in findings if f.matched_lead_id] + [f.lead_id for f in findings if f.lead_id]
    ).values_list("pk", flat=True))
    return render(request, "intel/article.html", {
        "article": article, "rows": calculations.review_rows(article, findings, visible_leads, request.user),
        "segments": calculations.highlight_segments(article.text, calculations.marks(article, findings)),
        "can_work": can_work_leads(request.user)})


@login_required
@require_POST
def accept(request, pk):
    finding = workable_finding_or_404(request.user, pk)
    merge_into = None
    if request.POST.get("merge"):
        merge_into = get_object_or_404(Lead.objects.visible_to(request.user), pk=params.object_id(request.POST, "merge"))
        if not can_edit_lead(request.user, merge_into):
            raise PermissionDenied("您不能修改该线索。")
    try:
        lead = actions.accept(finding, actor=request.user, merge_into=merge_into)
        messages.success(request, f"已{'并入' if merge_into else '登记为'}线索 {lead.code}：{lead.name}")
    except actions.ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect("intel_article", pk=finding.article_id)


@login_required
@require_POST
def reject(request, pk):
    finding = workable_finding_or_404(request.user, pk)
    try:
        actions.reject(finding, actor=request.user, reason=request.POST.get("reason", "").strip())
        messages.success(request, f"已驳回“{finding.name}”")
    except actions.ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect("intel_article", pk=finding.article_id)


@login_required
def edit(request, pk):
    finding = workable_finding_or_404(request.user, pk)
    form = FindingForm(request.POST or None, instance=Finding.objects.get(pk=finding.pk))
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.edit(finding, actor=request.user, data=form.cleaned_data)
                messages.success(request, "已保存修改")
                return redirect("intel_article", pk=finding.article_id)
            except actions.ActionRefused as refused:
                messages.error(request, str(refused))
        else:
            messages.error(request, form_errors(form))
    return render(request, "intel/finding_form.html", {"finding": finding, "form": form})


@login_required
@require_POST
def update_project(request, pk):
    finding = workable_finding_or_404(request.user, pk)
    if finding.matched_project is not None and not can_edit_project(request.user, finding.matched_project):
        raise PermissionDenied("您不能更新该项目的阶段。")
    try:
        project = actions.update_project(finding, actor=request.user, permit_no=request.POST.get("permit_no", ""))
        messages.success(request, f"“{project.name}”已更新为“{project.get_stage_display()}”")
    except actions.ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect("intel_article", pk=finding.article_id)


@login_required
@require_POST
def bulk(request, pk):
    article = visible_article_or_404(request.user, pk)
    guard(request.user, work=True)
    ids = params.ids(request.POST, "findings")
    findings = list(article.findings.filter(pk__in=ids, status=FindingStatus.PENDING))
    if not findings:
        messages.error(request, "请先勾选待审核的项目。")
        return redirect("intel_article", pk=article.pk)
    done, skipped = actions.decide_many(findings, actor=request.user, accept_them=request.POST.get("action") == "accept")
    verb = "采纳" if request.POST.get("action") == "accept" else "驳回"
    messages.success(request, f"已{verb} {done} 项" + (f"，{skipped} 项已由他人审核，已跳过" if skipped else ""))
    return redirect("intel_article", pk=article.pk)

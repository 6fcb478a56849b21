from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tuijin.accounts.access import (
    can_create_enterprise, can_edit_enterprise, can_edit_qualifications, can_raise_need, can_record_service,
    project_scope,
)

from . import actions
from .access import visible_enterprise_or_404
from .forms import (
    AnswerForm, EnterpriseFilterForm, EnterpriseForm, QualificationForm, ServiceRecordForm, YearFiguresForm,
)
from .models import FIGURE_FIELDS, Enterprise, EnterpriseYearFigures, ServiceRecord


def _get_enterprise(request, pk, *, for_edit=False):
    """The enterprise if ``request.user`` may see it (404 otherwise, so its existence does not leak)."""
    enterprise = visible_enterprise_or_404(request.user, pk, "industry", "park", "responsible_official",
                                           "responsible_unit")
    if for_edit and not can_edit_enterprise(request.user, enterprise):
        raise PermissionDenied("您只能查看该企业，无权修改。")
    return enterprise


@login_required
def enterprise_list(request):
    form = EnterpriseFilterForm(request.GET or None)
    queryset = Enterprise.objects.visible_to(request.user).select_related("industry", "park")
    if request.GET:
        queryset = form.apply(queryset)
    # Count and sum only the projects the user may see: the others' existence must not leak through the totals.
    scope = project_scope(request.user, via="projects")
    visible = scope if scope else None
    queryset = queryset.annotate(project_count=Count("projects", filter=visible),
                                 investment=Sum("projects__total_investment", filter=visible))
    page = Paginator(queryset.order_by("name", "pk"), 20).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_create": can_create_enterprise(request.user)}
    template = "enterprises/_results.html" if request.htmx else "enterprises/list.html"
    return render(request, template, context)


@login_required
def enterprise_detail(request, pk):
    enterprise = _get_enterprise(request, pk)
    projects = enterprise.projects.visible_to(request.user).select_related("park")
    context = {
        "enterprise": enterprise,
        "projects": projects,
        "can_edit": can_edit_enterprise(request.user, enterprise),
        **_profile(request, enterprise),
    }
    return render(request, "enterprises/detail.html", context)


def _profile(request, enterprise):
    """The profile tabs: yearly figures, qualifications, service records (进解优促) and the change log."""
    figures = list(enterprise.year_figures.select_related("updated_by").order_by("-year")[:5])
    labels = [(name, EnterpriseYearFigures._meta.get_field(name).verbose_name) for name in FIGURE_FIELDS]
    user = request.user
    return {
        "figure_rows": [(label, [getattr(f, name) for f in figures]) for name, label in labels],
        "figure_years": figures,
        "figures_year": timezone.localdate().year - 1,
        "qualifications": enterprise.qualifications.all(),
        "service_records": enterprise.service_records.select_related("created_by", "answered_by"),
        "events": enterprise.events.select_related("actor")[:30],
        "can_edit_qualifications": can_edit_qualifications(user, enterprise),
        "can_record_service": can_record_service(user, enterprise),
        "can_raise_need": can_raise_need(user, enterprise),
        "qualification_form": QualificationForm() if can_edit_qualifications(user, enterprise) else None,
        "service_form": ServiceRecordForm(initial={"happened_on": timezone.localdate()},
                                          may_record_service=can_record_service(user, enterprise))
        if can_raise_need(user, enterprise) else None,
    }


def _form_data(form):
    """The values the user may change on the form (disabled fields keep what is stored)."""
    return {name: form.cleaned_data[name] for name, field in form.fields.items() if not field.disabled}


@login_required
def enterprise_create(request):
    if not can_create_enterprise(request.user):
        raise PermissionDenied("只有统筹部门和园区可以新增企业。")
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enterprise = actions.create_enterprise(actor=request.user, data=_form_data(form))
        messages.success(request, f"已新增企业“{enterprise.name}”。")
        return redirect("enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form})


@login_required
def enterprise_edit(request, pk):
    enterprise = _get_enterprise(request, pk, for_edit=True)
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        actions.update_enterprise(enterprise, actor=request.user, data=_form_data(form))
        messages.success(request, "企业信息已保存。")
        return redirect("enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise})


@login_required
def enterprise_figures(request, pk, year):
    """Enter or correct one year's figures; the enterprise itself, its park and the bureau may."""
    enterprise = _get_enterprise(request, pk, for_edit=True)
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404("年度无效")
    figures = EnterpriseYearFigures.objects.filter(enterprise=enterprise, year=year).first()
    form = YearFiguresForm(request.POST or None, instance=figures)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_year_figures(enterprise, year, actor=request.user, data=form.figures(),
                                      version=form.cleaned_data["version"])
        except actions.ProfileRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{year}年经营数据已保存。")
            return redirect(f"{reverse('enterprise_detail', args=[enterprise.pk])}#figures")
    return render(request, "enterprises/figures_form.html", {"form": form, "enterprise": enterprise, "year": year})


@login_required
@require_POST
def enterprise_qualification_add(request, pk):
    enterprise = _get_enterprise(request, pk)
    if not can_edit_qualifications(request.user, enterprise):
        raise PermissionDenied("资质由统筹部门或园区核实后登记。")
    form = QualificationForm(request.POST)
    if form.is_valid():
        try:
            qualification = actions.add_qualification(enterprise, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "资质未登记：" + "；".join(error.messages))
        else:
            messages.success(request, f"已登记资质：{qualification.label}。")
    else:
        messages.error(request, "资质未登记：" + "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('enterprise_detail', args=[enterprise.pk])}#qualifications")


@login_required
@require_POST
def enterprise_service_add(request, pk):
    enterprise = _get_enterprise(request, pk)
    if not can_raise_need(request.user, enterprise):
        raise PermissionDenied("只有该企业、服务它的园区和部门或统筹部门可以登记服务记录，区领导只能查看。")
    form = ServiceRecordForm(request.POST, may_record_service=can_record_service(request.user, enterprise))
    if form.is_valid():
        actions.record_service(enterprise, actor=request.user, data=form.cleaned_data)
        messages.success(request, "服务记录已保存。")
    else:
        messages.error(request, "服务记录未保存：" + "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('enterprise_detail', args=[enterprise.pk])}#service")


@login_required
@require_POST
def enterprise_service_answer(request, pk, record_pk):
    enterprise = _get_enterprise(request, pk)
    record = get_object_or_404(ServiceRecord, pk=record_pk, enterprise=enterprise)
    if not can_record_service(request.user, enterprise):
        raise PermissionDenied("只有服务该企业的园区、部门或包保责任人可以答复诉求，区领导只能查看。")
    form = AnswerForm(request.POST)
    try:
        actions.answer_need(record, actor=request.user,
                            response=form.cleaned_data["response"] if form.is_valid() else "")
    except actions.ProfileRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "诉求已答复，企业会收到通知。")
    return redirect(f"{reverse('enterprise_detail', args=[enterprise.pk])}#service")

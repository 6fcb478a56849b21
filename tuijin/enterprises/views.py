from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render

from tuijin.accounts.access import can_create_enterprise, can_edit_enterprise, project_scope
from tuijin.projects.models import Project

from .forms import EnterpriseFilterForm, EnterpriseForm
from .models import Enterprise


def _get_enterprise(request, pk, *, for_edit=False):
    """The enterprise if ``request.user`` may see it (404 otherwise, so its existence does not leak)."""
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related(
            "industry", "park", "responsible_official", "responsible_unit"
        ),
        pk=pk,
    )
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
    scope = project_scope(request.user)
    visible = Q(projects__in=Project.objects.filter(scope)) if scope else None
    queryset = queryset.annotate(project_count=Count("projects", filter=visible),
                                 investment=Sum("projects__total_investment", filter=visible))
    page = Paginator(queryset.order_by("name", "pk"), 20).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_create": can_create_enterprise(request.user)}
    template = "enterprises/_results.html" if request.htmx else "enterprises/list.html"
    return render(request, template, context)


@login_required
def enterprise_detail(request, pk):
    enterprise = _get_enterprise(request, pk)
    projects = Project.objects.visible_to(request.user).filter(enterprise=enterprise).select_related("park")
    context = {
        "enterprise": enterprise,
        "projects": projects,
        "can_edit": can_edit_enterprise(request.user, enterprise),
    }
    return render(request, "enterprises/detail.html", context)


@login_required
def enterprise_create(request):
    if not can_create_enterprise(request.user):
        raise PermissionDenied("只有统筹部门和园区可以新增企业。")
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enterprise = form.save()
        messages.success(request, f"已新增企业“{enterprise.name}”。")
        return redirect("enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form})


@login_required
def enterprise_edit(request, pk):
    enterprise = _get_enterprise(request, pk, for_edit=True)
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "企业信息已保存。")
        return redirect("enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise})

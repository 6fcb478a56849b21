from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render

from tuijin.lib.money import TEN_THOUSAND
from tuijin.projects.models import Project, Stage


@login_required
def home(request):
    """The overview a user lands on: their projects counted by stage, each count a link to the list."""
    projects = Project.objects.visible_to(request.user)
    totals = projects.aggregate(
        count=Count("pk"),
        investment=Sum("total_investment"),
        over_100m=Count("pk", filter=Q(total_investment__gte=TEN_THOUSAND)),
    )
    by_stage = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")))
    stages = [{"stage": stage, "label": stage.label, "count": by_stage.get(stage.value, 0)} for stage in Stage]
    return render(request, "workbench/home.html", {"totals": totals, "stages": stages})

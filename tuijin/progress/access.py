"""The monthly report a user asks for, or a 404."""

from django.shortcuts import get_object_or_404

from tuijin.projects.models import Project

from .models import MonthlyReport


def visible_report_or_404(user, pk):
    """The report if its project is one ``user`` may see (404 otherwise), with the project in one query."""
    visible = MonthlyReport.objects.select_related("project").filter(project__in=Project.objects.visible_to(user))
    return get_object_or_404(visible, pk=pk)

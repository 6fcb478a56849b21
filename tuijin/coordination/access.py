"""The problem a user asks for, or a 404."""

from django.shortcuts import get_object_or_404

from .models import Problem


def visible_problem_or_404(user, pk):
    """The problem ``pk`` if ``user`` may see it; a 404 otherwise, so that its existence does not leak."""
    return get_object_or_404(
        Problem.objects.visible_to(user).select_related(
            "category", "project", "project__responsible_official", "enterprise", "enterprise__responsible_official",
            "lead_department", "filed_by", "meeting",
        ),
        pk=pk,
    )

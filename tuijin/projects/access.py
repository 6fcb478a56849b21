"""The project a user asks for, or a 404: one helper for every page that opens a project."""

from django.shortcuts import get_object_or_404

from .models import Project


def visible_project_or_404(user, pk):
    """The project ``pk`` if ``user`` may see it; a 404 otherwise, so that its existence does not leak."""
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("enterprise", "park", "responsible_unit",
                                                        "responsible_official"),
        pk=pk,
    )

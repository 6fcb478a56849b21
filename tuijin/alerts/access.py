"""The warning a user asks for, or a 404."""

from django.shortcuts import get_object_or_404

from .models import Warning


def visible_warning_or_404(user, pk):
    """The warning ``pk`` if ``user`` may see its project; a 404 otherwise."""
    return get_object_or_404(
        Warning.objects.visible_to(user).select_related("project", "project__park", "project__responsible_unit"),
        pk=pk,
    )

"""The lead a user asks for, or a 404."""

from django.shortcuts import get_object_or_404

from .models import Lead


def visible_lead_or_404(user, pk):
    """The lead ``pk`` if ``user`` may see it; a 404 otherwise, so that its existence does not leak."""
    return get_object_or_404(
        Lead.objects.visible_to(user).select_related("chain", "segment", "park", "unit", "owner", "industry",
                                                     "enterprise", "project", "target_company"),
        pk=pk,
    )

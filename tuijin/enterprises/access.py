"""The enterprise a user asks for, or a 404: one helper for every page that opens an enterprise."""

from django.shortcuts import get_object_or_404

from .models import Enterprise


def visible_enterprise_or_404(user, pk, *related):
    """The enterprise ``pk`` if ``user`` may see it; a 404 otherwise, so that its existence does not leak."""
    return get_object_or_404(Enterprise.objects.visible_to(user).select_related(*related), pk=pk)

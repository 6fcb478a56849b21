"""Coordinators run the system from the Django admin without being superusers."""

from .access import is_coordinator


def is_append_only(model) -> bool:
    """Event tables (``ProjectEvent``, ``ReportEvent`` … every ``*Event`` model) are history: written once, never edited."""
    return model is not None and model.__name__.endswith("Event")


class CoordinatorAdminMixin:
    """Coordinators may view, add and change; deleting stays with superusers, as records are evidence.

    An event table's admin (or inline) is read-only for everyone, the superuser included: no add,
    no change, no delete and so no "delete selected" action — a history that can be rewritten
    proves nothing.
    """

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_add_permission(self, request, *args):
        return is_coordinator(request.user) and not is_append_only(self.model)

    def has_change_permission(self, request, obj=None):
        return is_coordinator(request.user) and not is_append_only(self.model)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and not is_append_only(self.model)

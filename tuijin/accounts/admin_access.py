"""Coordinators run the system from the Django admin without being superusers."""

from .access import is_coordinator


class CoordinatorAdminMixin:
    """Coordinators may view, add and change; deleting stays with superusers, as records are evidence."""

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_add_permission(self, request, *args):
        return is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import Warning, WarningEvent, WarningRule


@admin.register(WarningRule)
class WarningRuleAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["key", "enabled", "yellow", "orange", "red", "unit", "updated_at"]


class EventInline(CoordinatorAdminMixin, admin.TabularInline):
    model = WarningEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "from_level", "to_level", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Warning)
class WarningAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """Read-only: warnings change through the scan and the disposal pages, which keep the history."""

    list_display = ["project", "rule", "level", "status", "first_raised_at", "level_changed_at", "closed_at"]
    list_filter = ["rule", "level", "status"]
    search_fields = ["project__name", "project__code"]
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """The record of every import: who loaded which file, when, and what it found. Read-only: it is evidence."""

    list_display = ["original_name", "kind", "status", "created_by", "created_at", "applied_at"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name", "created_by__username", "created_by__full_name"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

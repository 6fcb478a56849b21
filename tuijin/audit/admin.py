from django.contrib import admin

from tuijin.accounts.access import can_see_audit

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only for everyone, the superuser included: the log is evidence (the /audit/ page searches it)."""

    list_display = ["at", "actor_name", "source", "action", "model_label", "object_repr", "address"]
    list_filter = ["source", "action", "model_label"]
    search_fields = ["object_repr", "object_pk", "actor_name", "address"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return can_see_audit(request.user)

    def has_view_permission(self, request, obj=None):
        return can_see_audit(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

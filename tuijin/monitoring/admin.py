"""The key-enterprise list and the drop thresholds are kept by coordinators here; monthly figures and drop
warnings are read-only (they change through the workflow and the warning scan, so every change is logged)."""

from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import DropRule, KeyEnterprise, MonthlyFigures


@admin.register(KeyEnterprise)
class KeyEnterpriseAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["enterprise", "since", "note"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise"]


@admin.register(DropRule)
class DropRuleAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["indicator", "fall", "months", "enabled"]

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MonthlyFigures)
class MonthlyFiguresAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["enterprise", "year", "month", "output", "revenue", "status"]
    list_filter = ["status", "year"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    list_select_related = ["enterprise"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

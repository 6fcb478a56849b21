from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import MonthlyReport, ReportEvent, ReportingSettings, YearlyPlan


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["deadline_day"]

    def has_add_permission(self, request, *args):
        return not ReportingSettings.objects.exists() and super().has_add_permission(request)


@admin.register(YearlyPlan)
class YearlyPlanAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["project", "year", "planned_investment", "plans_start", "plans_complete", "plans_operate"]
    list_filter = ["year", "plans_start", "plans_complete"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]


class ReportEventInline(CoordinatorAdminMixin, admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "reason", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonthlyReport)
class MonthlyReportAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """Read-only here: reports change through the workflow so that every change is logged and counted."""

    list_display = ["project", "year", "month", "completed_investment", "status"]
    list_filter = ["status", "year", "month"]
    search_fields = ["project__name", "project__code"]
    list_select_related = ["project"]
    inlines = [ReportEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args):
        return False

"""Coordinators maintain chains, segments and their companies here; leads, contracts and arrivals move only
through the pages (and their actions), so their stage and counted figures are read-only in the admin."""

from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import (
    Activity, ChainMember, ChainSegment, Contract, FundArrival, IndustryChain, Lead, LeadEvent, SegmentProject,
    Target, TargetCompany,
)


class SegmentInline(CoordinatorAdminMixin, admin.TabularInline):
    model = ChainSegment
    extra = 1
    fields = ["order", "name", "position", "description"]
    show_change_link = True


@admin.register(IndustryChain)
class IndustryChainAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["name", "lead_unit", "sort_order"]
    search_fields = ["name"]
    inlines = [SegmentInline]


class MemberInline(CoordinatorAdminMixin, admin.TabularInline):
    model = ChainMember
    extra = 1
    autocomplete_fields = ["enterprise"]


class TargetCompanyInline(CoordinatorAdminMixin, admin.TabularInline):
    model = TargetCompany
    extra = 1


class SegmentProjectInline(CoordinatorAdminMixin, admin.TabularInline):
    model = SegmentProject
    extra = 1
    raw_id_fields = ["project"]


@admin.register(ChainSegment)
class ChainSegmentAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["chain", "order", "name", "position"]
    list_filter = ["chain", "position"]
    search_fields = ["name", "chain__name"]
    inlines = [MemberInline, TargetCompanyInline, SegmentProjectInline]


class LeadEventInline(CoordinatorAdminMixin, admin.TabularInline):
    model = LeadEvent
    extra = 0
    can_delete = False
    fields = ["occurred_on", "created_at", "kind", "actor", "from_stage", "to_stage", "reason", "evidence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Lead)
class LeadAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["code", "company_name", "name", "stage", "chain", "park", "owner", "expected_investment"]
    list_filter = ["stage", "source", "chain", "park"]
    search_fields = ["code", "company_name", "name"]
    list_select_related = ["chain", "park", "owner"]
    raw_id_fields = ["enterprise", "project", "target_company"]
    # The stage moves only through the pipeline (with its evidence and log), never by a raw edit.
    readonly_fields = ["stage", "stage_entered_on", "shelved_from", "shelved_reason", "registered_on", "landed_on",
                       "enterprise", "project", "created_by", "created_at", "updated_at"]
    inlines = [LeadEventInline]


@admin.register(Contract)
class ContractAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["signed_on", "kind", "lead", "project", "agreed_investment", "counted_investment",
                    "capital_source"]
    list_filter = ["kind", "capital_source"]
    search_fields = ["lead__company_name", "project__name", "title"]
    raw_id_fields = ["lead", "project"]
    readonly_fields = ["kind", "counted_investment", "recorded_by", "created_at"]


@admin.register(FundArrival)
class FundArrivalAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["project", "year", "month", "domestic", "foreign", "recorded_by", "updated_at"]
    list_filter = ["year"]
    search_fields = ["project__name", "project__code"]
    raw_id_fields = ["project"]
    readonly_fields = ["recorded_by", "updated_at"]


@admin.register(Target)
class TargetAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["period_start", "period_kind", "unit", "metric", "value", "updated_by"]
    list_filter = ["period_kind", "metric", "unit"]


@admin.register(Activity)
class ActivityAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["held_on", "kind", "title", "unit"]
    list_filter = ["kind", "unit"]
    search_fields = ["title", "companies_met"]
    filter_horizontal = ["leads", "chains"]

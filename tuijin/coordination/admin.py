from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import Meeting, Problem, ProblemAssignment, ProblemCategory, ProblemEvent


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """The categories are the coordinators' to edit: add one, rename one, or switch one off."""

    list_display = ["name", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


class ReadOnlyInline(CoordinatorAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AssignmentInline(ReadOnlyInline):
    model = ProblemAssignment
    fields = ["department", "role", "assigned_at", "accept_due", "accepted_at", "deadline", "replied_at",
              "went_overdue", "ended_at", "end_reason"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ProblemEvent
    fields = ["created_at", "kind", "actor", "department", "from_status", "to_status", "from_level", "to_level",
              "reason"]
    readonly_fields = fields


@admin.register(Problem)
class ProblemAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """For looking things up: the loop itself runs on the problem pages, which keep the timeline."""

    list_display = ["code", "title", "kind", "status", "level", "lead_department", "deadline", "created_at"]
    list_filter = ["kind", "status", "level", "category"]
    search_fields = ["code", "title", "project__name", "enterprise__name"]
    list_select_related = ["lead_department"]
    inlines = [AssignmentInline, EventInline]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "held_at", "place"]
    list_filter = ["kind"]
    raw_id_fields = ["projects", "agenda"]

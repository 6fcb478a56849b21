from django.contrib import admin

from tuijin.core.admin_access import CoordinatorAdminMixin

from .models import EventKind, Project, ProjectEvent


class ProjectEventInline(CoordinatorAdminMixin, admin.TabularInline):
    model = ProjectEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "from_stage", "to_stage", "evidence", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "enterprise", "park", "stage", "level", "total_investment"]
    list_filter = ["stage", "level", "category", "park"]
    search_fields = ["code", "national_code", "name", "enterprise__name"]
    list_select_related = ["enterprise", "park"]
    autocomplete_fields = ["enterprise"]
    # The stage moves only through the lifecycle (with its evidence and log), never by a raw edit.
    readonly_fields = ["stage", "stage_changed_at", "suspended_from", "version", "created_at", "updated_at"]
    inlines = [ProjectEventInline]

    def save_model(self, request, obj, form, change):
        """Admin edits go into the project's history like any other edit."""
        if not change:
            super().save_model(request, obj, form, change)
            ProjectEvent.objects.create(project=obj, kind=EventKind.CREATED, actor=request.user,
                                        to_stage=obj.stage, version=obj.version)
            return
        obj.version += 1
        super().save_model(request, obj, form, change)
        changes = [{"field": name, "label": str(form.fields[name].label), "old": str(form.initial.get(name) or ""),
                    "new": str(form.cleaned_data.get(name) or "")} for name in form.changed_data]
        if changes:
            ProjectEvent.objects.create(project=obj, kind=EventKind.EDITED, actor=request.user, changes=changes,
                                        version=obj.version, evidence={"via": "admin"})


@admin.register(ProjectEvent)
class ProjectEventAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "project", "kind", "actor", "from_stage", "to_stage"]
    list_filter = ["kind"]
    list_select_related = ["project", "actor"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django import forms
from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from . import events
from .actions import StaleEdit, describe_changes
from .models import Project, ProjectEvent


class ProjectAdminForm(forms.ModelForm):
    """The admin's project form, refusing to overwrite a save made after it was opened.

    The page carries the version it was loaded at; ``clean`` locks the row (the admin saves in
    one transaction) and compares, so of two coordinators editing at once the second is told
    who saved first instead of silently undoing their change, as on the project's own edit page.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.loaded = Project.objects.select_for_update().filter(pk=self.instance.pk).first()
            if self.loaded is not None and self.loaded.version != cleaned.get("loaded_version"):
                raise forms.ValidationError(str(StaleEdit(self.loaded)), code="stale")
        return cleaned


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
    form = ProjectAdminForm
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
            events.project_created(obj, actor=request.user)
            return
        changes = describe_changes(form.loaded, {name: form.cleaned_data[name] for name in form.changed_data
                                                 if name != "loaded_version"})
        obj.version += 1
        super().save_model(request, obj, form, change)
        if changes:
            events.project_edited(obj, actor=request.user, changes=changes, evidence={"via": "admin"})


@admin.register(ProjectEvent)
class ProjectEventAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "project", "kind", "actor", "from_stage", "to_stage"]
    list_filter = ["kind"]
    list_select_related = ["project", "actor"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

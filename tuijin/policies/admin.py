from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from . import actions
from .models import AutoGrantItem, AutoGrantRun, Clause, ClauseVersion, Policy, PolicyEvent


class ClauseInline(admin.TabularInline):
    model = Clause
    fields = ["code", "title", "automatic", "version", "is_active"]
    readonly_fields = ["version"]
    extra = 0
    show_change_link = True


@admin.register(Policy)
class PolicyAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["title", "document_number", "issuer", "valid_from", "valid_to", "is_example"]
    search_fields = ["title", "document_number", "code"]
    inlines = [ClauseInline]


@admin.register(Clause)
class ClauseAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """Rules are edited on the site (validated, versioned by ``actions.save_clause``); here they are read."""

    list_display = ["title", "policy", "automatic", "version", "is_active"]
    list_filter = ["automatic", "is_active"]
    search_fields = ["title", "code"]
    readonly_fields = ["policy", "code", "definition", "version"]

    def has_add_permission(self, request, *args):
        return False  # clauses come from the library or the site's clause editor, both validated and versioned

    def save_model(self, request, obj, form, change):
        original = Clause.objects.get(pk=obj.pk)
        actions.save_clause(original, actor=request.user, note="后台修改",
                            data={name: getattr(obj, name) for name in form.changed_data})


class WrittenByActionsAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """Rows that only the actions write (a rule version by ``save_clause``, a run and its items by ``create_run``
    and the reviews): read here, never added or changed. Every field is read-only, so an "add" form saved an
    empty row and crashed on its NOT NULL columns."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClauseVersion)
class ClauseVersionAdmin(WrittenByActionsAdmin):
    list_display = ["clause", "version", "created_at", "created_by", "note"]
    readonly_fields = [f.name for f in ClauseVersion._meta.fields]


@admin.register(AutoGrantRun)
class AutoGrantRunAdmin(WrittenByActionsAdmin):
    list_display = ["title", "data_year", "as_of", "status", "created_at"]
    readonly_fields = [f.name for f in AutoGrantRun._meta.fields]


@admin.register(AutoGrantItem)
class AutoGrantItemAdmin(WrittenByActionsAdmin):
    list_display = ["run", "enterprise", "clause", "amount", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in AutoGrantItem._meta.fields]


@admin.register(PolicyEvent)
class PolicyEventAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "actor", "clause", "run", "reason"]
    readonly_fields = [f.name for f in PolicyEvent._meta.fields]

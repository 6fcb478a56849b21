from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import Enterprise, Industry


@admin.register(Industry)
class IndustryAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]


@admin.register(Enterprise)
class EnterpriseAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["name", "uscc", "industry", "scale", "park", "responsible_unit"]
    list_filter = ["scale", "park"]
    search_fields = ["name", "uscc"]
    list_select_related = ["industry", "park", "responsible_unit"]
    autocomplete_fields = ["industry"]

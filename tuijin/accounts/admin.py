from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(User)
class UserAdmin(CoordinatorAdminMixin, BaseUserAdmin):
    list_display = ["username", "full_name", "role", "organisation", "enterprise", "is_active"]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["username", "full_name", "phone"]
    autocomplete_fields = ["enterprise"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("身份与单位", {"fields": ["full_name", "phone", "email", "role", "organisation", "enterprise"]}),
        ("权限", {"fields": ["is_active", "is_superuser"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2", "full_name", "role", "organisation", "enterprise"]}),
    ]

    def has_change_permission(self, request, obj=None):
        # A coordinator must not take over a superuser's account, e.g. by setting its password.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser can make another superuser.
        return [] if request.user.is_superuser else ["is_superuser", "last_login", "date_joined"]

from django.contrib import admin, messages

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from . import actions
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    """Coordinators see every token and may revoke one; tokens are created by their owner (or the command)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username", "user__full_name"]
    list_select_related = ["user"]
    fields = ["name", "user", "prefix", "key_hash", "created_at", "created_by", "last_used_at", "revoked_at",
              "revoked_by"]
    readonly_fields = ["user", "prefix", "key_hash", "created_at", "created_by", "last_used_at", "revoked_at",
                       "revoked_by"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request, *args):
        # The plain token must be shown to its owner once: that happens on /api-tokens/ or in create_api_token.
        return False

    @admin.action(description="吊销所选令牌")
    def revoke_selected(self, request, queryset):
        revoked = sum(actions.revoke_token(token, actor=request.user) for token in queryset)
        self.message_user(request, f"已吊销 {revoked} 个令牌。", messages.SUCCESS)

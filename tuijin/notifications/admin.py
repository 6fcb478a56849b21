from django.contrib import admin

from tuijin.accounts.admin_access import CoordinatorAdminMixin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]

    def has_change_permission(self, request, obj=None):
        return False

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tuijin.notifications"
    verbose_name = "消息通知"

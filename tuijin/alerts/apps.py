from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """跟踪预警 and 挂图作战. Named ``alerts`` so that nothing can mistake it for the stdlib ``warnings``."""

    name = "tuijin.alerts"
    label = "alerts"
    verbose_name = "预警"

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "tuijin.monitoring"
    verbose_name = "重点企业监测"

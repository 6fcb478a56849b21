from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "tuijin.monitoring"
    verbose_name = "重点企业监测"

    def ready(self):
        from tuijin.audit import registry

        from . import importers  # noqa: F401  (registers the 重点企业月度数据 sheet)
        from .models import DropRule, KeyEnterprise, MonthlyFigures

        registry.register(KeyEnterprise)
        registry.register(MonthlyFigures)
        registry.register(DropRule)

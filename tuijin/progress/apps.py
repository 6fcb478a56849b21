from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "tuijin.progress"
    verbose_name = "投资计划与进度"

    def ready(self):
        # Plug-ins register with the import and export frameworks, which import no domain app.
        from . import exports, importers  # noqa: F401
        from tuijin.audit import registry

        from .models import YearlyPlan, MonthlyReport, ReportPhoto, ReportingSettings

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(YearlyPlan)
        registry.register(MonthlyReport)
        registry.register(ReportPhoto)
        registry.register(ReportingSettings)

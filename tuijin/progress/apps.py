from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_kpi_triggers(sender, using, **kwargs):
    """SQLite loses a table's triggers when a later migration rebuilds the table: put them back."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from . import kept

    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    if ("progress", "0004_kept_kpi_cells") in MigrationRecorder(connection).applied_migrations() \
            and not kept.TRIGGERS.installed(connection):
        kept.TRIGGERS.install(connection)


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

        post_migrate.connect(_reinstall_kpi_triggers, sender=self)

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_cell_triggers(sender, using, **kwargs):
    """SQLite loses a table's triggers when a later migration rebuilds the table: put them back."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from . import triggers, warningcells

    connection = connections[using]
    if connection.vendor not in triggers.TRIGGER_NAMES:
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if ("alerts", "0003_dashboard_cell_triggers") in applied and not triggers.installed(connection):
        triggers.install(connection)
    if ("alerts", "0010_warning_cells") in applied and not warningcells.TRIGGERS.installed(connection):
        warningcells.TRIGGERS.install(connection)


class AlertsConfig(AppConfig):
    """跟踪预警 and 挂图作战. Named ``alerts`` so that nothing can mistake it for the stdlib ``warnings``."""

    name = "tuijin.alerts"
    label = "alerts"
    verbose_name = "预警"

    def ready(self):
        from tuijin.audit import registry

        from . import enterprise_rules  # noqa: F401  (adds 重点企业指标下滑 to the scan's rules)
        from .models import WarningRule, Warning

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(WarningRule)
        registry.register(Warning)

        post_migrate.connect(_reinstall_cell_triggers, sender=self)

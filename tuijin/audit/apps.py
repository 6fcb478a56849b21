from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_triggers(sender, using, **kwargs):
    """SQLite drops a table's triggers when a migration rebuilds it: put the append-only guard back."""
    from django.db import connections

    from . import triggers

    connection = connections[using]
    if triggers.migrated(connection) and not triggers.installed(connection):
        triggers.install(connection)


class AuditConfig(AppConfig):
    """The append-only audit log (a framework: it imports ``lib`` and ``accounts``, never a domain app)."""

    name = "tuijin.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self):
        from django.apps import apps

        from tuijin.accounts.models import Organisation, User

        from . import registry

        # accounts and core sit below the frameworks and may not call up into this app, so their
        # records are registered here: accounts by import (allowed), core's holidays by label.
        registry.register(Organisation)
        registry.register(User)  # password hash and last_login are never logged (registry.ALWAYS_EXCLUDED)
        registry.register(apps.get_model("core", "HolidayYear"))
        registry.register(apps.get_model("core", "HolidayDay"))
        post_migrate.connect(_reinstall_triggers, sender=self)

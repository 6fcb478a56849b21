from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_search(sender, using, **kwargs):
    """SQLite drops a table's triggers when a later migration rebuilds it: put the FTS ones back (and rebuild)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from . import search

    connection = connections[using]
    if connection.vendor == "sqlite" and not search.fts_installed(connection) and \
            ("projects", "0008_search_and_order_indexes") in MigrationRecorder(connection).applied_migrations():
        search.install(connection)


class ProjectsConfig(AppConfig):
    name = "tuijin.projects"
    verbose_name = "项目"

    def ready(self):
        # Plug-ins register with the import and export frameworks, which import no domain app.
        from . import exports, importers  # noqa: F401
        from tuijin.audit import registry

        from .models import Project, ProjectAttachment

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(Project, exclude=['version'])
        registry.register(ProjectAttachment)

        post_migrate.connect(_reinstall_search, sender=self)

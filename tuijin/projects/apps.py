from django.apps import AppConfig


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

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tuijin.projects"
    verbose_name = "项目"

    def ready(self):
        # Plug-ins register with the import and export frameworks, which import no domain app.
        from . import exports, importers  # noqa: F401

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tuijin.projects"
    verbose_name = "项目"

    def ready(self):
        from tuijin.audit import registry

        from .models import Project

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(Project, exclude=['version'])

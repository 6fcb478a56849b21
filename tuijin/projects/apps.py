from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tuijin.projects"
    verbose_name = "项目"

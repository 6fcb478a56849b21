from django.apps import AppConfig


class NodePlansConfig(AppConfig):
    name = "tuijin.nodeplans"
    verbose_name = "促建流程"

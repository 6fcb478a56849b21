from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "tuijin.progress"
    verbose_name = "投资计划与进度"

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "tuijin.imports"
    verbose_name = "数据导入"

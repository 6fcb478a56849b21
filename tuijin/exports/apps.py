from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "tuijin.exports"
    verbose_name = "数据导出"

from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "tuijin.intel"
    verbose_name = "项目情报"

from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "tuijin.coordination"
    verbose_name = "问题协调（吹哨报到）"

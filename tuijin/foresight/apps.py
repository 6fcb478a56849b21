from django.apps import AppConfig


class ForesightConfig(AppConfig):
    name = "tuijin.foresight"
    verbose_name = "预测研判"

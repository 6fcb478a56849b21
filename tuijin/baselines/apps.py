from django.apps import AppConfig


class BaselinesConfig(AppConfig):
    name = "tuijin.baselines"
    verbose_name = "基线对比"

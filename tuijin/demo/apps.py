from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo district and ``seed_demo``/``seed_problems``: the top layer, free to use every app below it."""

    name = "tuijin.demo"
    verbose_name = "演示数据"

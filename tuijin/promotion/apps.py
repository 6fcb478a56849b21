from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "tuijin.promotion"
    verbose_name = "招商引资"

    def ready(self):
        # Lead and target importers register with the imports framework, which imports no domain app.
        from . import importers  # noqa: F401

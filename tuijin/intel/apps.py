from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "tuijin.intel"
    verbose_name = "项目情报"

    def ready(self):
        from tuijin.audit import registry

        from . import tasks  # the watch folder's periodic scan registers with huey
        from .models import Article, Finding

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(Article)
        registry.register(Finding)
        assert tasks.scan_watch_folder

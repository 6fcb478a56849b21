from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CoreConfig(AppConfig):
    name = "tuijin.core"
    verbose_name = "核心"

    def ready(self):
        from tuijin.lib.workdays import forget_entered_years, use_entered_days

        from .models import HolidayDay, HolidayYear, entered_days

        use_entered_days(entered_days)

        for model in (HolidayYear, HolidayDay):
            post_save.connect(forget_entered_years, sender=model, dispatch_uid=f"forget-{model.__name__}-save")
            post_delete.connect(forget_entered_years, sender=model, dispatch_uid=f"forget-{model.__name__}-delete")

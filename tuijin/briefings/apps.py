from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "tuijin.briefings"
    verbose_name = "报表简报"

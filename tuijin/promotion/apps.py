from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "tuijin.promotion"
    verbose_name = "招商引资"

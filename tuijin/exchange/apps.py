from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "tuijin.exchange"
    verbose_name = "数据上报"

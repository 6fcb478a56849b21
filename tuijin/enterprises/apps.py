from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "tuijin.enterprises"
    verbose_name = "企业"

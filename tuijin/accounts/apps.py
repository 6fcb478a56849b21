from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tuijin.accounts"
    verbose_name = "组织与用户"
